import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteDialect } from '../src/dialects/sqlite/index.js'
import { ForeignKeyCheckError } from '../src/dialects/sqlite/transaction-hooks.js'
import type { Op } from '../src/ops/op.js'
import { execAll, liveContext, migrate, openTempSqlite, readTable, rows, type TempSqlite } from './helpers/sqlite-support.js'

const parentRows = 2000
const childRows = 6000

/** Row count and an order-independent checksum of a table's contents. */
async function fingerprint(temp: TempSqlite, table: string, columns: string) {
  const [row] = await rows<{ n: number; sum: number }>(
    temp.db,
    `SELECT count(*) AS n, coalesce(sum(length(${columns}) * 31 + unicode(${columns})), 0) AS sum FROM ${table}`,
  )
  return row
}

async function schemaSql(temp: TempSqlite): Promise<string[]> {
  return (await rows<{ sql: string }>(temp.db, 'SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name')).map((r) => r.sql)
}

describe('SQLite table rebuild', () => {
  let temp: TempSqlite
  beforeEach(async () => {
    temp = await openTempSqlite()
    await execAll(temp.db, [
      `CREATE TABLE parent (
        id integer PRIMARY KEY AUTOINCREMENT,
        code text NOT NULL COLLATE NOCASE UNIQUE,
        name varchar(50),
        legacy text CHECK (legacy <> ''),
        CHECK (length(code) > 0)
      )`,
      `CREATE TABLE child (
        id integer PRIMARY KEY,
        parent_id integer NOT NULL REFERENCES parent (id) ON DELETE CASCADE,
        note text
      )`,
      'CREATE INDEX ix_parent_name ON parent (name COLLATE NOCASE DESC)',
      'CREATE TABLE audit (parent_id integer, what text)',
      `CREATE TRIGGER parent_audit AFTER UPDATE ON parent BEGIN INSERT INTO audit VALUES (new.id, 'update'); END`,
      `CREATE TRIGGER child_audit AFTER INSERT ON child BEGIN INSERT INTO audit SELECT id, 'child' FROM parent WHERE id = new.parent_id; END`,
      'CREATE VIEW parent_names AS SELECT id, name FROM parent',
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${parentRows})
       INSERT INTO parent (code, name, legacy) SELECT 'c' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'name ' || i END, 'x' FROM n`,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${childRows})
       INSERT INTO child (parent_id, note) SELECT 1 + (i % ${parentRows}), 'note ' || i FROM n`,
      'DELETE FROM audit',
      // The AUTOINCREMENT counter runs ahead of max(id): it must survive the rebuild.
      `UPDATE sqlite_sequence SET seq = 5000 WHERE name = 'parent'`,
    ])
  })
  afterEach(async () => temp.close())

  it('keeps every child row of an ON DELETE CASCADE parent through several rebuilds', async () => {
    const before = {
      parent: await fingerprint(temp, 'parent', 'code'),
      child: await fingerprint(temp, 'child', 'note'),
    }
    const steps: Op[] = [
      { kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { type: { kind: 'text' } } },
      { kind: 'addConstraint', table: { name: 'parent' }, constraint: { type: 'check', name: 'ck_code', expression: `code LIKE 'c%'` } },
      { kind: 'dropColumn', table: { name: 'parent' }, column: 'legacy' },
      { kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { default: "'unnamed'" } },
    ]
    for (const op of steps) {
      const executed = await migrate(temp.db, [op])
      expect(executed).toContain('DROP TABLE "parent"')
      expect(await fingerprint(temp, 'parent', 'code')).toEqual(before.parent)
      expect(await fingerprint(temp, 'child', 'note')).toEqual(before.child)
      expect(await rows(temp.db, 'PRAGMA foreign_key_check')).toEqual([])
    }
    // Indexes, triggers, views, collations, the unnamed check and the counter are all still there.
    const sqlText = (await schemaSql(temp)).join('\n')
    expect(sqlText).toContain('CREATE INDEX ix_parent_name ON parent (name COLLATE NOCASE DESC)')
    expect(sqlText).toContain('CREATE TRIGGER parent_audit')
    expect(sqlText).toContain('CREATE TRIGGER child_audit')
    expect(sqlText).toMatch(/"code" text NOT NULL COLLATE "NOCASE"/)
    // The unnamed check of the dropped column went with it; the other unnamed one stays.
    expect((await readTable(temp.db, 'parent'))!.checks.map((c) => c.name).sort()).toEqual(['ck_code', 'parent_code_check'])
    expect(await rows(temp.db, 'SELECT count(*) AS n FROM parent_names')).toEqual([{ n: parentRows }])
    expect(await rows(temp.db, `SELECT seq FROM sqlite_sequence WHERE name = 'parent'`)).toEqual([{ seq: 5000 }])
    await execAll(temp.db, [`INSERT INTO parent (code) VALUES ('cnew')`, `UPDATE parent SET name = 'n' WHERE code = 'CNEW'`])
    expect(await rows(temp.db, `SELECT id, name FROM parent WHERE code = 'CNEW'`)).toEqual([{ id: 5001, name: 'n' }])
    expect(await rows(temp.db, 'SELECT * FROM audit')).toEqual([{ parent_id: 5001, what: 'update' }])
    // Foreign keys are enforced again after the migration, and still cascade.
    await execAll(temp.db, ['DELETE FROM parent WHERE id = 1'])
    expect(await rows(temp.db, 'SELECT count(*) AS n FROM child WHERE parent_id = 1')).toEqual([{ n: 0 }])
  })

  it('changes the primary key and keeps the children pointing at it', async () => {
    const ids = await fingerprint(temp, 'parent', 'id')
    await migrate(temp.db, [
      // AUTOINCREMENT only exists on an integer primary key: it goes first.
      { kind: 'alterColumn', table: { name: 'parent' }, column: 'id', changes: { autoIncrement: false } },
      { kind: 'dropConstraint', table: { name: 'parent' }, name: 'parent_pkey' },
      { kind: 'addConstraint', table: { name: 'parent' }, constraint: { type: 'unique', name: 'parent_id_key', columns: ['id'] } },
      { kind: 'addConstraint', table: { name: 'parent' }, constraint: { type: 'primaryKey', name: 'parent_pk', columns: ['code'] } },
    ])
    const parent = await readTable(temp.db, 'parent')
    expect(parent!.primaryKey).toEqual({ name: 'parent_pk', columns: ['code'] })
    expect(parent!.columns[0]).toMatchObject({ name: 'id', nullable: false, autoIncrement: false })
    expect(await fingerprint(temp, 'parent', 'id')).toEqual(ids)
    expect(await fingerprint(temp, 'child', 'note')).toEqual({ n: childRows, sum: expect.any(Number) })
    expect(await rows(temp.db, 'PRAGMA foreign_key_check')).toEqual([])
  })

  it('rolls back a NOT NULL over NULL data completely, naming table and column', async () => {
    const before = { sql: await schemaSql(temp), parent: await fingerprint(temp, 'parent', 'code') }
    const op: Op = { kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { nullable: false } }
    await expect(migrate(temp.db, [op])).rejects.toThrow(/NOT NULL constraint failed: _tsmig_new_parent\.name/)
    expect(await schemaSql(temp)).toEqual(before.sql)
    expect(await fingerprint(temp, 'parent', 'code')).toEqual(before.parent)
    expect(await fingerprint(temp, 'child', 'note')).toEqual({ n: childRows, sum: expect.any(Number) })
    expect(await rows(temp.db, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }])
  })

  it('rolls back a check the data fails, naming the constraint', async () => {
    const before = await schemaSql(temp)
    const op: Op = { kind: 'addConstraint', table: { name: 'parent' }, constraint: { type: 'check', name: 'ck_short', expression: 'length(code) < 3' } }
    await expect(migrate(temp.db, [op])).rejects.toThrow(/CHECK constraint failed: ck_short/)
    expect(await schemaSql(temp)).toEqual(before)
  })

  it('fails before COMMIT when a new foreign key has orphans, listing them', async () => {
    await execAll(temp.db, ['INSERT INTO audit VALUES (999999, ?)'.replace('?', `'orphan'`)])
    const op: Op = {
      kind: 'addConstraint',
      table: { name: 'audit' },
      constraint: {
        type: 'foreignKey', name: 'audit_parent_fk', columns: ['parent_id'], references: { table: 'parent', columns: ['id'] },
        onDelete: 'no action', onUpdate: 'no action', deferrable: null,
      },
    }
    const failure = migrate(temp.db, [op])
    await expect(failure).rejects.toBeInstanceOf(ForeignKeyCheckError)
    await expect(failure).rejects.toThrow(/audit\(parent_id\) rowid 1 → parent\(id\)/)
    expect((await readTable(temp.db, 'audit'))!.foreignKeys).toEqual([])
  })

  it('does not hold orphans that predate the migration against it', async () => {
    await temp.db.connection().execute(async (conn) => {
      await execAll(conn, ['PRAGMA foreign_keys = OFF', `INSERT INTO child (parent_id, note) VALUES (424242, 'orphan')`, 'PRAGMA foreign_keys = ON'])
    })
    await migrate(temp.db, [{ kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { type: { kind: 'text' } } }])
    expect(await rows(temp.db, 'SELECT count(*) AS n FROM child')).toEqual([{ n: childRows + 1 }])
  })

  it('refuses to rebuild when foreign keys are on, instead of cascading', async () => {
    const statements = await sqliteDialect.compile(
      { kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { type: { kind: 'text' } } },
      liveContext(temp.db),
    )
    await expect(
      temp.db.connection().execute(async (conn) => {
        await execAll(conn, ['BEGIN IMMEDIATE'])
        try {
          await execAll(conn, statements)
        } finally {
          await execAll(conn, ['ROLLBACK'])
        }
      }),
    ).rejects.toThrow(/needs PRAGMA foreign_keys = OFF before BEGIN/)
    expect(await fingerprint(temp, 'child', 'note')).toEqual({ n: childRows, sum: expect.any(Number) })
  })

  it('refuses to lose triggers when compiled without the stored SQL (offline)', async () => {
    const table = await readTable(temp.db, 'parent')
    const offline = { currentTable: async () => ({ ...table! }) }
    const statements = await sqliteDialect.compile(
      { kind: 'alterColumn', table: { name: 'parent' }, column: 'name', changes: { type: { kind: 'text' } } },
      offline,
    )
    expect(statements.join('\n')).not.toContain('CREATE TRIGGER')
    await expect(
      temp.db.connection().execute(async (conn) => {
        const run = {}
        await sqliteDialect.transactionHooks.beforeBegin(conn, run)
        await execAll(conn, ['BEGIN IMMEDIATE'])
        try {
          await execAll(conn, statements)
        } finally {
          await execAll(conn, ['ROLLBACK'])
          await sqliteDialect.transactionHooks.afterEnd(conn, run)
        }
      }),
    ).rejects.toThrow(/table parent has triggers/)
  })

  it('keeps WITHOUT ROWID, STRICT, self-references and rowids', async () => {
    await execAll(temp.db, [
      'CREATE TABLE node (id integer NOT NULL, up integer REFERENCES node (id), label text, PRIMARY KEY (id)) STRICT',
      'CREATE TABLE kv (k text PRIMARY KEY, v any) WITHOUT ROWID, STRICT',
      'CREATE TABLE plain (a text)',
      'INSERT INTO node VALUES (1, NULL, \'root\'), (2, 1, \'leaf\')',
      `INSERT INTO kv VALUES ('a', 1), ('b', 'two')`,
      `INSERT INTO plain (rowid, a) VALUES (10, 'x'), (20, 'y')`,
    ])
    await migrate(temp.db, [
      { kind: 'alterColumn', table: { name: 'node' }, column: 'label', changes: { nullable: false } },
      { kind: 'addConstraint', table: { name: 'kv' }, constraint: { type: 'check', name: 'k_short', expression: 'length(k) = 1' } },
      { kind: 'alterColumn', table: { name: 'plain' }, column: 'a', changes: { default: "'z'" } },
    ])
    const sqlText = (await schemaSql(temp)).join('\n')
    expect(sqlText).toMatch(/CREATE TABLE "node" \([^]*\) STRICT/)
    expect(sqlText).toMatch(/CREATE TABLE "kv" \([^]*\) WITHOUT ROWID, STRICT/)
    expect(await rows(temp.db, 'SELECT rowid AS r, a FROM plain ORDER BY r')).toEqual([{ r: 10, a: 'x' }, { r: 20, a: 'y' }])
    expect(await rows(temp.db, 'SELECT * FROM kv ORDER BY k')).toEqual([{ k: 'a', v: 1 }, { k: 'b', v: 'two' }])
    expect((await readTable(temp.db, 'node'))!.foreignKeys[0].references).toEqual({ table: 'node', columns: ['id'] })
    await expect(execAll(temp.db, ['INSERT INTO node VALUES (3, 99, \'x\')'])).rejects.toThrow(/FOREIGN KEY/)
  })
})
