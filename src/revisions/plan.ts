import { TargetDirectionError } from './errors.js'
import type { RevisionGraph } from './graph.js'
import { postOrder } from './graph-walk.js'
import { revisionsAboveTarget } from './plan-scope.js'
import { checkedHeads, resolveTarget, type ResolvedTarget } from './targets.js'

/**
 * One migration to run, with the version-table change that goes in the same
 * transaction. The version table holds one row per current head (Alembic), so:
 * a linear step removes its parent's row and adds its own; the first revision
 * of a root, or a branch started under a revision that stays below another
 * head, only adds; a merge removes its parents' rows and adds its own; an
 * unmerge does the reverse.
 */
export interface MigrationStep {
  readonly revision: string
  readonly direction: 'up' | 'down'
  /** Version rows to delete. */
  readonly removeVersions: readonly string[]
  /** Version rows to insert. */
  readonly addVersions: readonly string[]
}

/**
 * Everything a database with these version rows has applied: the rows and
 * all their ancestors through downRevision and dependsOn (the table stores
 * heads only). Throws `UnknownCurrentRevisionError` for a row no revision defines.
 */
export function appliedRevisions(graph: RevisionGraph, currentHeads: readonly string[]): Set<string> {
  return graph.ancestors(checkedHeads(graph, currentHeads), { inclusive: true })
}

/**
 * The steps that bring the database to `target`: every unapplied revision
 * the target needs (its revisions and their ancestors, dependencies included),
 * parents first. Revisions on other branches are left alone; a target that is
 * already applied gives no steps.
 */
export function planUpgrade(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string | ResolvedTarget,
): MigrationStep[] {
  const heads = checkedHeads(graph, currentHeads)
  const resolved = typeof target === 'string' ? resolveTarget(graph, target, heads) : target
  if (resolved.walked === 'down') {
    throw new TargetDirectionError(
      resolved.text,
      `walks down from the current revision; use 'tsmig downgrade ${resolved.text}'`,
    )
  }
  const applied = graph.ancestors(heads, { inclusive: true })
  // Applied revisions are neither listed nor walked past: their ancestors are applied too.
  const order = postOrder(resolved.revisions, (id) => graph.allParentsOf(id), (id) => !applied.has(id))

  const rows = new Set(heads)
  return order.map((revision) => {
    const removeVersions = graph.allParentsOf(revision).filter((parent) => rows.has(parent))
    for (const parent of removeVersions) rows.delete(parent)
    rows.add(revision)
    return { revision, direction: 'up', removeVersions, addVersions: [revision] }
  })
}

/**
 * The steps that bring the database down to `target`: every applied
 * revision above it (dependents included), children before parents. `base`
 * unwinds every branch; a branch-scoped target (`b@base`, `b@-1`) only that
 * branch. Every revision of the target must be applied.
 */
export function planDowngrade(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: string | ResolvedTarget,
): MigrationStep[] {
  const heads = checkedHeads(graph, currentHeads)
  const resolved = typeof target === 'string' ? resolveTarget(graph, target, heads) : target
  if (resolved.walked === 'up') {
    throw new TargetDirectionError(
      resolved.text,
      `walks up from the current revision; use 'tsmig upgrade ${resolved.text}'`,
    )
  }
  const applied = graph.ancestors(heads, { inclusive: true })
  const unapplied = resolved.revisions.filter((id) => !applied.has(id))
  if (unapplied.length > 0) {
    throw new TargetDirectionError(
      resolved.text,
      `is not applied (${unapplied.map((id) => `'${id}'`).join(', ')}); a downgrade only reverts, use 'tsmig upgrade'`,
    )
  }
  const reverting = revisionsAboveTarget(graph, resolved)
  for (const id of reverting) if (!applied.has(id)) reverting.delete(id)
  // Every applied revision lies below a row, so walking down from the rows
  // reaches all of them; reversed, the post-order puts children first.
  const order = postOrder([...heads, ...reverting], (id) => graph.allParentsOf(id), (id) => reverting.has(id)).reverse()

  const rows = new Set(heads)
  return order.map((revision) => {
    if (!rows.has(revision)) {
      // Cannot happen: children go first, so the revision is a head of what is applied by now.
      throw new Error(`internal: revision '${revision}' is reverted while it is not a current head`)
    }
    rows.delete(revision)
    applied.delete(revision)
    // A parent becomes a head again unless something still applied stands on it.
    const addVersions = graph
      .allParentsOf(revision)
      .filter((parent) => !rows.has(parent) && !graph.allChildrenOf(parent).some((child) => applied.has(child)))
    for (const parent of addVersions) rows.add(parent)
    return { revision, direction: 'down', removeVersions: [revision], addVersions }
  })
}

/** The version rows after running `steps` from `currentHeads`, in a stable order. */
export function headsAfter(currentHeads: readonly string[], steps: readonly MigrationStep[]): string[] {
  const rows = new Set(currentHeads)
  for (const step of steps) {
    for (const id of step.removeVersions) rows.delete(id)
    for (const id of step.addVersions) rows.add(id)
  }
  return [...rows]
}
