import type { RevisionGraph } from './graph.js'
import { headsOfApplied, revisionsAboveTarget } from './plan-scope.js'
import { checkedHeads, resolveTarget, type ResolvedTarget } from './targets.js'

/** The version-table change `tsmig stamp` makes, and the rows it leaves. */
export interface StampChange {
  readonly removeVersions: readonly string[]
  readonly addVersions: readonly string[]
  readonly heads: readonly string[]
}

export interface StampOptions {
  /**
   * Empty the version table first, whatever it holds (even revisions no file
   * defines), then record the target alone.
   */
  readonly purge?: boolean
}

/**
 * `tsmig stamp TARGET`: records the database as being at the target without
 * running anything. The branches the target is on move to it (up or down);
 * unrelated branches keep their rows, as in Alembic. `base` clears the table.
 */
export function planStamp(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string | ResolvedTarget,
  options: StampOptions = {},
): StampChange {
  if (options.purge === true) {
    const resolved = typeof target === 'string' ? resolveTarget(graph, target) : target
    const heads = headsOfApplied(graph, graph.ancestors(resolved.revisions, { inclusive: true }))
    const current = [...new Set(currentHeads)]
    return { removeVersions: current, addVersions: heads, heads }
  }
  const current = checkedHeads(graph, currentHeads)
  const resolved = typeof target === 'string' ? resolveTarget(graph, target, current) : target
  const applied = graph.ancestors(current, { inclusive: true })
  for (const id of revisionsAboveTarget(graph, resolved)) applied.delete(id)
  for (const id of graph.ancestors(resolved.revisions, { inclusive: true })) applied.add(id)
  const heads = headsOfApplied(graph, applied)
  const kept = new Set(heads)
  return {
    removeVersions: current.filter((id) => !kept.has(id)),
    addVersions: heads.filter((id) => !current.includes(id)),
    heads,
  }
}
