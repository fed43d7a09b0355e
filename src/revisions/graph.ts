import { AmbiguousRevisionError, RevisionCycleError, UnknownTargetError } from './errors.js'
import { indexRevisions, type RevisionIndex, type RevisionNode } from './graph-index.js'
import { branchMembers } from './graph-labels.js'
import { postOrderOrCycle, reachable } from './graph-walk.js'

export type { RevisionNode } from './graph-index.js'

/** Partial revision ids must be at least this long, so that `ab` is never a guess. */
export const MIN_PARTIAL_ID_LENGTH = 4

export interface WalkOptions {
  /** Follow `dependsOn` edges as well as `downRevision` ones (default true). */
  readonly includeDependencies?: boolean
  /** Include the starting revisions themselves (default false). */
  readonly inclusive?: boolean
}

const NONE: readonly string[] = []

/**
 * The revision graph, Alembic's semantics: `downRevision` edges make the
 * branches, heads and bases; `dependsOn` edges order revisions across branches
 * (and pull dependencies in on upgrade) without making their target a non-head.
 * Pure data: built from the revision headers, no file or database access.
 *
 * @example
 * const graph = RevisionGraph.build([
 *   { id: 'a1', downRevisions: [], dependsOn: [], branchLabels: [] },
 *   { id: 'b2', downRevisions: ['a1'], dependsOn: [], branchLabels: [] },
 * ])
 * graph.heads // ['b2']
 */
export class RevisionGraph {
  /** Revisions that no revision names as its downRevision, in input order. */
  readonly heads: readonly string[]
  /**
   * Heads that no revision names in dependsOn either (Alembic's "real" heads).
   * A head that is only some revision's dependency is an "effective head":
   * once its dependent is applied the version table no longer lists it, so
   * the `heads` target and `merge heads` leave it out.
   */
  readonly realHeads: readonly string[]
  /** Revisions without a downRevision (roots), in input order. */
  readonly bases: readonly string[]
  /** Revisions with more than one child through downRevision. */
  readonly branchPoints: readonly string[]
  /** Revisions with more than one downRevision. */
  readonly mergePoints: readonly string[]
  /** Every revision after all of its downRevisions and dependencies (oldest first). */
  readonly topologicalOrder: readonly string[]

  private readonly children = new Map<string, string[]>()
  private readonly dependents = new Map<string, string[]>()
  private readonly allParents = new Map<string, readonly string[]>()
  private readonly allChildren = new Map<string, string[]>()
  private readonly membersByLabel = new Map<string, ReadonlySet<string>>()
  private labelsById: Map<string, string[]> | undefined

  private constructor(private readonly index: RevisionIndex) {
    const ids = [...index.nodes.keys()]
    for (const id of ids) {
      this.children.set(id, [])
      this.dependents.set(id, [])
      this.allChildren.set(id, [])
    }
    for (const id of ids) {
      const parents = index.parents.get(id) as readonly string[]
      const dependencies = index.dependencies.get(id) as readonly string[]
      for (const parent of parents) this.children.get(parent)?.push(id)
      for (const dependency of dependencies) this.dependents.get(dependency)?.push(id)
      for (const upper of [...parents, ...dependencies]) this.allChildren.get(upper)?.push(id)
      this.allParents.set(id, dependencies.length === 0 ? parents : [...parents, ...dependencies])
    }
    this.heads = ids.filter((id) => this.childrenOf(id).length === 0)
    this.realHeads = this.heads.filter((id) => this.dependentsOf(id).length === 0)
    this.bases = ids.filter((id) => this.parentsOf(id).length === 0)
    this.branchPoints = ids.filter((id) => this.childrenOf(id).length > 1)
    this.mergePoints = ids.filter((id) => this.parentsOf(id).length > 1)

    // Starting from the heads gives a reading order that finishes one branch
    // before the next; the other ids make sure a cycle with no head is found too.
    const result = postOrderOrCycle([...this.heads, ...ids], (id) => this.allParentsOf(id))
    if ('cycle' in result) throw new RevisionCycleError(result.cycle, result.cycle.map((id) => index.nodes.get(id)?.source))
    this.topologicalOrder = result.order
  }

  /** Validates the nodes (ids, references, labels, cycles) and builds the graph. */
  static build(nodes: readonly RevisionNode[]): RevisionGraph {
    return new RevisionGraph(indexRevisions(nodes))
  }

  /**
   * This graph with one more revision, validated like any other: a new
   * revision's branch labels and references are checked before its file is
   * written, so a bad `--branch-label` never leaves a graph that every later
   * command refuses.
   */
  withRevision(node: RevisionNode): RevisionGraph {
    return RevisionGraph.build([...this.index.nodes.values(), node])
  }

  get size(): number {
    return this.index.nodes.size
  }

  /** Every revision id, in input order. */
  ids(): readonly string[] {
    return [...this.index.nodes.keys()]
  }

