import { TsmigError } from '../errors.js'

/** A revision as named in messages: its id, and its file when known. */
export interface RevisionLabel {
  readonly id: string
  readonly source?: string
}

function describe(revision: RevisionLabel): string {
  return revision.source === undefined ? `'${revision.id}'` : `'${revision.id}' (${revision.source})`
}

function quoteList(ids: readonly string[]): string {
  return ids.map((id) => `'${id}'`).join(', ')
}

/** Base class of every error about the shape of the revision graph. */
export class RevisionGraphError extends TsmigError {}

/** Two revision files declare the same id. */
export class DuplicateRevisionError extends RevisionGraphError {
  constructor(
    readonly revision: string,
    readonly sources: readonly (string | undefined)[],
  ) {
    const files = sources.map((source) => source ?? '<unknown file>').join(' and ')
    super(`revision '${revision}' is defined twice: ${files}`)
  }
}

/** A revision lists itself as its own downRevision or dependency. */
export class SelfReferenceError extends RevisionGraphError {
  constructor(
    readonly revision: RevisionLabel,
    readonly field: 'downRevision' | 'dependsOn',
  ) {
    super(`revision ${describe(revision)} names itself in ${field}`)
  }
}

/** A downRevision or dependsOn entry names no known revision. */
export class MissingRevisionReferenceError extends RevisionGraphError {
  constructor(
    readonly revision: RevisionLabel,
    readonly field: 'downRevision' | 'dependsOn',
    readonly missing: string,
  ) {
    super(`revision ${describe(revision)} has ${field} '${missing}', which names no revision`)
  }
}

/** downRevision/dependsOn edges loop back on themselves. */
export class RevisionCycleError extends RevisionGraphError {
  /**
   * `cycle` lists the revisions in order, each one a down revision (or
   * dependency) of the previous; `sources` their files, where known.
   */
  constructor(
    readonly cycle: readonly string[],
    sources: readonly (string | undefined)[] = [],
  ) {
    const files = sources.filter((source): source is string => source !== undefined)
    super(`revisions form a cycle: ${[...cycle, cycle[0]].join(' -> ')}${files.length === 0 ? '' : ` (in ${files.join(', ')})`}`)
  }
}

/** Two revisions declare the same branch label. */
export class DuplicateBranchLabelError extends RevisionGraphError {
  constructor(
    readonly label: string,
    readonly first: RevisionLabel,
    readonly second: RevisionLabel,
  ) {
    super(
      `branch label '${label}' is declared by both revision ${describe(first)} and revision ${describe(second)}`,
    )
  }
}

/** A branch label that could not be told apart from a revision id or a target keyword. */
export class InvalidBranchLabelError extends RevisionGraphError {
  constructor(
    readonly label: string,
    readonly revision: RevisionLabel,
    readonly reason: string,
  ) {
    super(`branch label '${label}' of revision ${describe(revision)} is not usable: ${reason}`)
  }
}

/** Base class of every error about a target the user typed. */
export class TargetError extends TsmigError {}

/** A target that is neither a keyword, a revision id (or ≥4-char prefix), nor a branch label. */
export class UnknownTargetError extends TargetError {
  constructor(
    readonly target: string,
    hint?: string,
  ) {
    super(`unknown revision target '${target}'${hint === undefined ? '' : ` (${hint})`}`)
  }
}

/** A partial id that matches more than one revision. */
export class AmbiguousRevisionError extends TargetError {
  constructor(
    readonly prefix: string,
    readonly candidates: readonly string[],
  ) {
    super(`revision '${prefix}' is ambiguous; it matches ${quoteList(candidates)}`)
  }
}

/** `head` (or `head-N`) asked for while the graph has several heads. */
export class MultipleHeadsError extends TargetError {
  constructor(
    readonly target: string,
    readonly heads: readonly string[],
  ) {
    super(
      `target '${target}' is ambiguous: there are ${heads.length} heads (${quoteList(heads)}); ` +
        `use 'heads' for all of them, '<branch>@head' for one branch, or 'tsmig merge' to join them`,
    )
  }
}

/** A relative target (`+N`, `-N`, `rev+N`, `branch@-N`, …) that cannot be walked. */
export class RelativeWalkError extends TargetError {
  constructor(
    readonly target: string,
    reason: string,
  ) {
    super(`cannot resolve relative target '${target}': ${reason}`)
  }
}

/** A target that goes the wrong way for the command (`upgrade -1`, `downgrade` to an unapplied revision). */
export class TargetDirectionError extends TargetError {
  constructor(
    readonly target: string,
    reason: string,
  ) {
    super(`target '${target}' ${reason}`)
  }
}

/** The version table names a revision that no revision file defines. */
export class UnknownCurrentRevisionError extends TsmigError {
  constructor(readonly revision: string) {
    super(
      `the database is at revision '${revision}', which no revision file defines ` +
        `(restore the file, or use 'tsmig stamp --purge' to reset the version table)`,
    )
  }
}
