import type { ColumnType, IdentityIR, TableRef } from '../../../schema/ir.js'
import { compactIdentity, completeIdentity, type CompleteIdentity } from '../../../schema/identity.js'
import { quoteIdentifier, quoteTable } from './quote.js'
import { serialSequenceOf } from './compile-sequence.js'

/** One sequence option as PostgreSQL writes it in CREATE/ALTER SEQUENCE. */
const optionSql: { readonly [K in Exclude<keyof CompleteIdentity, 'always'>]: (value: CompleteIdentity[K]) => string } = {
  start: (v) => `START WITH ${v}`,
  increment: (v) => `INCREMENT BY ${v}`,
  minValue: (v) => `MINVALUE ${v}`,
  maxValue: (v) => `MAXVALUE ${v}`,
  cache: (v) => `CACHE ${v}`,
  cycle: (v) => (v ? 'CYCLE' : 'NO CYCLE'),
}

const optionOrder = ['start', 'increment', 'minValue', 'maxValue', 'cache', 'cycle'] as const

/** ` (START WITH 100 INCREMENT BY 10)` after `AS IDENTITY`: the options that differ from the defaults, or nothing. */
export function identityOptionsSql(identity: IdentityIR, type: ColumnType | undefined): string {
  const compact = compactIdentity(identity, type)
  const full = completeIdentity(compact, type)
  const parts: string[] = []
  for (const key of optionOrder) if (compact[key] !== undefined) parts.push((optionSql[key] as (v: unknown) => string)(full[key]))
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`
}

/**
 * `SET <option>` clauses turning the identity `before` into `after` (both read
 * with the defaults of `type`), or '' when their options agree. Options are
 * set in one statement so that PostgreSQL checks them together (a new minimum
 * above the old start is fine once the start moves too).
 */
export function identityOptionChanges(before: IdentityIR, after: IdentityIR, type: ColumnType | undefined): string {
  const from = completeIdentity(before, type)
  const to = completeIdentity(after, type)
  const parts: string[] = []
  for (const key of optionOrder) {
    if (from[key] !== to[key]) parts.push(`SET ${(optionSql[key] as (v: unknown) => string)(to[key])}`)
  }
  return parts.join(' ')
}

/**
 * Moves a new identity's sequence past the rows already in the column (the
 * sequence starts at its first value, and existing rows would make the next
 * inserts collide), never before its start: the next value is the larger of
 * `max + 1` and the start (descending: the smaller of `min - 1` and the start).
 */
export function compileIdentitySync(table: TableRef, column: string, identity: IdentityIR, type: ColumnType | undefined): string {
  const col = quoteIdentifier(column)
  const { start, increment } = completeIdentity(identity, type)
  const sequence = serialSequenceOf(table, column)
  if (increment > 0n && start === 1n) {
    return `SELECT setval(${sequence}, COALESCE((SELECT max(${col}) FROM ${quoteTable(table)}), 0) + 1, false)`
  }
  const next = increment > 0n ? `GREATEST((SELECT max(${col}) FROM ${quoteTable(table)}) + 1, ${start})` : `LEAST((SELECT min(${col}) FROM ${quoteTable(table)}) - 1, ${start})`
  return `SELECT setval(${sequence}, ${next}, false)`
}

/**
 * Statements that turn the identity `old` (read with the defaults of
 * `oldType`) into `identity` on a column of type `type`: `SET GENERATED` when
 * the kind changes and a `SET <option>` per changed option, in one ALTER. A
 * range that no longer holds the sequence's current value is refused by
 * PostgreSQL ("RESTART value cannot be less than MINVALUE"): when the range
 * shrinks the sequence restarts at its start and is then moved past the rows.
 */
export function compileAlterIdentity(
  alter: (action: string) => string,
  table: TableRef,
  column: string,
  old: { readonly identity: IdentityIR; readonly type: ColumnType },
  identity: IdentityIR,
  type: ColumnType | undefined,
): string[] {
  const before = compactIdentity(old.identity, old.type)
  const options = identityOptionChanges(before, identity, type)
  const kind = old.identity.always === identity.always ? '' : `SET GENERATED ${old.identity.always ? 'BY DEFAULT' : 'ALWAYS'}`
  const from = completeIdentity(before, type)
  const to = completeIdentity(identity, type)
  const shrinks = to.minValue > from.minValue || to.maxValue < from.maxValue
  const action = [kind, options, shrinks ? 'RESTART' : ''].filter((part) => part !== '').join(' ')
  if (action === '') return []
  return shrinks ? [alter(action), compileIdentitySync(table, column, identity, type)] : [alter(action)]
}
