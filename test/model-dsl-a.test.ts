import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { check, integer, bigint, ModelError, sql, table, text, varchar } from '../src/model/index.js'
import { buildTableIR } from '../src/model/build-table.js'
import { expressionColumns } from '../src/model/check-name.js'
import { columnIndexName } from '../src/model/column-index.js'
import { modelFromModules } from '../src/model/load-model.js'
import { compareSchemas } from '../src/compare/compare-schema.js'
import { reverseOps } from '../src/ops/reverse.js'
import { addColumnOps, alterColumnOp } from '../src/ops/build-ops.js'
import { renderRevision } from '../src/render/render-revision.js'
import { compactIdentity, completeIdentity } from '../src/schema/identity.js'
import type { Op, OpOfKind } from '../src/ops/op.js'

describe('.index() on a column', () => {
  it('declares a plain single-column index named ix_<table>_<column>, or as given', () => {
    const items = table('items', { email: text().index(), code: text().index('ix_code') })
    expect(buildTableIR(items).indexes).toEqual([
      { name: 'ix_items_email', unique: false, elements: [{ column: 'email', desc: false, nulls: null }], where: null, using: null, include: [] },
      { name: 'ix_code', unique: false, elements: [{ column: 'code', desc: false, nulls: null }], where: null, using: null, include: [] },
    ])
  })

  it('cuts a name past 63 bytes as SQLAlchemy does: 55 bytes, _, the last 4 hex digits of its MD5', () => {
    const column = 'a_column_with_a_really_quite_long_name_for_an_index_xyz'
    const full = `ix_items_${column}`
    const name = columnIndexName('items', column)
    expect(name).toBe(`${full.slice(0, 55)}_${createHash('md5').update(full).digest('hex').slice(-4)}`)
    expect(name).toHaveLength(60)
    expect(columnIndexName('items', 'email')).toBe('ix_items_email')
  })

  it('op.addColumn with .index() also creates the index', () => {
    expect(addColumnOps({ name: 'items' }, 'email', text().index()).map((op) => op.kind)).toEqual(['addColumn', 'createIndex'])
  })
})

describe('identity options', () => {
  it('keeps the options given, integers as decimal text', () => {
    const t = table('t', { id: bigint().identity({ always: true, start: 10, increment: -2n, maxValue: '9223372036854775806', cycle: true, cache: 5 }) })
    expect(buildTableIR(t).columns[0].identity).toEqual({
      always: true, start: '10', increment: '-2', maxValue: '9223372036854775806', cycle: true, cache: '5',
    })
    expect(buildTableIR(table('u', { id: integer().identity() })).columns[0].identity).toEqual({ always: false })
  })

  it('refuses options that cannot be', () => {
    expect(() => integer().identity({ start: 1.5 })).toThrow(new ModelError('identity start must be an integer, got 1.5'))
    expect(() => integer().identity({ increment: 0 })).toThrow('identity increment cannot be 0')
    expect(() => integer().identity({ cache: 0 })).toThrow('identity cache must be at least 1, got 0')
    expect(() => integer().identity({ minValue: 10, maxValue: 5 })).toThrow('identity minValue (10) must be less than maxValue (5)')
    expect(() => integer().identity({ strat: 1 } as never)).toThrow('identity has no option strat')
  })

  it('fills and drops the defaults by type and direction', () => {
    expect(completeIdentity({ always: false, increment: '-1' }, { kind: 'smallint' })).toEqual({
      always: false, start: -1n, increment: -1n, minValue: -32768n, maxValue: -1n, cycle: false, cache: 1n,
    })
    const database = { always: false, start: '5', increment: '1', minValue: '5', maxValue: '2147483647', cycle: false, cache: '1' }
    // The start follows the minimum: both stated only because the minimum is not the default.
    expect(compactIdentity(database, { kind: 'integer' })).toEqual({ always: false, minValue: '5' })
    expect(compactIdentity({ ...database, maxValue: '2147483647' }, { kind: 'bigint' })).toEqual({ always: false, minValue: '5', maxValue: '2147483647' })
  })
})

