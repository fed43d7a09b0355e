import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Dialect } from '../src/dialects/dialect.js'
import { sqliteDialect } from '../src/dialects/sqlite/index.js'
import { compileTableBatch } from '../src/dialects/sqlite/compile/compile-table-batch.js'
import { sqliteOfflineTransactionHooks } from '../src/dialects/sqlite/compile/offline-hooks.js'
import { integer, text } from '../src/model/index.js'
import type { Op } from '../src/ops/op.js'
import type { ColumnIR, TableIR } from '../src/schema/ir.js'
import { createOperations, type Operations } from '../src/ops/operations.js'
import { OfflineSink } from '../src/runtime/offline-sink.js'
import { OnlineSink } from '../src/runtime/online-sink.js'
import { execAll, liveContext, openTempSqlite, readTable, rows, type TempSqlite } from './helpers/sqlite-support.js'

const t = { name: 't' }
const rebuildsIn = (statements: readonly string[]) => statements.filter((s) => s.startsWith('CREATE TABLE "_tsmig_new_t"')).length

/**
 * Runs `body` with the `op` (and the sink behind it) of an online migration,
 * as the runner does: hooks, BEGIN, ops, flush, foreign-key check, COMMIT.
 * Returns the SQL of every batch the dialect compiled.
 */
async function onlineMigration(temp: TempSqlite, body: (op: Operations, sink: OnlineSink) => Promise<void>): Promise<string[]> {
  const compiled: string[] = []
  const batching = sqliteDialect.batching!
  const recording: Dialect = {
    ...sqliteDialect,
    batching: {
      batchTable: batching.batchTable,
      async compileBatch(ops, ctx) {
        const statements = await batching.compileBatch(ops, ctx)
        compiled.push(...statements)
        return statements
      },
    },
  }
  await temp.db.connection().execute(async (conn) => {
    const hooks = sqliteDialect.transactionHooks
    const run = {}
    await hooks.beforeBegin(conn, run)
    try {
      await sql.raw('BEGIN IMMEDIATE').execute(conn)
      try {
        const sink = new OnlineSink(conn, recording, undefined)
        await body(createOperations(sink), sink)
        await sink.flush()
        await hooks.beforeCommit(conn, run)
        await sql.raw('COMMIT').execute(conn)
      } catch (error) {
        await sql.raw('ROLLBACK').execute(conn)
        throw error
      }
    } finally {
      await hooks.afterEnd(conn, run)
    }
  })
  return compiled
}

const column = (name: string, fields: Partial<ColumnIR> = {}): ColumnIR => ({
  name, type: { kind: 'text' }, nullable: true, default: null, comment: null, identity: null, generated: null, autoIncrement: false, ...fields,
})

