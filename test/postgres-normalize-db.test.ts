/**
 * The normalizer against the real thing: for expressions and defaults written
 * the way a model author writes them, PostgreSQL stores them, the introspector
 * reads them back (pretty-printed, with PostgreSQL's casts and parentheses), and
 * both normalize to the same text. Runs on the PostgreSQL server (15) and on
 * PGlite (18) alike.
 */
import { canonicalNumber } from '../src/util/canonical-number.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { connectPostgres } from '../src/dialects/postgres/connect.js'
import { introspectPostgres } from '../src/dialects/postgres/introspect/introspect.js'
import { normalizePostgresDefault, normalizePostgresExpression } from '../src/dialects/postgres/normalize/normalize.js'
import { expressionContextOf } from '../src/dialects/postgres/normalize/normalize-table.js'
import type { TableIR } from '../src/schema/ir.js'
import { createTempDatabase, type TempDatabase } from './helpers/postgres.js'

const columnsSql = `
  id int, name varchar(20), c char(3), price numeric(10,2), n int, b boolean, d text,
  ts timestamptz, j jsonb, m mood, big bigint, k double precision, "Weird Col" text,
  x int, y int, z int, e text, f boolean, g boolean`

const checks: readonly string[] = [
  'price >= 0',
  'price > 0 and price < 100 or price is null',
  'lower(c) <> \'abc\'',
  "d in ('a', 'b')",
  "name in ('a', 'b')",
  "d not in ('q', 'r')",
  'length(d) between 1 and 5',
  "d like 'a%'",
  "d not ilike 'a%'",
  'n > -1',
  'big < 2147483648',
  'coalesce(n, 0) >= 0',
  'n is not null and (b or price > 0)',
  '"name" <> \'\'',
  'char_length(name) > 0',
  'k > 1.5',
  'n != 3',
  "cast(n as text) <> 'x'",
  'n in (1)',
  "d ~ '^[a-z]+$'",
  'n % 2 = 0',
  "n > 0 and d in ('a', 'b')",
  '(n > 0)',
  'n = any(array[1, 2])',
  'upper(d) = d',
  "d <> 'it''s'",
  "d <> E'a\\nb'",
  "name || 'x' <> 'yx'",
  "m <> 'sad'",
  '"Weird Col" IS NULL OR "Weird Col" <> \'\'',
  "j ->> 'a' <> ''",
  'price between 0 and 5 and n between 1 and 10',
  // parentheses: PostgreSQL adds some, drops others
  '(x + y) is null',
  'not (x = y)',
  '(x = y) = f',
  'x + y > z',
  '(x * y) + z > 0',
  'x * (y + z) > 0',
  'x - (y - z) > 0',
  '(x - y) - z > 0',
  "(d || e) || d <> ''",
  "d || (e || d) <> ''",
  '-(x + y) > 0',
  "(x + y)::text <> ''",
  "(x)::text <> ''",
  '(f and g) or f',
  'f and (g or f)',
  'not (f and g)',
  "(j -> 'a') ->> 'b' = 'x'",
  "j -> 'a' ->> 'b' = 'x'",
  '- x > 0',
  'x + y > z + 1 and z > 0',
  '(x > 0) = (y > 0)',
  '(x + y) between 1 and 5',
  'f is not true',
  '(x > y) is not true',
  'x::numeric / 2 > 1',
  'x > 0 or y > 0 and z > 0',
  "d in ('x') or e is null",
  'abs(x - y) < 10',
  'case when x > 0 then y > 0 else z > 0 end',
  'x % 2 = 0 and y % 3 = 1',
  "x > 0 and d not in ('a', 'b') and e in ('c', 'd')",
  'x * -1 < 0',
]

const indexExpressions: readonly string[] = [
  'lower(name)',
  'lower("name")',
  "(name || 'x')",
  'coalesce(n, 0)',
  '(n + 1)',
  'upper(d)',
  "(j ->> 'a')",
  "coalesce(d, '')",
  "coalesce(name, '')",
]

const predicates: readonly string[] = [
  'price > 0 and name is not null',
  "name = 'active'",
  'ts is null',
  "d in ('a', 'b')",
  'not b',
]

