import type { HistoryMarker } from '../revisions/graph-history.js'
import type { Output } from './output.js'

/** One revision as the graph commands print it (and as `--json` gives it). */
export interface RevisionLine {
  readonly revision: string
  readonly downRevisions: readonly string[]
  readonly dependsOn: readonly string[]
  readonly message: string
  /** The labels of every branch the revision is on, declared here or inherited (as Alembic shows them). */
  readonly branchLabels: readonly string[]
  readonly markers: readonly HistoryMarker[]
  readonly file: string
  readonly createdAt: string | null
  /** The revisions that name this one as their downRevision. */
  readonly children: readonly string[]
}

export interface LineParts {
  /** `parents (dependencies) -> ` before the id. */
  readonly parents?: boolean
  readonly labels?: boolean
  /** `, message` at the end. */
  readonly message?: boolean
  /** `(branchpoint)` and `(mergepoint)`; head and current markers are always shown. */
  readonly tree?: boolean
}

const TREE_MARKERS: ReadonlySet<HistoryMarker> = new Set(['branchpoint', 'mergepoint'])

function list(ids: readonly string[]): string {
  return ids.join(', ')
}

function downRevisionText(line: RevisionLine): string {
  return line.downRevisions.length === 0 ? '<base>' : list(line.downRevisions)
}

/**
 * Alembic's one-line form, e.g. `a1b2 (c3d4) -> e5f6 (shop) (head) (mergepoint), message`:
 * parents with dependencies in brackets, the id, branch labels, markers, message.
 */
export function formatRevisionLine(out: Output, line: RevisionLine, parts: LineParts): string {
  let text = out.color.bold(line.revision)
  if (parts.parents) {
    const dependencies = line.dependsOn.length === 0 ? '' : ` (${list(line.dependsOn)})`
    text = `${downRevisionText(line)}${dependencies} -> ${text}`
  }
  if (parts.labels && line.branchLabels.length > 0) text += ` (${list(line.branchLabels)})`
  const markers = line.markers.filter((marker) => parts.tree || !TREE_MARKERS.has(marker))
  text += out.color.cyan(markers.map((marker) => ` (${marker})`).join(''))
  if (parts.message) text += `, ${line.message}`
  return text
}

/** Alembic's `show` / `--verbose` block: one field per line, then the message indented, then a blank line. */
export function formatLogEntry(out: Output, line: RevisionLine): string[] {
  const lines = [`Rev: ${out.color.bold(line.revision)}${out.color.cyan(line.markers.map((marker) => ` (${marker})`).join(''))}`]
  lines.push(line.downRevisions.length > 1 ? `Merges: ${downRevisionText(line)}` : `Parent: ${downRevisionText(line)}`)
  if (line.dependsOn.length > 0) lines.push(`Also depends on: ${list(line.dependsOn)}`)
  if (line.children.length > 1) lines.push(`Branches into: ${list(line.children)}`)
  if (line.branchLabels.length > 0) lines.push(`Branch names: ${list(line.branchLabels)}`)
  lines.push(`Path: ${line.file}`)
  if (line.createdAt !== null) lines.push(`Create Date: ${line.createdAt}`)
  lines.push('', ...line.message.split('\n').map((text) => `    ${text}`), '')
  return lines
}