  has(id: string): boolean {
    return this.index.nodes.has(id)
  }

  get(id: string): RevisionNode | undefined {
    return this.index.nodes.get(id)
  }

  /** The revision's downRevisions. */
  parentsOf(id: string): readonly string[] {
    return this.edges(this.index.parents, id)
  }

  /** The revision's dependsOn entries, resolved to ids (those already among its downRevisions left out). */
  dependenciesOf(id: string): readonly string[] {
    return this.edges(this.index.dependencies, id)
  }

  /** downRevisions then dependencies: everything that must be applied before the revision. */
  allParentsOf(id: string): readonly string[] {
    return this.edges(this.allParents, id)
  }

  /** Revisions that name this one as a downRevision. */
  childrenOf(id: string): readonly string[] {
    return this.edges(this.children, id)
  }

  /** Revisions that name this one in dependsOn. */
  dependentsOf(id: string): readonly string[] {
    return this.edges(this.dependents, id)
  }

  /** Children and dependents: everything that must be reverted before the revision. */
  allChildrenOf(id: string): readonly string[] {
    return this.edges(this.allChildren, id)
  }

  isHead(id: string): boolean {
    return this.childrenOf(id).length === 0
  }

  isBranchPoint(id: string): boolean {
    return this.childrenOf(id).length > 1
  }

  isMergePoint(id: string): boolean {
    return this.parentsOf(id).length > 1
  }

  /** Every revision below `ids` (through dependsOn too, unless told otherwise). */
  ancestors(ids: Iterable<string>, options: WalkOptions = {}): Set<string> {
    const next = options.includeDependencies === false ? this.parentsOf : this.allParentsOf
    return this.walk(ids, next.bind(this), options.inclusive === true)
  }

  /** Every revision above `ids` (dependents too, unless told otherwise). */
  descendants(ids: Iterable<string>, options: WalkOptions = {}): Set<string> {
    const next = options.includeDependencies === false ? this.childrenOf : this.allChildrenOf
    return this.walk(ids, next.bind(this), options.inclusive === true)
  }

  /** Every declared branch label, in declaration order. */
  branchLabels(): readonly string[] {
    return [...this.index.labelOwners.keys()]
  }

  /** The revision that declares `label`, if any. */
  labelOwner(label: string): string | undefined {
    return this.index.labelOwners.get(label)
  }

  /**
   * The revisions on the branch named `label` (Alembic's rule): the revision
   * declaring it, everything above it through downRevision, and the single-parent
   * chain below it down to (not including) a branch point or merge point.
   */
  branchMembers(label: string): ReadonlySet<string> {
    const known = this.membersByLabel.get(label)
    if (known !== undefined) return known
    const owner = this.labelOwner(label)
    if (owner === undefined) throw new UnknownTargetError(label, 'no revision declares this branch label')
    const members = branchMembers(this, owner)
    this.membersByLabel.set(label, members)
    return members
  }

  /** The branch labels whose branch contains the revision (declared or inherited). */
  labelsOf(id: string): readonly string[] {
    if (this.labelsById === undefined) {
      const byId = new Map<string, string[]>()
      for (const label of this.branchLabels()) {
        for (const member of this.branchMembers(label)) {
          const labels = byId.get(member)
          if (labels === undefined) byId.set(member, [label])
          else labels.push(label)
        }
      }
      this.labelsById = byId
    }
    return this.labelsById.get(id) ?? NONE
  }

  /**
   * A revision reference as users type it: a full id, a branch label (the
   * revision declaring it), or a unique prefix of at least
   * `MIN_PARTIAL_ID_LENGTH` characters.
   */
  resolve(reference: string): string {
    if (this.has(reference)) return reference
    const owner = this.labelOwner(reference)
    if (owner !== undefined) return owner
    if (reference.length < MIN_PARTIAL_ID_LENGTH) {
      throw new UnknownTargetError(reference, `partial revision ids need at least ${MIN_PARTIAL_ID_LENGTH} characters`)
    }
    const candidates = this.ids().filter((id) => id.startsWith(reference))
    if (candidates.length === 0) throw new UnknownTargetError(reference)
    if (candidates.length > 1) throw new AmbiguousRevisionError(reference, candidates)
    return candidates[0]
  }

  private walk(ids: Iterable<string>, next: (id: string) => readonly string[], inclusive: boolean): Set<string> {
    const starts = [...ids]
    for (const id of starts) this.edges(this.allParents, id)
    const found = reachable(
      starts.flatMap((id) => next(id)),
      next,
    )
    if (inclusive) for (const id of starts) found.add(id)
    return found
  }

  private edges(map: ReadonlyMap<string, readonly string[]>, id: string): readonly string[] {
    const edges = map.get(id)
    if (edges === undefined) throw new UnknownTargetError(id)
    return edges
  }
}
