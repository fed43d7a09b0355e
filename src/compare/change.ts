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
export function describeChange(change: ChangeSummary): string {
  return `${change.symbol} ${change.object}: ${change.reason}`
}

/** A line of output: a change, or a drop and re-create of one object shown as one `~` line. */
export interface ChangeSummary {
  readonly symbol: '+' | '-' | '~'
  readonly object: string
  readonly reason: string
}

/**
 * Indexes and constraints have no ALTER: a changed one is a drop plus an add
 * with the same reason. Users read it as one change, so show it as one:
 * `~ posts.ix_posts_live: index predicate (a) → (b)`.
 */
export function summarizeChanges(changes: readonly Change[]): ChangeSummary[] {
  const summaries: ChangeSummary[] = []
  const pending = new Map<string, number>()
  for (const change of changes) {
    const key = `${change.object}\u0000${change.reason}`
    const earlier = pending.get(key)
    if (change.symbol === '+' && earlier !== undefined) {
      summaries[earlier] = { symbol: '~', object: change.object, reason: change.reason }
      pending.delete(key)
      continue
    }
    if (change.symbol === '-') pending.set(key, summaries.length)
    summaries.push({ symbol: change.symbol, object: change.object, reason: change.reason })
  }
  return summaries
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
