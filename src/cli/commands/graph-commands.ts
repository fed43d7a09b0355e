import type { RevisionHeader } from '../../revisions/revision-header.js'
import { historyEntries, type HistoryMarker } from '../../revisions/graph-history.js'
import type { Output } from '../output.js'
import { Project, withConnection, type GlobalOptions, type Revisions } from '../project.js'

export interface ReadOptions extends GlobalOptions {
  readonly verbose?: boolean
  readonly json?: boolean
}

export interface RevisionLine {
  readonly revision: string
  readonly downRevisions: readonly string[]
  readonly message: string
  readonly branchLabels: readonly string[]
  readonly markers: readonly HistoryMarker[]
  readonly file: string
}

function describe(revisions: Revisions, id: string, markers: readonly HistoryMarker[]): RevisionLine {
  const header = revisions.byId.get(id) as RevisionHeader
  return {
    revision: id,
    downRevisions: header.downRevisions,
    message: header.message,
    branchLabels: header.branchLabels,
    markers,
    file: header.file,
  }
}

/** Alembic's one-line form: `a1b2 -> c3d4 (head) (branch), message`. */
function formatLine(out: Output, line: RevisionLine, verbose: boolean): string {
  const parents = line.downRevisions.length === 0 ? '<base>' : line.downRevisions.join(', ')
  const labels = line.branchLabels.length === 0 ? '' : ` (${line.branchLabels.join(', ')})`
  const markers = line.markers.map((m) => ` (${m})`).join('')
  const text = `${parents} -> ${out.color.bold(line.revision)}${out.color.cyan(markers)}${labels}, ${line.message}`
  return verbose ? `${text}\n    ${out.color.dim(line.file)}` : text
}

function print(out: Output, lines: readonly RevisionLine[], options: ReadOptions): void {
  if (options.json) out.line(JSON.stringify(lines, null, 2))
  else for (const line of lines) out.line(formatLine(out, line, options.verbose ?? false))
}

/** `tsmig heads`: the heads of the graph (no database needed). */
export async function headsCommand(options: ReadOptions, out: Output): Promise<RevisionLine[]> {
  const revisions = await (await Project.open(options)).revisions()
  const lines = revisions.graph.heads.map((id) => describe(revisions, id, ['head']))
  print(out, lines, options)
  return lines
}

/** `tsmig branches`: the branch points and the revisions that start each branch. */
export async function branchesCommand(options: ReadOptions, out: Output): Promise<RevisionLine[]> {
  const revisions = await (await Project.open(options)).revisions()
  const lines = revisions.graph.branchPoints.map((id) => describe(revisions, id, ['branchpoint']))
  if (options.json) out.line(JSON.stringify(lines, null, 2))
  else {
    for (const line of lines) {
      out.line(formatLine(out, line, options.verbose ?? false))
      for (const child of revisions.graph.childrenOf(line.revision)) {
        out.line(`    -> ${child}, ${revisions.byId.get(child)?.message ?? ''}`)
      }
    }
  }
  return lines
}

/** `tsmig history [-r A:B]`: newest first, with markers; `current` when the database answers. */
export async function historyCommand(options: ReadOptions & { readonly range?: string; readonly withCurrent?: boolean }, out: Output): Promise<RevisionLine[]> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const current = options.withCurrent ? await withConnection(project, (c) => c.versionTable.readHeads(c.db)) : []
  const entries = historyEntries(revisions.graph, { range: options.range, currentHeads: current })
  const lines = entries.map((e) => describe(revisions, e.revision, e.markers))
  print(out, lines, options)
  return lines
}

/** `tsmig show REV`: one revision in full. */
export async function showCommand(options: ReadOptions & { readonly revision: string }, out: Output): Promise<RevisionLine> {
  const revisions = await (await Project.open(options)).revisions()
  const id = revisions.graph.resolve(options.revision)
  const header = revisions.byId.get(id)!
  const markers: HistoryMarker[] = []
  if (revisions.graph.isHead(id)) markers.push('head')
  if (revisions.graph.isBranchPoint(id)) markers.push('branchpoint')
  if (revisions.graph.isMergePoint(id)) markers.push('mergepoint')
  const line = describe(revisions, id, markers)
  if (options.json) out.line(JSON.stringify({ ...line, dependsOn: header.dependsOn, createdAt: header.createdAt }, null, 2))
  else {
    out.line(`Rev: ${id}${markers.map((m) => ` (${m})`).join('')}`)
    out.line(`Parent: ${header.downRevisions.length === 0 ? '<base>' : header.downRevisions.join(', ')}`)
    if (header.dependsOn.length > 0) out.line(`Depends on: ${header.dependsOn.join(', ')}`)
    if (header.branchLabels.length > 0) out.line(`Branch names: ${header.branchLabels.join(', ')}`)
    out.line(`Path: ${header.file}`)
    if (header.createdAt) out.line(`Create Date: ${header.createdAt}`)
    out.line('')
    out.line(`    ${header.message}`)
  }
  return line
}

/** `tsmig current`: the database's version rows. */
export async function currentCommand(options: ReadOptions, out: Output): Promise<RevisionLine[]> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const current = await withConnection(project, (c) => c.versionTable.readHeads(c.db))
  const lines = current.map((id) => {
    if (!revisions.byId.has(id)) {
      return { revision: id, downRevisions: [], message: '(no revision file defines this id)', branchLabels: [], markers: ['current' as const], file: '' }
    }
    const markers: HistoryMarker[] = revisions.graph.isHead(id) ? ['head', 'current'] : ['current']
    return describe(revisions, id, markers)
  })
  if (options.json) out.line(JSON.stringify(lines, null, 2))
  else if (lines.length === 0) out.line('(base) no revision applied')
  else for (const line of lines) out.line(options.verbose ? formatLine(out, line, true) : `${line.revision}${line.markers.includes('head') ? ' (head)' : ''}`)
  return lines
}