describe('unnamed check(sql)', () => {
  const checkNames = (...checks: ReturnType<typeof check>[]) =>
    buildTableIR(table('items', { price: integer(), lo: integer(), hi: integer(), note: text() }, () => checks)).checks.map((c) => c.name)

  it('is named after the one column it uses, else the table; taken names get a number', () => {
    expect(checkNames(check(sql`price >= 0`), check(sql`price < 1000`), check(sql`lo < hi`), check(sql`1 = 1`))).toEqual([
      'items_price_check', 'items_price_check1', 'items_check', 'items_check1',
    ])
  })

  it('leaves names the model gives to the named ones', () => {
    expect(checkNames(check(sql`price >= 0`), check('items_price_check', sql`price < 1000`))).toEqual(['items_price_check1', 'items_price_check'])
  })

  it('counts columns, not functions, types, qualifiers, keywords or strings', () => {
    const columns = ['price', 'note', 'text', 'lower']
    expect(expressionColumns(`lower(note) <> 'price'`, columns)).toEqual(['note'])
    expect(expressionColumns(`note::text IS NOT NULL AND items.price > 0`, columns)).toEqual(['note', 'price'])
    expect(expressionColumns(`"Price" > 0 OR PRICE > 1`, ['Price', 'price'])).toEqual(['Price', 'price'])
    expect(expressionColumns(`price /* note */ > 0 -- lower`, columns)).toEqual(['price'])
  })
})

describe('collations', () => {
  it('are part of the column; only text types take one', () => {
    expect(buildTableIR(table('t', { code: varchar(10).collate('C') })).columns[0]).toMatchObject({ collation: 'C' })
    expect('collation' in buildTableIR(table('t', { code: text() })).columns[0]).toBe(false)
    expect(() => buildTableIR(table('t', { n: integer().collate('C') }))).toThrow('table t, column n: a collation applies to text types only, not integer')
  })
})

describe('rendering', () => {
  it('writes the new DSL in a generated revision, and its reverse', async () => {
    const items = table('items', {
      id: integer().identity({ always: true, start: 100, increment: 10, maxValue: 9223372036854775806n }).primaryKey(),
      big: bigint().identity({ start: '9007199254740993' }),
      email: text().index(),
      code: varchar(20).notNull().collate('C').index('ix_code'),
      price: integer(),
    }, () => [check(sql`price >= 0`), check(sql`price < 1000`)])
    const ops = compareSchemas({ tables: [], enums: [] }, modelFromModules([{ items }])).changes.map((c) => c.op)
    const alters: Op[] = [
      { ...(alterColumnOp({ name: 'items' }, 'code', { collation: null }) as OpOfKind<'alterColumn'>), old: buildTableIR(items).columns[3] },
      { ...(alterColumnOp({ name: 'items' }, 'big', { identity: { start: 1, cache: 2 } }) as OpOfKind<'alterColumn'>), old: buildTableIR(items).columns[1] },
    ]
    const source = await renderRevision({
      id: 'abc123def456', downRevisions: [], branchLabels: [], dependsOn: [], message: 'items', createdAt: '2026-12-04T00:00:00Z',
      upgrade: [...ops, ...alters], downgrade: reverseOps(alters),
    })
    expect(source.slice(source.indexOf('export async function upgrade'))).toMatchInlineSnapshot(`
      "export async function upgrade(op: Operations): Promise<void> {
        await op.createTable('items', {
          id: integer().identity({ always: true, start: 100, increment: 10, maxValue: '9223372036854775806' }).primaryKey(),
          big: bigint().identity({ start: '9007199254740993' }),
          email: text().index(),
          code: varchar(20).notNull().collate('C'),
          price: integer(),
        }, () => [
          check(sql\`price >= 0\`),
          check('items_price_check1', sql\`price < 1000\`),
          index('ix_code').on('code'),
        ])
        await op.alterColumn('items', 'code', { collation: null })
        await op.alterColumn('items', 'big', { identity: { always: false, cache: 2 } })
      }

      export async function downgrade(op: Operations): Promise<void> {
        await op.alterColumn('items', 'big', { identity: { always: false, start: '9007199254740993' } })
        await op.alterColumn('items', 'code', { collation: 'C' })
      }
      "
    `)
  })
})
