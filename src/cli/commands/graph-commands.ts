import { UnknownCurrentRevisionError } from '../../revisions/errors.js'
import { historyEntries, markersOf, type HistoryMarker } from '../../revisions/graph-history.js'
import { resolveTarget } from '../../revisions/targets.js'
import { formatLogEntry, formatRevisionLine, type LineParts, type RevisionLine } from '../format-revision.js'
import type { Output } from '../output.js'
import { Project, withConnection, type GlobalOptions, type Revisions } from '../project.js'

export type { RevisionLine } from '../format-revision.js'

// The graph commands read revision headers as text and never import a
// revision module; only `current`, `history --indicate-current` and
// `show current` connect to the database.

export interface ReadOptions extends GlobalOptions {
  /** Alembic's `--verbose`: the full entry of each revision, as `show` prints it. */
  readonly verbose?: boolean
  readonly json?: boolean
}

function describe(revisions: Revisions, id: string, markers: readonly HistoryMarker[]): RevisionLine {
  const header = revisions.byId.get(id)
  if (header === undefined) throw new Error(`internal: revision '${id}' is in the graph but has no header`)
  return {
    revision: id,
    downRevisions: header.downRevisions,
    dependsOn: header.dependsOn,
    message: header.message,
    branchLabels: revisions.graph.labelsOf(id),
    markers,
    file: header.file,
    createdAt: header.createdAt,
    children: revisions.graph.childrenOf(id),
  }
}

function print(out: Output, lines: readonly RevisionLine[], options: ReadOptions, parts: LineParts): void {
  if (options.json) out.line(JSON.stringify(lines, null, 2))
  else if (options.verbose) for (const line of lines) for (const text of formatLogEntry(out, line)) out.line(text)
  else for (const line of lines) out.line(formatRevisionLine(out, line, parts))
}

async function readCurrent(project: Project): Promise<string[]> {
  return withConnection(project, (connection) => connection.versionTable.readHeads(connection.db))
}

/** `tsmig heads`: the heads of the graph, `rev (labels) (head)` (no database needed). */
export async function headsCommand(options: ReadOptions, out: Output): Promise<RevisionLine[]> {
  const revisions = await (await Project.open(options)).revisions()
  const { graph } = revisions
  const lines = graph.heads.map((id) => describe(revisions, id, markersOf(graph, id)))
  print(out, lines, options, { labels: true })
  return lines
}

/** `tsmig branches`: each branch point, then the revisions that start its branches. */
export async function branchesCommand(options: ReadOptions, out: Output): Promise<RevisionLine[]> {
  const revisions = await (await Project.open(options)).revisions()
  const { graph } = revisions
  const branchPoints = new Set(graph.branchPoints)
  // Newest first, like history.
  const ids = [...graph.topologicalOrder].reverse().filter((id) => branchPoints.has(id))
  const lines = ids.map((id) => describe(revisions, id, markersOf(graph, id)))
  if (options.json) {
    out.line(JSON.stringify(lines, null, 2))
    return lines
  }
  for (const line of lines) {
    if (options.verbose) for (const text of formatLogEntry(out, line)) out.line(text)
    else out.line(formatRevisionLine(out, line, { labels: true, tree: true }))
    const indent = ' '.repeat(line.revision.length)
    for (const child of line.children) {
      const childLine = describe(revisions, child, markersOf(graph, child))
      out.line(`${indent} -> ${formatRevisionLine(out, childLine, { labels: true, tree: true, message: options.verbose })}`)
    }
    out.line('')
  }
  return lines
}

/** `tsmig history [-r A:B] [--indicate-current]`: newest first, Alembic's markers and format. */
export async function historyCommand(
  options: ReadOptions & { readonly range?: string; readonly withCurrent?: boolean },
  out: Output,
): Promise<RevisionLine[]> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  // A range that mentions `current` needs the database as well.
  const needsCurrent = options.withCurrent === true || (options.range !== undefined && /(^|:)current(:|$)/.test(options.range))
  const current = needsCurrent ? await readCurrent(project) : []
  const entries = historyEntries(revisions.graph, {
    range: options.range,
    currentHeads: current,
  })
  const lines = entries.map((entry) =>
    describe(revisions, entry.revision, options.withCurrent ? entry.markers : entry.markers.filter((m) => m !== 'current')),
  )
  print(out, lines, options, { parents: true, labels: true, tree: true, message: true })
  return lines
}

/**
 * `tsmig show REV`: the full entry of the revision(s) a target names — an id,
 * a partial id, a label, `head`, `heads`, `<label>@head` — or `current` for
 * the database's version rows.
 */
export async function showCommand(options: ReadOptions & { readonly revision: string }, out: Output): Promise<RevisionLine[]> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const { graph } = revisions
  const current = options.revision === 'current' ? await readCurrent(project) : undefined
  const ids = current ?? resolveTarget(graph, options.revision).revisions
  const currentSet = new Set(current)
  const lines = ids.map((id) => {
    if (!graph.has(id)) throw new UnknownCurrentRevisionError(id)
    return describe(revisions, id, markersOf(graph, id, currentSet))
  })
  print(out, lines, { ...options, verbose: true }, {})
  return lines
}

/** `tsmig current`: the database's version rows, `rev (head)`. */
export async function currentCommand(options: ReadOptions, out: Output): Promise<RevisionLine[]> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const current = await readCurrent(project)
  const { graph } = revisions
  const lines = current.map((id): RevisionLine => {
    if (!graph.has(id)) {
      return {
        revision: id,
        downRevisions: [],
        dependsOn: [],
        message: '(no revision file defines this id)',
        branchLabels: [],
        markers: [],
        file: '',
        createdAt: null,
        children: [],
      }
    }
    return describe(revisions, id, markersOf(graph, id))
  })
  if (!options.json && !options.verbose && lines.length === 0) out.line('(base) no revision applied')
  else if (!options.json && !options.verbose) {
    for (const line of lines) {
      const unknown = line.file === '' ? `  ${line.message}` : ''
      out.line(`${formatRevisionLine(out, line, { tree: true })}${unknown}`)
    }
  } else print(out, lines, options, {})
  return lines
}
