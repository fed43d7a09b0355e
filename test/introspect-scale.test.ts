import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { introspectSqlite } from '../src/dialects/sqlite/introspect/introspect.js'
import { normalizePostgresDefault } from '../src/dialects/postgres/normalize/normalize-default.js'
import { normalizePostgresExpression } from '../src/dialects/postgres/normalize/normalize-expression.js'
import type { ColumnType } from '../src/schema/ir.js'
import { execAll, openTempSqlite, type TempSqlite } from './helpers/sqlite-support.js'

// What the scale work (bench/scale.mjs) changed in introspection and
// normalization must not change a single result.

describe('introspectSqlite with a table filter', () => {
  let temp: TempSqlite
  beforeEach(async () => {
    temp = await openTempSqlite()
    await execAll(temp.db, [
      'CREATE TABLE Parent (a integer NOT NULL, b text NOT NULL, note text, PRIMARY KEY (a, b))',
      // No column list: the foreign key means the parent's primary key, read from the parent's columns.
      `CREATE TABLE child (id integer PRIMARY KEY, pa integer, pb text, CONSTRAINT child_parent FOREIGN KEY (pa, pb) REFERENCES PARENT ON DELETE CASCADE)`,
      'CREATE INDEX ix_child_pa ON child (pa)',
      'CREATE TABLE other (id integer PRIMARY KEY, x text CHECK (x <> \'\'))',
      'CREATE TRIGGER other_touch AFTER UPDATE ON other BEGIN SELECT 1; END',
    ])
  })
  afterEach(async () => temp.close())

  it('reads only the named tables, each exactly as a full read does', async () => {
    const full = await introspectSqlite(temp.db, { excludeTables: [] })
    const one = await introspectSqlite(temp.db, { excludeTables: [], tables: [{ name: 'CHILD' }] })
    expect(one.tables.map((t) => t.name)).toEqual(['child'])
    expect(one.tables[0]).toEqual(full.tables.find((t) => t.name === 'child'))
    expect(one.tables[0].foreignKeys[0].references).toEqual({ table: 'Parent', columns: ['a', 'b'] })
    const two = await introspectSqlite(temp.db, { excludeTables: [], tables: [{ name: 'other' }, { schema: 'main', name: 'Parent' }] })
    expect(two.tables).toEqual(full.tables.filter((t) => t.name !== 'child'))
  })

  it('reads nothing for a table that does not exist, and honours excludeTables', async () => {
    expect((await introspectSqlite(temp.db, { excludeTables: [], tables: [{ name: 'missing' }] })).tables).toEqual([])
    expect((await introspectSqlite(temp.db, { excludeTables: ['child'], tables: [{ name: 'child' }] })).tables).toEqual([])
  })
})

describe('memoized PostgreSQL normalization', () => {
  const columns = (entries: Record<string, ColumnType>) => ({ columns: new Map(Object.entries(entries)) })
  const numericPrice = columns({ price: { kind: 'numeric', precision: 10, scale: 2 }, qty: { kind: 'integer' } })
  const integerPrice = columns({ price: { kind: 'integer' }, qty: { kind: 'integer' } })

  it('keeps results that depend on the column types apart, in any call order', () => {
    const first = normalizePostgresExpression('price * qty > 0', numericPrice)
    const second = normalizePostgresExpression('price * qty > 0', integerPrice)
    expect(first).toBe('(price * qty::numeric) > 0')
    expect(second).toBe('(price * qty) > 0')
    expect(normalizePostgresExpression('price * qty > 0', numericPrice)).toBe(first)
    // A column the expression does not name does not split the cache, nor change the result.
    expect(normalizePostgresExpression('price * qty > 0', columns({ ...Object.fromEntries(numericPrice.columns), other: { kind: 'text' } }))).toBe(first)
  })

  it('keeps text casts apart by the type of the column they cast', () => {
    expect(normalizePostgresExpression("name::text = 'x'", columns({ name: { kind: 'text' } }))).toBe("name = 'x'")
    expect(normalizePostgresExpression("name::text = 'x'", columns({ name: { kind: 'integer' } }))).toBe("name::text = 'x'")
  })

  it('spells a default for the column type it is given, not the first one seen', () => {
    expect(normalizePostgresDefault("'1'", { kind: 'integer' })).toBe('1')
    expect(normalizePostgresDefault("'1'", { kind: 'text' })).toBe("'1'")
    expect(normalizePostgresDefault("'1'", { kind: 'boolean' })).toBe('true')
    expect(normalizePostgresDefault("'1'", { kind: 'integer' })).toBe('1')
  })
})
