/**
 * Property test of expression normalization on a real database: random check
 * expressions, written the way people write them, must (1) normalize to what
 * the introspector reports for them and (2) mean the same after normalization
 * (PostgreSQL deparses the original and the normalized text identically).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { connectPostgres } from '../src/dialects/postgres/connect.js'
import { introspectPostgres } from '../src/dialects/postgres/introspect/introspect.js'
import { normalizePostgresExpression } from '../src/dialects/postgres/normalize/normalize.js'
import { expressionContextOf } from '../src/dialects/postgres/normalize/normalize-table.js'
import type { TableIR } from '../src/schema/ir.js'
import { createTempDatabase, type TempDatabase } from './helpers/postgres.js'

const COUNT = 400

/** A small deterministic generator (the test must fail the same way twice). */
function generator(seed: number) {
  let state = seed
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]
  const space = () => pick(['', ' ', '  '])
  const paren = (text: string) => (next() < 0.2 ? `(${text})` : text)

  const number = (): string => pick(['0', '1', '2', '10', '1.5', '-1', '-2.5', '100'])
  const intColumn = (): string => pick(['x', 'y', '"X"'])
  const arith = (depth: number): string => {
    const r = next()
    if (depth <= 0 || r < 0.3) return pick([intColumn(), intColumn(), number(), 'price'])
    if (r < 0.75) {
      const right = arith(depth - 1)
      // `x--1` would start a comment: a sign after an operator gets a space.
      return paren(`${arith(depth - 1)}${space()}${pick(['+', '-', '*', '/', '%'])}${right.startsWith('-') ? ' ' : space()}${right}`)
    }
    if (r < 0.8) return `abs(${arith(depth - 1)})`
    if (r < 0.85) {
      // (-1)::integer, not -1::integer: PostgreSQL itself prints -(1::integer) in a way that reads back as the constant -1.
      const operand = pick([intColumn(), 'price', number(), `(${arith(depth - 1)})`])
      return `${operand.startsWith('-') ? `(${operand})` : operand}::${pick(['numeric', 'integer', 'bigint'])}`
    }
    if (r < 0.92) return `coalesce(${intColumn()}, ${number()})`
    const operand = arith(depth - 1)
    return operand.startsWith('-') ? `-(${operand})` : `-${paren(operand)}`
  }
  const text = (depth: number): string => {
    const r = next()
    if (depth <= 0 || r < 0.4) return pick(['name', 'd', '"Name"'])
    if (r < 0.7) return `${text(depth - 1)} || ${pick(["'x'", 'd', 'name'])}`
    return `${pick(['lower', 'upper', 'btrim'])}(${text(depth - 1)})`
  }
  const predicate = (depth: number): string => {
    const r = next()
    if (depth <= 0 || r < 0.3) {
      const s = next()
      if (s < 0.4) {
        const right = arith(2)
        return `${arith(2)}${space()}${pick(['=', '<>', '!=', '<', '>', '<=', '>='])}${right.startsWith('-') ? ' ' : space()}${right}`
      }
      if (s < 0.55) return `${text(2)} ${pick(['<>', '=', 'like', 'not like', 'ilike'])} ${pick(["'a%'", "''", 'd'])}`
      if (s < 0.7) {
        const [column, list] = pick([['d', "'a', 'b'"], ['d', "'c'"], ['x', '1, 2, 3'], ['x', '4']] as const)
        return `${column} ${pick(['in', 'not in'])} (${list})`
      }
      if (s < 0.85) return `${pick([intColumn(), 'name', arith(1)])} is ${pick(['', 'not '])}null`
      return pick(['flag', 'not flag', 'flag is not true', 'flag = (x > 0)'])
    }
    if (r < 0.6) return paren(`${predicate(depth - 1)} ${pick(['and', 'AND', 'or'])} ${predicate(depth - 1)}`)
    if (r < 0.8) return `not (${predicate(depth - 1)})`
    return `(${predicate(depth - 1)})`
  }
  return () => predicate(3)
}

const expressions = ((): string[] => {
  const make = generator(20261126)
  return Array.from({ length: COUNT }, make)
})()

let database: TempDatabase
let db: Kysely<any>
let original: TableIR

const columns = `x int, y int, "X" int, price numeric(10,2), name varchar(20), d text, "Name" text, flag boolean`

/**
 * PostgreSQL's own (pretty) text of each check: equal texts are equal trees, up
 * to the nesting of AND/OR chains, which does not change what a check means.
 */
async function storedChecks(table: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ name: string; expr: string }>`
    select conname as name, pg_get_expr(conbin, conrelid, true) as expr
    from pg_constraint where conrelid = ${table}::regclass and contype = 'c'`.execute(db)
  return new Map(rows.map((r) => [r.name, r.expr]))
}

beforeAll(async () => {
  database = await createTempDatabase()
  db = await connectPostgres(database.url)
  const checks = (texts: readonly string[]) => texts.map((e, i) => `constraint ck_${i} check (${e})`).join(',\n')
  await sql.raw(`create table original (${columns}, ${checks(expressions)})`).execute(db)
  const ir = await introspectPostgres(db, { excludeTables: [] })
  original = ir.tables[0]
  const context = expressionContextOf(original.columns)
  const normalized = expressions.map((e) => normalizePostgresExpression(e, context))
  await sql.raw(`create table normalized (${columns}, ${checks(normalized)})`).execute(db)
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

describe(`${COUNT} random check expressions`, () => {
  it('normalize to exactly what the introspector reports', () => {
    const context = expressionContextOf(original.columns)
    const mismatches = expressions
      .map((written, i) => ({
        written,
        model: normalizePostgresExpression(written, context),
        database: original.checks.find((c) => c.name === `ck_${i}`)!.expression,
      }))
      .filter((m) => m.model !== m.database)
    expect(mismatches).toEqual([])
  })

  it('keep their meaning once normalized', async () => {
    const [before, after] = [await storedChecks('original'), await storedChecks('normalized')]
    const changed = [...before].filter(([name, expr]) => after.get(name) !== expr).map(([name, expr]) => ({ name, expr, after: after.get(name) }))
    expect(changed).toEqual([])
  })
})