// [column type, default as written]
const defaults: readonly (readonly [string, string])[] = [
  ['varchar(20)', "'x'"],
  ['text', "''"],
  ['numeric(10,2)', "'0'"],
  ['numeric(10,2)', '0'],
  ['numeric(10,2)', '1.50'],
  ['int', '-1'],
  ['int', "'-1'"],
  ['boolean', 'true'],
  ['boolean', "'t'"],
  ['boolean', 'FALSE'],
  ['timestamptz', 'now()'],
  ['timestamptz', 'current_timestamp'],
  ['timestamp', 'CURRENT_TIMESTAMP'],
  ['jsonb', '\'{"b":1, "a": [1,2]}\''],
  ['json', '\'{"b":1}\''],
  ['mood', "'happy'"],
  ['int[]', "'{}'"],
  ['varchar(10)[]', "'{}'"],
  ['date', 'current_date'],
  ['uuid', 'gen_random_uuid()'],
  ['interval', "'1 day'"],
  ['double precision', "'1.5'"],
  ['bigint', '5'],
  ['text', "'it''s'"],
  ['char(3)', "'ab'"],
  ['int', '(1 + 2)'],
  ['text', 'NULL'],
]

// [column type, generation expression as written]
const generated: readonly (readonly [string, string])[] = [
  ['int', 'n * 2 + 1'],
  ['text', 'lower(d)'],
  ['numeric', 'price * 2'],
  ['text', "coalesce(d, '')"],
  ['text', "d || '!'"],
]

let database: TempDatabase
let db: Kysely<any>
let table: TableIR