describe('SQLite: consecutive ops on one table make one rebuild', () => {
  let temp: TempSqlite
  beforeEach(async () => {
    temp = await openTempSqlite()
    await execAll(temp.db, [
      'CREATE TABLE t (id integer PRIMARY KEY, a text, b text, c text CHECK (c <> \'\'))',
      'CREATE TABLE log (what text)',
      `CREATE TRIGGER t_log AFTER UPDATE OF a ON t BEGIN INSERT INTO log VALUES (new.a); END`,
      'CREATE VIEW t_a AS SELECT id, a FROM t',
      `INSERT INTO t (a, b, c) VALUES ('1', 'x', 'y'), ('2', NULL, 'z')`,
    ])
  })
  afterEach(async () => temp.close())

  it('compiles a run of changes into a single rebuild', async () => {
    const ops: Op[] = [
      { kind: 'alterColumn', table: t, column: 'a', changes: { type: { kind: 'integer' } } },
      { kind: 'alterColumn', table: t, column: 'b', changes: { default: "'d'" } },
      { kind: 'addConstraint', table: t, constraint: { type: 'check', name: 'ck_a', expression: 'a > 0' } },
      { kind: 'dropColumn', table: t, column: 'c' },
      { kind: 'addColumn', table: t, column: column('n', { type: { kind: 'integer' }, nullable: false, default: '7' }) },
      { kind: 'createIndex', table: t, index: { name: 'ix_t_b', unique: false, elements: [{ column: 'b', desc: false, nulls: null }], where: null, using: null, include: [] } },
    ]
    const statements = await onlineMigration(temp, async (_op, sink) => {
      for (const op of ops) await sink.run(op)
    })
    expect(rebuildsIn(statements)).toBe(1)
    expect(await rows(temp.db, 'SELECT id, a, typeof(a) AS type, b, n FROM t ORDER BY id')).toEqual([
      { id: 1, a: 1, type: 'integer', b: 'x', n: 7 },
      { id: 2, a: 2, type: 'integer', b: null, n: 7 },
    ])
    const table = (await readTable(temp.db, 't'))!
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'a', 'b', 'n'])
    expect(table.checks).toEqual([{ name: 'ck_a', expression: 'a > 0' }])
    expect(table.indexes.map((i) => i.name)).toEqual(['ix_t_b'])
    await execAll(temp.db, [`UPDATE t SET a = 3 WHERE id = 1`])
    expect(await rows(temp.db, 'SELECT what FROM log')).toEqual([{ what: '3' }])
  })

  it('runs a batch natively when no op needs a rebuild', async () => {
    const statements = await compileTableBatch(
      [
        { kind: 'addColumn', table: t, column: column('d') },
        { kind: 'alterColumn', table: t, column: 'b', changes: { newName: 'bee' } },
        { kind: 'createIndex', table: t, index: { name: 'ix_t_d', unique: false, elements: [{ column: 'd', desc: false, nulls: null }], where: null, using: null, include: [] } },
        { kind: 'alterColumn', table: t, column: 'a', changes: { comment: 'SQLite has no comments' } },
      ],
      liveContext(temp.db),
    )
    expect(statements).toEqual([
      'ALTER TABLE "t" ADD COLUMN "d" text',
      'ALTER TABLE "t" RENAME COLUMN "b" TO "bee"',
      'CREATE INDEX "ix_t_d" ON "t" ("d")',
    ])
  })

  it('rebuilds renamed columns under their old names, then renames them natively (triggers and views follow)', async () => {
    const statements = await onlineMigration(temp, async (op) => {
      await op.alterColumn('t', 'a', { newName: 'alpha', type: integer() })
      await op.alterColumn('t', 'b', { default: '-' })
    })
    expect(rebuildsIn(statements)).toBe(1)
    expect(statements.at(-1)).toBe('ALTER TABLE "t" RENAME COLUMN "a" TO "alpha"')
    expect(await rows(temp.db, 'SELECT * FROM t_a ORDER BY id')).toEqual([{ id: 1, alpha: 1 }, { id: 2, alpha: 2 }])
    await execAll(temp.db, ['UPDATE t SET alpha = 5 WHERE id = 2'])
    expect(await rows(temp.db, 'SELECT what FROM log')).toEqual([{ what: '5' }])
    expect((await readTable(temp.db, 't'))!.columns.map((c) => [c.name, c.type.kind, c.default])).toEqual([
      ['id', 'integer', null],
      ['alpha', 'integer', null],
      ['b', 'text', "'-'"],
      ['c', 'text', null],
    ])
  })

  it('copies across renames when a new column takes an old name, and refuses that when triggers would break', async () => {
    const ops = (op: Operations) => async () => {
      await op.alterColumn('t', 'b', { newName: 'b2' })
      await op.addColumn('t', 'b', text().notNull().default('new'))
      await op.createCheckConstraint('ck_t_b2', 't', "b2 <> 'zzz'")
    }
    // t has a trigger (on column a): its stored text would keep the old names.
    await expect(onlineMigration(temp, (op) => ops(op)())).rejects.toThrow(
      /table t: its rebuild cannot keep its triggers while renaming b → b2 .*do the renames in their own op\.batchAlterTable\(\) call/,
    )
    await execAll(temp.db, ['DROP TRIGGER t_log'])
    await onlineMigration(temp, (op) => ops(op)())
    expect(await rows(temp.db, 'SELECT b2, b FROM t ORDER BY id')).toEqual([{ b2: 'x', b: 'new' }, { b2: null, b: 'new' }])
  })

  it('gives a column dropped and added again its default, not the old values', async () => {
    await onlineMigration(temp, async (op) => {
      await op.dropColumn('t', 'b')
      await op.addColumn('t', 'b', text().notNull().default('fresh'))
      await op.alterColumn('t', 'a', { type: integer() })
    })
    expect(await rows(temp.db, 'SELECT b FROM t ORDER BY id')).toEqual([{ b: 'fresh' }, { b: 'fresh' }])
  })

  it('compiles nothing for a batch that ends where it started', async () => {
    expect(
      await compileTableBatch(
        [
          { kind: 'addConstraint', table: t, constraint: { type: 'check', name: 'ck', expression: 'a <> b' } },
          { kind: 'dropConstraint', table: t, name: 'ck' },
        ],
        liveContext(temp.db),
      ),
    ).toEqual([])
  })
})


