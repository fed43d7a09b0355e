import {
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidBranchLabelError,
  MissingRevisionReferenceError,
  SelfReferenceError,
} from './errors.js'

/**
 * One revision as the graph sees it: what a revision file declares, without
 * its code. `downRevisions` is empty for a root and has several entries for a
 * merge point; `dependsOn` entries are revision ids or branch labels.
 */
export interface RevisionNode {
  readonly id: string
  readonly downRevisions: readonly string[]
  readonly dependsOn: readonly string[]
  readonly branchLabels: readonly string[]
  /** The file the revision came from, for messages. */
  readonly source?: string
}

/** The validated edges of a revision graph, keyed by revision id. */
export interface RevisionIndex {
  readonly nodes: ReadonlyMap<string, RevisionNode>
  /** downRevisions, without repeats. */
  readonly parents: ReadonlyMap<string, readonly string[]>
  /** dependsOn resolved to revision ids, without repeats or entries already in `parents`. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>
  /** Branch label → the revision that declares it. */
  readonly labelOwners: ReadonlyMap<string, string>
}

const TARGET_KEYWORDS = new Set(['head', 'heads', 'base'])

/**
 * Checks everything about the nodes that does not need a traversal (ids,
 * references, labels) and indexes them. Cycles are found later, while
 * ordering. Throws the first problem found, in input order, so the message
 * is stable.
 */
export function indexRevisions(input: readonly RevisionNode[]): RevisionIndex {
  const nodes = new Map<string, RevisionNode>()
  for (const node of input) {
    const existing = nodes.get(node.id)
    if (existing !== undefined) throw new DuplicateRevisionError(node.id, [existing.source, node.source])
    nodes.set(node.id, node)
  }

  const labelOwners = new Map<string, string>()
  for (const node of nodes.values()) {
    for (const label of node.branchLabels) {
      checkLabel(label, node, nodes)
      const owner = labelOwners.get(label)
      if (owner !== undefined && owner !== node.id) {
        throw new DuplicateBranchLabelError(label, nodes.get(owner) as RevisionNode, node)
      }
      labelOwners.set(label, node.id)
    }
  }

  const parents = new Map<string, readonly string[]>()
  const dependencies = new Map<string, readonly string[]>()
  for (const node of nodes.values()) {
    const ownParents = unique(node.downRevisions)
    for (const parent of ownParents) {
      if (parent === node.id) throw new SelfReferenceError(node, 'downRevision')
      if (!nodes.has(parent)) throw new MissingRevisionReferenceError(node, 'downRevision', parent)
    }
    const ownDependencies: string[] = []
    for (const reference of node.dependsOn) {
      // Like Alembic, a dependency may name a branch label: it means the revision declaring it.
      const target = nodes.has(reference) ? reference : labelOwners.get(reference)
      if (target === undefined) throw new MissingRevisionReferenceError(node, 'dependsOn', reference)
      if (target === node.id) throw new SelfReferenceError(node, 'dependsOn')
      if (!ownParents.includes(target) && !ownDependencies.includes(target)) ownDependencies.push(target)
    }
    parents.set(node.id, ownParents)
    dependencies.set(node.id, ownDependencies)
  }
  return { nodes, parents, dependencies, labelOwners }
}

function checkLabel(label: string, node: RevisionNode, nodes: ReadonlyMap<string, RevisionNode>): void {
  const reason =
    label.length === 0
      ? 'it is empty'
      : TARGET_KEYWORDS.has(label)
        ? `'${label}' is a target keyword`
        : /[@:\s]/.test(label)
          ? "it contains '@', ':' or whitespace, which the target grammar uses"
          : /^[+-]/.test(label)
            ? "it starts with '+' or '-', like a relative target"
            : nodes.has(label)
              ? 'it is also the id of a revision'
              : undefined
  if (reason !== undefined) throw new InvalidBranchLabelError(label, node, reason)
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}