beforeAll(async () => {
  database = await createTempDatabase()
  db = await connectPostgres(database.url)
  const statements = [
    `create type mood as enum ('happy', 'sad')`,
    `create table t (${columnsSql},
      ${checks.map((c, i) => `constraint ck_${i} check (${c})`).join(',\n')})`,
    ...indexExpressions.map((e, i) => `create index ix_expr_${i} on t ((${e}))`),
    ...predicates.map((p, i) => `create index ix_where_${i} on t (id) where ${p}`),
    `create table defaults (${defaults.map(([type, value], i) => `c${i} ${type} default ${value}`).join(', ')},
      n int, d text, price numeric(10,2),
      ${generated.map(([type, g], i) => `g${i} ${type} generated always as (${g}) stored`).join(', ')})`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
  const ir = await introspectPostgres(db, { excludeTables: [] })
  table = ir.tables.find((t) => t.name === 't')!
  defaultsTable = ir.tables.find((t) => t.name === 'defaults')!
  // The same checks and defaults again, written in their normalized form.
  const context = expressionContextOf(table.columns)
  const defaultsContext = expressionContextOf(defaultsTable.columns)
  const normalizedStatements: string[] = [
    `create table t_normalized (${columnsSql},
      ${checks.map((c, i) => `constraint ck_${i} check (${normalizePostgresExpression(c, context)})`).join(',\n')})`,
    `create table defaults_normalized (${defaults
      .map(([type, value], i) => {
        const normalized = normalizePostgresDefault(value, defaultsTable.columns[i].type, defaultsContext)
        return `c${i} ${type}${normalized === null ? '' : ` default ${normalized}`}`
      })
      .join(', ')}, n int, d text, price numeric(10,2))`,
  ]
  normalizedStatements.push(
    ...indexExpressions.map((e, i) => `create index ix_n_expr_${i} on t_normalized ((${normalizePostgresExpression(e, context)}))`),
    ...predicates.map((p, i) => `create index ix_n_where_${i} on t_normalized (id) where ${normalizePostgresExpression(p, context)}`),
  )
  for (const statement of normalizedStatements) await sql.raw(statement).execute(db)
}, 60_000)

let defaultsTable: TableIR

afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

describe('what the model writes normalizes to what PostgreSQL reports', () => {
  it.each(checks.map((c, i) => [i, c] as const))('check %i: %s', (i, written) => {
    const reported = table.checks.find((c) => c.name === `ck_${i}`)!
    expect(normalizePostgresExpression(written, expressionContextOf(table.columns))).toBe(reported.expression)
  })

  it.each(indexExpressions.map((e, i) => [i, e] as const))('index expression %i: %s', (i, written) => {
    const reported = table.indexes.find((x) => x.name === `ix_expr_${i}`)!
    expect(reported.elements).toHaveLength(1)
    const element = reported.elements[0]
    expect('expression' in element ? element.expression : element.column).toBe(
      normalizePostgresExpression(written, expressionContextOf(table.columns)),
    )
  })

  it.each(predicates.map((p, i) => [i, p] as const))('partial index predicate %i: %s', (i, written) => {
    const reported = table.indexes.find((x) => x.name === `ix_where_${i}`)!
    expect(normalizePostgresExpression(written, expressionContextOf(table.columns))).toBe(reported.where)
  })

  it.each(defaults.map(([type, value], i) => [i, type, value] as const))('default %i: %s default %s', (i, _type, written) => {
    const column = defaultsTable.columns.find((c) => c.name === `c${i}`)!
    expect(normalizePostgresDefault(written, column.type, expressionContextOf(defaultsTable.columns))).toBe(column.default)
  })

  it.each(generated.map(([, g], i) => [i, g] as const))('generated %i: %s', (i, written) => {
    const column = defaultsTable.columns.find((c) => c.name === `g${i}`)!
    expect(normalizePostgresExpression(written, expressionContextOf(defaultsTable.columns))).toBe(column.generated)
  })
})

describe('normalized text means what the original meant', () => {
  // PostgreSQL deparses equal parse trees to equal text: compare its raw output
  // for the original and for the normalized expression.
  it('checks', async () => {
    const { rows } = await sql<{ rel: string; name: string; expr: string }>`
      select conrelid::regclass::text as rel, conname as name, pg_get_expr(conbin, conrelid) as expr
      from pg_constraint where conrelid in ('t'::regclass, 't_normalized'::regclass) and contype = 'c'`.execute(db)
    const of = (rel: string) => new Map(rows.filter((r) => r.rel === rel).map((r) => [r.name, r.expr]))
    const [original, normalized] = [of('t'), of('t_normalized')]
    expect(original.size).toBe(checks.length)
    // Equivalent, not identical trees: two BETWEENs nest their ANDs where the
    // rewrite is one flat AND; a varchar IN list builds a varchar[] cast to text[]
    // where the rewrite builds a text[] of the same values.
    const equivalent = new Set(
      ['price between 0 and 5 and n between 1 and 10', "name in ('a', 'b')"].map((c) => `ck_${checks.indexOf(c)}`),
    )
    for (const [name, expr] of original) {
      if (!equivalent.has(name)) expect(normalized.get(name), name).toBe(expr)
    }
  })

  it('defaults', async () => {
    const { rows } = await sql<{ rel: string; name: string; expr: string | null }>`
      select a.attrelid::regclass::text as rel, a.attname as name, pg_get_expr(d.adbin, d.adrelid) as expr
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid in ('defaults'::regclass, 'defaults_normalized'::regclass) and a.attname ~ '^c[0-9]+$'`.execute(db)
    const of = (rel: string) => new Map(rows.filter((r) => r.rel === rel).map((r) => [r.name, r.expr]))
    const [original, normalized] = [of('defaults'), of('defaults_normalized')]
    expect(original.size).toBe(defaults.length)
    for (const [name, expr] of original) {
      const got = normalized.get(name)
      // now() is spelled CURRENT_TIMESTAMP (the same function); a quoted number
      // ('0'::numeric) is written bare, which the column converts to the same value.
      const quotedNumber = /^'?(-?[0-9.]+)'?(?:::(?:numeric|double precision|real|integer|bigint))?$/.exec(expr ?? '')
      if (got === expr) continue
      if (expr === 'now()') expect(got).toBe('CURRENT_TIMESTAMP')
      // Numbers by value: `'1.50'::numeric` is written 1.5.
      else expect(canonicalNumber(quotedNumber?.[1] ?? ''), name).toBe(got)
    }
  })

  it('index expressions and predicates', async () => {
    const { rows } = await sql<{ name: string; def: string }>`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid in ('t'::regclass, 't_normalized'::regclass)`.execute(db)
    const defs = new Map(rows.map((r) => [r.name, r.def.replace(/^CREATE INDEX \S+ ON \S+/, '')]))
    for (const [kind, count] of [['expr', indexExpressions.length], ['where', predicates.length]] as const) {
      for (let i = 0; i < count; i++) expect(defs.get(`ix_n_${kind}_${i}`), `${kind} ${i}`).toBe(defs.get(`ix_${kind}_${i}`))
    }
  })

  it('normalizing twice changes nothing', () => {
    const context = expressionContextOf(table.columns)
    for (const check of table.checks) expect(normalizePostgresExpression(check.expression, context)).toBe(check.expression)
    for (const column of defaultsTable.columns) {
      const again = normalizePostgresDefault(column.default, column.type, expressionContextOf(defaultsTable.columns))
      expect(again).toBe(column.default)
    }
  })
})
