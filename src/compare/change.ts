import type { Op } from '../ops/op.js'

/**
 * One difference between the database and the model, with the op that
 * removes it. `object` names what differs (`users.email`), `reason` says how
 * (`type varchar(100) → varchar(255)`), so `tsmig check` can explain itself.
 */
export interface Change {
  readonly op: Op
  readonly symbol: '+' | '-' | '~'
  readonly object: string
  readonly reason: string
}

/** A line for `check` and autogenerate output: `~ users.email: type varchar(100) → varchar(255)`. */
export function describeChange(change: Change): string {
  return `${change.symbol} ${change.object}: ${change.reason}`
}

/** Something the comparator noticed but did not turn into an op (a rename it guessed, a dialect limit). */
export interface CompareWarning {
  readonly object: string
  readonly message: string
}

export interface Comparison {
  readonly changes: readonly Change[]
  readonly warnings: readonly CompareWarning[]
}
