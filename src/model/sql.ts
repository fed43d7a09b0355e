import { columnRefBrand, columnState, sqlFragmentBrand } from './symbols.js'
import { ModelError } from './model-error.js'
import type { ColumnRef } from './column-ref.js'
import { quoteIdentifier, quoteString } from '../util/sql-quote.js'

/**
 * A piece of SQL text, as written by the user (`sql\`now()\``). Defaults,
 * checks, index expressions, predicates and generated expressions are stored
 * as such text in the schema IR.
 */
export interface SqlFragment {
  readonly sql: string
  readonly [sqlFragmentBrand]: true
}

/** What may be interpolated into `sql\`…\``. */
export type SqlValue = SqlFragment | ColumnRef | string | number | bigint | boolean | Date | null

export interface SqlTag {
  (strings: TemplateStringsArray, ...values: readonly SqlValue[]): SqlFragment
  /** SQL text taken verbatim: `sql.raw('now()')`. */
  raw(text: string): SqlFragment
}

function fragment(text: string): SqlFragment {
  return Object.freeze({ sql: text, [sqlFragmentBrand]: true as const })
}

export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && (value as Partial<SqlFragment>)[sqlFragmentBrand] === true
}

export { quoteIdentifier }

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * SQL literal text for a JS value, as `.default(value)` stores it.
 *
 * @example
 * sqlLiteral(true)          // 'true'
 * sqlLiteral("it's")        // "'it''s'"
 * sqlLiteral({ a: 1 })      // `'{"a":1}'`
 */
export function sqlLiteral(value: unknown): string {
  if (value === null) return 'NULL'
  if (isSqlFragment(value)) return value.sql
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new ModelError(`cannot write ${value} as an SQL literal; use sql\`…\``)
      return String(value)
    case 'bigint':
      return value.toString()
    case 'string':
      return quoteString(value)
    case 'object':
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ModelError('cannot write an invalid Date as an SQL literal')
        return quoteString(value.toISOString())
      }
      // Binary literals differ per dialect (`'\x..'` vs `X'..'`), so they must be written with sql`…`.
      if (value instanceof Uint8Array) throw new ModelError('binary values have no portable SQL literal; use sql`…`')
      if (Array.isArray(value) || isPlainObject(value)) return quoteString(JSON.stringify(value))
      break
    default:
      break
  }
  throw new ModelError(`cannot write ${String(value)} as an SQL literal; use sql\`…\``)
}

function interpolate(value: unknown): string {
  if (isSqlFragment(value)) return value.sql
  if (typeof value === 'object' && value !== null) {
    if (columnRefBrand in value) return quoteIdentifier((value as ColumnRef).name)
    if (columnState in value) {
      throw new ModelError('a column builder that belongs to no table cannot be used in sql`…`; use the table column (t.name)')
    }
    // Arrays and objects are not guessed at (an IN list? JSON?): the caller says what they mean.
    if (!(value instanceof Date)) throw new ModelError('only sql fragments, columns and scalar values can be interpolated into sql`…`')
  }
  return sqlLiteral(value)
}

function sqlTemplate(strings: TemplateStringsArray, ...values: readonly SqlValue[]): SqlFragment {
  // An invalid escape leaves the cooked string undefined; fall back to what was typed.
  let text = strings[0] ?? strings.raw[0]
  for (let i = 0; i < values.length; i++) text += interpolate(values[i]) + (strings[i + 1] ?? strings.raw[i + 1])
  return fragment(text)
}

/**
 * SQL text for defaults, checks, index expressions and `op.execute`.
 * Interpolated columns become quoted identifiers, JS values become literals,
 * fragments are inserted as they are.
 *
 * @example
 * check('ck_price', sql`${t.price} >= ${0}`)   // "price" >= 0
 * sql`lower(title)`
 * sql.raw('now()')
 */
export const sql: SqlTag = Object.assign(sqlTemplate, {
  raw(text: string): SqlFragment {
    return fragment(text)
  },
})
