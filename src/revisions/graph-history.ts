import type { RevisionGraph } from './graph.js'
import { parseRange } from './target-range.js'
import { checkedHeads, resolveTarget } from './targets.js'

/**
 * The markers `tsmig history` prints after a revision, Alembic's words, in
 * the order it prints them. An `effective head` has no child but is a
 * dependency of another revision: once that one is applied, the version
 * table no longer lists it.
 */
export type HistoryMarker = 'head' | 'effective head' | 'current' | 'branchpoint' | 'mergepoint'

export interface HistoryEntry {
  readonly revision: string
  readonly markers: readonly HistoryMarker[]
}

export interface HistoryOptions {
  /** `A:B`, `:B` or `A:`; each side a target, or `current` for the database's rows. */
  readonly range?: string
  /** The version table's rows: marks `current`, and anchors relative range ends. */
  readonly currentHeads?: readonly string[]
}

/**
 * The revisions for `tsmig history`, newest first (every revision before its
 * downRevisions and dependencies, one branch at a time), optionally limited
 * to a range: revisions at or above its lower end and at or below its upper end.
 */
export function historyEntries(graph: RevisionGraph, options: HistoryOptions = {}): HistoryEntry[] {
  const current = new Set(checkedHeads(graph, options.currentHeads ?? []))
  const inRange = options.range === undefined ? () => true : rangeFilter(graph, options.range, [...current])
  const entries: HistoryEntry[] = []
  for (let index = graph.topologicalOrder.length - 1; index >= 0; index--) {
    const revision = graph.topologicalOrder[index]
    if (inRange(revision)) entries.push({ revision, markers: markersOf(graph, revision, current) })
  }
  return entries
}

/** The markers of one revision; `current` holds the database's version rows. */
export function markersOf(graph: RevisionGraph, revision: string, current: ReadonlySet<string> = new Set()): HistoryMarker[] {
  const markers: HistoryMarker[] = []
  if (graph.isHead(revision)) markers.push(graph.dependentsOf(revision).length === 0 ? 'head' : 'effective head')
  if (current.has(revision)) markers.push('current')
  if (graph.isBranchPoint(revision)) markers.push('branchpoint')
  if (graph.isMergePoint(revision)) markers.push('mergepoint')
  return markers
}

function rangeFilter(
  graph: RevisionGraph,
  range: string,
  currentHeads: readonly string[],
): (revision: string) => boolean {
  const { lower, upper } = parseRange(range)
  const endpoint = (text: string): readonly string[] =>
    text === 'current' ? currentHeads : resolveTarget(graph, text, currentHeads).revisions
  // An empty lower end is base: nothing is below it, so it bounds nothing.
  const lowerIds = lower === undefined ? [] : endpoint(lower)
  const above = lowerIds.length === 0 ? undefined : graph.descendants(lowerIds, { inclusive: true })
  const below = upper === undefined ? undefined : graph.ancestors(endpoint(upper), { inclusive: true })
  return (revision) => (above === undefined || above.has(revision)) && (below === undefined || below.has(revision))
}
