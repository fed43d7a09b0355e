import type { RevisionGraph } from './graph.js'

/**
 * The revisions a branch label declared on `owner` covers. Alembic's rule, so
 * that labels mean the same thing to users coming from it:
 * - the owner and everything above it through downRevision (a merge above it
 *   belongs to every branch it joins);
 * - the owner's single-parent chain below it, stopping before a revision that
 *   is a branch point (through either kind of edge) or a merge point — so a
 *   label put on the tip of a linear chain still names the whole chain.
 */
export function branchMembers(graph: RevisionGraph, owner: string): ReadonlySet<string> {
  const members = graph.descendants([owner], { includeDependencies: false, inclusive: true })
  let current = owner
  for (;;) {
    const parents = graph.parentsOf(current)
    if (parents.length !== 1) break
    const parent = parents[0]
    if (graph.allChildrenOf(parent).length > 1 || graph.isMergePoint(parent)) break
    members.add(parent)
    current = parent
  }
  return members
}
