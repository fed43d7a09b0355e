import { assertNever } from '../util/assert-never.js'
import { MultipleHeadsError, RelativeWalkError, UnknownCurrentRevisionError, UnknownTargetError } from './errors.js'
import type { RevisionGraph } from './graph.js'
import { parseTarget } from './target-parse.js'
import { walkRelative, type BranchScope, type WalkPosition } from './target-walk.js'

export { parseTarget, type TargetExpression } from './target-parse.js'

/**
 * What a target means: a database state, given as the revisions that would be
 * its heads (`revisions`; empty = base).
 *
 * - `head`, `<label>@head`, `<rev>@head`: that one head; `heads`: every head
 *   but those that are only another revision's dependency (they come along anyway).
 * - `<rev>` (full id, ≥4-char prefix, or branch label = the revision declaring it).
 * - `+N`/`-N` walk from the database's current heads, `<rev>±N` from a revision,
 *   `head-N` from the single head, `<label>@±N` from where the database is on that branch.
 *   Walking down from a merge point lands on all of its parents.
 * - `<label>@base`: the state just below the branch's first revision.
 */
export interface ResolvedTarget {
  /** The target as typed, for messages. */
  readonly text: string
  readonly revisions: readonly string[]
  /**
   * Set by the `<label>@…` forms: a downgrade to this target reverts only that
   * branch's revisions (and what depends on them), leaving sibling branches alone.
   */
  readonly branch: string | null
  /** The way a target relative to the database (`+N`, `-N`, `<label>@±N`) walked; null for the others. */
  readonly walked: 'up' | 'down' | null
}

/**
 * Resolves a target string against the graph. `currentHeads` (the version
 * table's rows) is only read by the forms relative to the database.
 *
 * @example
 * resolveTarget(graph, 'head').revisions        // ['3f1c2a9b7d10']
 * resolveTarget(graph, '-1', ['3f1c2a9b7d10'])  // its downRevision(s), or [] at a root
 */
export function resolveTarget(
  graph: RevisionGraph,
  text: string,
  currentHeads: readonly string[] = [],
): ResolvedTarget {
  // After the keywords, an exact id or label wins over the grammar, so a label like `v-2` still works.
  const isKeyword = text === 'head' || text === 'heads' || text === 'base'
  if (!isKeyword && (graph.has(text) || graph.labelOwner(text) !== undefined)) {
    return fixed(text, [graph.resolve(text)], null)
  }

  const expression = parseTarget(text)
  switch (expression.kind) {
    case 'heads':
      return fixed(text, graph.realHeads, null)
    case 'head':
      return fixed(text, singleHead(graph, text), null)
    case 'base':
      return fixed(text, [], null)
    case 'revision':
      return fixed(text, [graph.resolve(expression.ref)], null)
    case 'headRelative': {
      const start = { ids: singleHead(graph, text), belowBranch: false }
      return fixed(text, walkRelative(graph, text, start, expression.steps).ids, null)
    }
    case 'revisionRelative': {
      const start = { ids: [graph.resolve(expression.ref)], belowBranch: false }
      return fixed(text, walkRelative(graph, text, start, expression.steps).ids, null)
    }
    case 'relative': {
      const ids = checkedHeads(graph, currentHeads)
      if (ids.length > 1) {
        const sign = expression.steps > 0 ? '+' : '-'
        throw new RelativeWalkError(
          text,
          `the database has several heads (${ids.map((id) => `'${id}'`).join(', ')}); ` +
            `use '<branch>@${sign}N' or '<rev>${sign}N'`,
        )
      }
      const end = walkRelative(graph, text, { ids, belowBranch: false }, expression.steps)
      return { text, revisions: end.ids, branch: null, walked: direction(expression.steps) }
    }
    case 'branchHead': {
      const from = graph.resolve(expression.ref)
      const above = graph.descendants([from], { includeDependencies: false, inclusive: true })
      const heads = graph.heads.filter((id) => above.has(id))
      if (heads.length > 1) throw new MultipleHeadsError(text, heads)
      const branch = graph.labelOwner(expression.ref) === undefined ? null : expression.ref
      return { text, revisions: heads, branch, walked: null }
    }
    case 'branchBase': {
      const scope = branchScope(graph, text, expression.ref)
      return { text, revisions: graph.parentsOf(scope.base), branch: scope.label, walked: null }
    }
    case 'branchRelative': {
      const scope = branchScope(graph, text, expression.ref)
      const start = branchPosition(graph, text, scope, checkedHeads(graph, currentHeads))
      const end = walkRelative(graph, text, start, expression.steps, scope)
      return { text, revisions: end.ids, branch: scope.label, walked: direction(expression.steps) }
    }
    default:
      return assertNever(expression)
  }
}

function fixed(text: string, revisions: readonly string[], branch: string | null): ResolvedTarget {
  return { text, revisions, branch, walked: null }
}

function direction(steps: number): 'up' | 'down' {
  return steps > 0 ? 'up' : 'down'
}

/**
 * The one head of the graph; no revisions at all counts as base. A head that
 * is only another revision's dependency does not count: it is applied with
 * its dependent (Alembic would call `head` ambiguous there and want `heads`).
 */
function singleHead(graph: RevisionGraph, text: string): readonly string[] {
  if (graph.realHeads.length > 1) throw new MultipleHeadsError(text, graph.realHeads)
  return graph.realHeads
}

/** The version table's rows, checked against the graph and without repeats. */
export function checkedHeads(graph: RevisionGraph, currentHeads: readonly string[]): readonly string[] {
  for (const id of currentHeads) if (!graph.has(id)) throw new UnknownCurrentRevisionError(id)
  return [...new Set(currentHeads)]
}

function branchScope(graph: RevisionGraph, text: string, label: string): BranchScope {
  if (graph.labelOwner(label) === undefined) {
    throw new UnknownTargetError(text, `'${label}' is not a branch label`)
  }
  const members = graph.branchMembers(label)
  // The lowest member is the one whose downRevisions are all off the branch;
  // the membership rule makes it unique.
  let base: string | undefined
  for (const id of members) {
    if (!graph.parentsOf(id).some((parent) => members.has(parent))) {
      base = id
      break
    }
  }
  return { label, members, base: base as string }
}

/** Where the database is on a branch: its highest applied revision, or just below the branch. */
function branchPosition(
  graph: RevisionGraph,
  text: string,
  scope: BranchScope,
  currentHeads: readonly string[],
): WalkPosition {
  const applied = graph.ancestors(currentHeads, { inclusive: true })
  const appliedMembers = [...scope.members].filter((id) => applied.has(id))
  const tops = appliedMembers.filter(
    (id) => !graph.childrenOf(id).some((child) => applied.has(child) && scope.members.has(child)),
  )
  if (tops.length > 1) {
    throw new RelativeWalkError(
      text,
      `branch '${scope.label}' is applied up to several revisions ` +
        `(${tops.map((id) => `'${id}'`).join(', ')}); name one of them`,
    )
  }
  if (tops.length === 1) return { ids: tops, belowBranch: false }
  return { ids: graph.parentsOf(scope.base), belowBranch: true }
}