describe('the online sink holds a batch back until it ends', () => {
  let temp: TempSqlite
  beforeEach(async () => {
    temp = await openTempSqlite()
    await execAll(temp.db, ['CREATE TABLE t (id integer PRIMARY KEY, a text)', `INSERT INTO t (a) VALUES ('1'), ('2')`])
  })
  afterEach(async () => temp.close())

  it('carries it out before op.db runs a query and before an op that does not join it', async () => {
    const compiled = await onlineMigration(temp, async (op) => {
      await op.addColumn('t', 'n', integer().notNull().default(1))
      await op.alterColumn('t', 'n', { default: 2 })
      // The held-back column exists for the data migration…
      expect(await op.db.selectFrom('t').select(['id', 'n']).orderBy('id').execute()).toEqual([{ id: 1, n: 1 }, { id: 2, n: 1 }])
      await op.db.updateTable('t').set({ n: 3 }).execute()
      await op.alterColumn('t', 'a', { type: integer() })
      // …and for raw SQL.
      await op.execute('UPDATE t SET a = a + 10')
      await op.alterColumn('t', 'a', { nullable: false })
    })
    expect(rebuildsIn(compiled)).toBe(3)
    expect(await rows(temp.db, 'SELECT a, typeof(a) AS type, n FROM t ORDER BY id')).toEqual([
      { a: 11, type: 'integer', n: 3 },
      { a: 12, type: 'integer', n: 3 },
    ])
    expect((await readTable(temp.db, 't'))!.columns.find((c) => c.name === 'n')!.default).toBe('2')
  })

  it('refuses a transaction on op.db with a clear message', async () => {
    await expect(onlineMigration(temp, async (op) => op.db.transaction().execute(async () => undefined))).rejects.toThrow(
      /op\.db cannot begin a transaction: it runs on the migration's own connection/,
    )
  })

  it('names the table and the ops of a batch that fails', async () => {
    await execAll(temp.db, ['INSERT INTO t (a) VALUES (NULL)'])
    await expect(
      onlineMigration(temp, async (op) => {
        await op.batchAlterTable('t', (batch) => {
          batch.alterColumn('a', { nullable: false })
          batch.createCheckConstraint('ck_t_a', 'a > 0')
        })
        throw new Error('not reached: the batch runs when batchAlterTable returns')
      }),
    ).rejects.toThrow(/^table t \(alterColumn t\.a, addConstraint t\.ck_t_a\): NOT NULL constraint failed: _tsmig_new_t\.a$/)
    expect(await rows(temp.db, 'SELECT count(*) AS n FROM t')).toEqual([{ n: 3 }])
  })
})

describe('--sql: a rebuild printed from the simulated schema', () => {
  const items: TableIR = {
    name: 'items',
    columns: [column('id', { type: { kind: 'integer' }, nullable: false }), column('name'), column('score')],
    primaryKey: { name: 'items_pkey', columns: ['id'] },
    indexes: [],
    uniques: [],
    checks: [],
    foreignKeys: [],
    comment: null,
  }

  it('prints one rebuild for a run of ops, and the pragmas around the transaction', async () => {
    const printed: string[] = []
    const sink = new OfflineSink(sqliteDialect, { tables: [items], enums: [] }, (statement) => printed.push(statement))
    const op = createOperations(sink)
    await op.alterColumn('items', 'score', { type: integer() })
    await op.createCheckConstraint('ck_items_score', 'items', 'score >= 0')
    await op.createIndex('ix_items_name', 'items', ['name'])
    expect(printed).toEqual([])
    await sink.flush()
    expect(printed.filter((s) => s.startsWith('CREATE TABLE "_tsmig_new_items"'))).toHaveLength(1)
    expect(printed.at(-1)).toBe('CREATE INDEX "ix_items_name" ON "items" ("name")')
    expect(sink.simulatedSchema.tables[0].checks).toEqual([{ name: 'ck_items_score', expression: 'score >= 0' }])

    const hooks = sqliteOfflineTransactionHooks
    expect(hooks.beforeBegin(printed)).toEqual(['PRAGMA foreign_keys = OFF'])
    expect(hooks.beforeCommit(printed)[0]).toBe('PRAGMA foreign_key_check')
    expect(hooks.afterEnd(printed)).toEqual(['PRAGMA foreign_keys = ON'])
    const native = ['ALTER TABLE "items" ADD COLUMN "x" text']
    expect([hooks.beforeBegin(native), hooks.beforeCommit(native), hooks.afterEnd(native)]).toEqual([[], [], []])
  })

  it('prints a foreign-key check that stops the script before COMMIT when a row is orphaned', async () => {
    const temp = await openTempSqlite()
    try {
      await execAll(temp.db, ['CREATE TABLE p (id integer PRIMARY KEY)', 'CREATE TABLE c (p_id integer REFERENCES p (id))', 'PRAGMA foreign_keys = OFF', 'INSERT INTO c VALUES (42)'])
      const check = sqliteOfflineTransactionHooks.beforeCommit(['CREATE TEMP TABLE "_tsmig_rebuild_guard" (x)'])
      await expect(execAll(temp.db, check)).rejects.toThrow(/CHECK constraint failed: tsmig: PRAGMA foreign_key_check found rows/)
    } finally {
      await temp.close()
    }
  })
})
