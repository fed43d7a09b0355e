import type { RevisionGraph } from './graph.js'
import type { ResolvedTarget } from './targets.js'

/**
 * The revisions a database at `target` must not have applied: everything
 * above the target's revisions through either kind of edge (so dependents go
 * too), all revisions for base. A branch-scoped target (`b@base`, `b@-2`) only
 * claims that branch's revisions and what stands on them, so sibling branches
 * stay. The target's own revisions and their ancestors are never included,
 * even when one target revision lies above another.
 */
export function revisionsAboveTarget(graph: RevisionGraph, target: ResolvedTarget): Set<string> {
  const targets = target.revisions
  const above = targets.length === 0 ? new Set(graph.ids()) : graph.descendants(targets)
  let result = above
  if (target.branch !== null) {
    const members = graph.branchMembers(target.branch)
    const roots = [...members].filter((id) => above.has(id))
    result = graph.descendants(roots, { inclusive: true })
  }
  if (targets.length > 0) {
    for (const id of graph.ancestors(targets, { inclusive: true })) result.delete(id)
  }
  return result
}

/**
 * The version-table rows that describe an applied set: its revisions that no
 * other applied revision stands on (through either kind of edge).
 */
export function headsOfApplied(graph: RevisionGraph, applied: ReadonlySet<string>): string[] {
  return graph.topologicalOrder.filter(
    (id) => applied.has(id) && !graph.allChildrenOf(id).some((child) => applied.has(child)),
  )
}
