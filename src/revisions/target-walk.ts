import { RelativeWalkError } from './errors.js'
import type { RevisionGraph } from './graph.js'

/** A branch a relative walk is confined to. */
export interface BranchScope {
  readonly label: string
  readonly members: ReadonlySet<string>
  /** The branch's lowest revision. */
  readonly base: string
}

/**
 * Where a walk stands: revision ids, empty for base. `belowBranch` marks the
 * state just under a scoped branch's first revision (its parents, or base).
 */
export interface WalkPosition {
  readonly ids: readonly string[]
  readonly belowBranch: boolean
}

function list(ids: readonly string[]): string {
  return ids.map((id) => `'${id}'`).join(', ')
}

/**
 * Walks `steps` revisions up (positive) or down (negative) from `start`
 * through downRevision edges. A step has to be unambiguous: up from a branch
 * point or down from a merge's parents is an error, as is walking past a head
 * or past base. A branch scope keeps the walk on that branch's revisions.
 */
export function walkRelative(
  graph: RevisionGraph,
  target: string,
  start: WalkPosition,
  steps: number,
  branch?: BranchScope,
): WalkPosition {
  return steps > 0 ? walkUp(graph, target, start, steps, branch) : walkDown(graph, target, start, -steps, branch)
}

function walkUp(
  graph: RevisionGraph,
  target: string,
  start: WalkPosition,
  steps: number,
  branch: BranchScope | undefined,
): WalkPosition {
  let ids = start.ids
  let below = start.belowBranch
  for (let done = 0; done < steps; done++) {
    if (ids.length > 1) {
      throw new RelativeWalkError(target, `it starts from several revisions (${list(ids)}); name one of them`)
    }
    let candidates: readonly string[]
    if (branch !== undefined && below) {
      candidates = [branch.base]
    } else {
      candidates = ids.length === 0 ? graph.bases : graph.childrenOf(ids[0])
      if (branch !== undefined) candidates = candidates.filter((id) => branch.members.has(id))
    }
    if (candidates.length === 0) {
      const where = ids.length === 0 ? 'there are no revisions' : `'${ids[0]}' is a head${onBranch(branch)}`
      throw new RelativeWalkError(target, `${where}; the walk goes past the end after ${done} of ${steps} steps`)
    }
    if (candidates.length > 1) {
      const where = ids.length === 0 ? 'there are several bases' : `'${ids[0]}' is a branch point with children`
      throw new RelativeWalkError(
        target,
        `${where} ${list(candidates)}; the walk would cross a fork, so name one of them or use '<branch>@+N'`,
      )
    }
    ids = candidates
    below = false
  }
  return { ids, belowBranch: below }
}

function walkDown(
  graph: RevisionGraph,
  target: string,
  start: WalkPosition,
  steps: number,
  branch: BranchScope | undefined,
): WalkPosition {
  let ids = start.ids
  let below = start.belowBranch
  for (let done = 0; done < steps; done++) {
    if (below || ids.length === 0) {
      const where = below ? `the base of branch '${(branch as BranchScope).label}'` : 'base'
      throw new RelativeWalkError(target, `the walk goes past ${where} after ${done} of ${steps} steps`)
    }
    if (ids.length > 1) {
      throw new RelativeWalkError(
        target,
        `after ${done} of ${steps} steps it reaches several revisions (${list(ids)}), the parents of a merge point; ` +
          `the walk would cross a fork, so name one of them or use '<branch>@-N'`,
      )
    }
    let parents = graph.parentsOf(ids[0])
    if (branch !== undefined) {
      const onTheBranch = parents.filter((id) => branch.members.has(id))
      if (onTheBranch.length > 0) parents = onTheBranch
      else below = true
    }
    ids = parents
  }
  return { ids, belowBranch: below }
}

function onBranch(branch: BranchScope | undefined): string {
  return branch === undefined ? '' : ` of branch '${branch.label}'`
}
