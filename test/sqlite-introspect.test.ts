import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteDialect } from '../src/dialects/sqlite/index.js'
import { execAll, openTempSqlite, type TempSqlite } from './helpers/sqlite-support.js'
import { column } from './helpers/ir.js'


describe('introspectSqlite', () => {
  let temp: TempSqlite
  beforeEach(async () => {
    temp = await openTempSqlite()
  })
  afterEach(async () => temp.close())

  it('reads a hand-written schema into the exact IR', async () => {
    await execAll(temp.db, [
      `CREATE TABLE "user" (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        email VARCHAR(255) NOT NULL UNIQUE,
        "Select" text DEFAULT 'x' CHECK ("Select" <> ''),
        score numeric(10,2) DEFAULT (1 + 1),
        active boolean NOT NULL DEFAULT TRUE,
        created timestamp DEFAULT CURRENT_TIMESTAMP,
        doubled integer GENERATED ALWAYS AS (id * 2) STORED,
        note /* a comment, (with a paren */ text COLLATE NOCASE,
        CONSTRAINT ck_score CHECK (score >= 0),
        CHECK (score   <  1000 AND
               id > 0)
      )`,
      `CREATE TABLE "Ünïcode Table" (
        a int NOT NULL, b bigint NOT NULL, owner integer, parent_a int, parent_b bigint,
        CONSTRAINT "Ünïcode Table_pk" PRIMARY KEY (a, b),
        UNIQUE (owner, a),
        FOREIGN KEY (owner) REFERENCES "USER" ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT self_fk FOREIGN KEY (parent_a, parent_b) REFERENCES "Ünïcode Table" (a, b) ON DELETE SET NULL
      )`,
      `CREATE INDEX ix_desc ON "Ünïcode Table" (b DESC, lower(owner) COLLATE NOCASE)`,
      `CREATE UNIQUE INDEX "ux partial" ON "user" (email, created) WHERE active = 1 AND note IS NOT NULL`,
      `CREATE TABLE tsmig_version (version_num varchar(32) NOT NULL PRIMARY KEY)`,
      `CREATE VIEW active_users AS SELECT * FROM "user" WHERE active`,
      `CREATE TRIGGER user_touch AFTER UPDATE ON "user" BEGIN SELECT 1; END`,
    ])
    const schema = await sqliteDialect.introspect(temp.db, { excludeTables: ['tsmig_version'] })
    expect(schema.enums).toEqual([])
    expect(schema.tables.map((t) => t.name)).toEqual(['user', 'Ünïcode Table'])
    expect(schema.tables[0]).toEqual({
      name: 'user',
      columns: [
        column('id', { nullable: false, autoIncrement: true }),
        column('email', { type: { kind: 'varchar', length: 255 }, nullable: false }),
        column('Select', { type: { kind: 'text' }, default: "'x'" }),
        column('score', { type: { kind: 'numeric', precision: 10, scale: 2 }, default: '1 + 1' }),
        column('active', { type: { kind: 'boolean' }, nullable: false, default: 'true' }),
        column('created', { type: { kind: 'timestamp', withTimezone: false }, default: 'CURRENT_TIMESTAMP' }),
        column('doubled', { generated: 'id * 2' }),
        column('note', { type: { kind: 'text' }, collation: 'NOCASE' }),
      ],
      primaryKey: { name: 'user_pkey', columns: ['id'] },
      indexes: [
        {
          name: 'ux partial',
          unique: true,
          elements: [
            { column: 'email', desc: false, nulls: null },
            { column: 'created', desc: false, nulls: null },
          ],
          where: 'active = 1 AND note IS NOT NULL',
          using: null,
          include: [],
        },
      ],
      uniques: [{ name: 'user_email_key', columns: ['email'] }],
      checks: [
        { name: 'user_Select_check', expression: `"Select" <> ''` },
        { name: 'ck_score', expression: 'score >= 0' },
        // Uses two columns: PostgreSQL would call it <table>_check.
        { name: 'user_check', expression: 'score < 1000 AND id > 0' },
      ],
      foreignKeys: [],
      comment: null,
    })
    expect(schema.tables[1]).toEqual({
      name: 'Ünïcode Table',
      columns: [
        column('a', { nullable: false }),
        column('b', { type: { kind: 'bigint' }, nullable: false }),
        column('owner', {}),
        column('parent_a', {}),
        column('parent_b', { type: { kind: 'bigint' } }),
      ],
      primaryKey: { name: 'Ünïcode Table_pk', columns: ['a', 'b'] },
      indexes: [
        {
          name: 'ix_desc',
          unique: false,
          elements: [
            { column: 'b', desc: true, nulls: null },
            { expression: 'lower(owner)', desc: false, nulls: null },
          ],
          where: null,
          using: null,
          include: [],
        },
      ],
      uniques: [{ name: 'Ünïcode Table_owner_a_key', columns: ['owner', 'a'] }],
      checks: [],
      foreignKeys: [
        {
          name: 'Ünïcode Table_owner_fkey',
          columns: ['owner'],
          // Spelled as the table was created; no columns given = the parent's primary key.
          references: { table: 'user', columns: ['id'] },
          onDelete: 'cascade',
          onUpdate: 'set null',
          deferrable: 'initially deferred',
        },
        {
          name: 'self_fk',
          columns: ['parent_a', 'parent_b'],
          references: { table: 'Ünïcode Table', columns: ['a', 'b'] },
          onDelete: 'set null',
          onUpdate: 'no action',
          deferrable: null,
        },
      ],
      comment: null,
    })
  })

  it('names unnamed constraints as PostgreSQL would, numbering clashes', async () => {
    await execAll(temp.db, [
      `CREATE TABLE t (
        a int CHECK (a > 0) CHECK (a < 10),
        b text CONSTRAINT t_b_key UNIQUE,
        c text UNIQUE REFERENCES t (b),
        CHECK (1 = 1),
        UNIQUE (b)
      )`,
    ])
    const [table] = (await sqliteDialect.introspect(temp.db, { excludeTables: [] })).tables
    expect(table.checks.map((c) => c.name)).toEqual(['t_a_check', 't_a_check1', 't_check'])
    expect(table.uniques.map((u) => u.name)).toEqual(['t_b_key', 't_c_key', 't_b_key1'])
    expect(table.foreignKeys.map((f) => f.name)).toEqual(['t_c_fkey'])
    expect(table.primaryKey).toBeNull()
  })

  it('reads rowid aliases as NOT NULL and other primary keys as declared', async () => {
    await execAll(temp.db, [
      'CREATE TABLE r (id INTEGER PRIMARY KEY, v text)',
      'CREATE TABLE s (code text PRIMARY KEY)',
      'CREATE TABLE w (code text PRIMARY KEY, n int) WITHOUT ROWID',
    ])
    const tables = (await sqliteDialect.introspect(temp.db, { excludeTables: [] })).tables
    const nullability = Object.fromEntries(tables.map((t) => [t.name, t.columns[0].nullable]))
    // SQLite lets a non-rowid, rowid-table primary key hold NULL unless it says NOT NULL.
    expect(nullability).toEqual({ r: false, s: true, w: false })
  })

  it('skips SQLite internal tables and virtual tables', async () => {
    await execAll(temp.db, [
      'CREATE TABLE a (id integer PRIMARY KEY AUTOINCREMENT)',
      'INSERT INTO a DEFAULT VALUES',
      'CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)',
    ])
    const names = (await sqliteDialect.introspect(temp.db, { excludeTables: [] })).tables.map((t) => t.name)
    expect(names).not.toContain('sqlite_sequence')
    expect(names).not.toContain('r')
    expect(names).toContain('a')
  })
})
