import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileSqliteOp } from '../src/dialects/sqlite/compile/compile.js'
import { declareModel as declareSqliteModel, normalizeModel } from '../src/dialects/sqlite/normalize/normalize.js'
import { applyOp } from '../src/ops/apply-op.js'
import type { Op } from '../src/ops/op.js'
import type { ColumnIR, TableIR } from '../src/schema/ir.js'
import { column as irColumn } from './helpers/ir.js'
import { execAll, introspect, migrate, openTempSqlite, rows, type TempSqlite } from './helpers/sqlite-support.js'

/** Columns here are text unless said otherwise. */
const column = (name: string, fields: Partial<ColumnIR> = {}): ColumnIR => irColumn(name, { type: { kind: 'text' }, ...fields })

/** The model IR of the SPEC's example, as the DSL produces it (PostgreSQL names and types). */
const users: TableIR = {
  name: 'users',
  columns: [
    column('id', { type: { kind: 'integer' }, nullable: false, autoIncrement: true }),
    column('email', { type: { kind: 'varchar', length: 255 }, nullable: false }),
    column('is_active', { type: { kind: 'boolean' }, nullable: false, default: 'true' }),
    column('mood', { type: { kind: 'enum', name: 'mood' } }),
    column('created_at', { type: { kind: 'timestamp', withTimezone: true }, nullable: false, default: 'now()' }),
  ],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  indexes: [],
  uniques: [{ name: 'users_email_key', columns: ['email'] }],
  checks: [],
  foreignKeys: [],
  comment: 'people',
}

const posts: TableIR = {
  name: 'posts',
  columns: [
    column('id', { type: { kind: 'bigint' }, nullable: false, identity: { always: true } }),
    column('title', { type: { kind: 'varchar', length: 255 }, nullable: false }),
    column('author_id', { type: { kind: 'integer' }, nullable: false }),
    column('price', { type: { kind: 'numeric', precision: 10, scale: 2 }, default: "'0'" }),
    column('slug', { generated: 'lower(title)' }),
  ],
  primaryKey: { name: 'posts_pkey', columns: ['id'] },
  indexes: [
    { name: 'ix_posts_author_id', unique: false, elements: [{ column: 'author_id', desc: true, nulls: 'last' }], where: null, using: 'btree', include: [] },
    { name: 'ux_posts_title_lower', unique: true, elements: [{ expression: 'lower(title)', desc: false, nulls: null }], where: 'price > 0', using: null, include: [] },
  ],
  uniques: [],
  checks: [{ name: 'ck_posts_price', expression: '(price >= 0)' }],
  foreignKeys: [
    {
      name: 'posts_author_id_fkey',
      columns: ['author_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'cascade',
      onUpdate: 'no action',
      deferrable: 'initially deferred',
    },
  ],
  comment: null,
}

const model = { tables: [users, posts], enums: [{ name: 'mood', values: ['happy', "it's ok"] }] }

describe('SQLite compile: every op kind, executed and read back', () => {
  let temp: TempSqlite
  beforeAll(async () => {
    temp = await openTempSqlite()
  })
  afterAll(async () => temp.close())

  /** Runs the op through the hooks; the database must then read back as `applyOp` says. */
  async function step(op: Op): Promise<string[]> {
    const expected = normalizeModel(applyOp(await introspect(temp.db), op))
    const executed = await migrate(temp.db, [op])
    expect(await introspect(temp.db)).toEqual(expected)
    return executed
  }

  const countRows = async () => {
    const [{ n: u }] = await rows<{ n: number }>(temp.db, 'SELECT count(*) AS n FROM users')
    const [{ n: p }] = await rows<{ n: number }>(temp.db, 'SELECT count(*) AS n FROM posts')
    return { users: u, posts: p }
  }

  it('creates the model so that it reads back equal to the normalized model', async () => {
    const normalized = normalizeModel(model)
    // Written as declared (each expression as the model has it), read back as compared.
    await migrate(
      temp.db,
      declareSqliteModel(model).tables.map((table): Op => ({ kind: 'createTable', table })),
    )
    expect(await introspect(temp.db)).toEqual({ tables: [...normalized.tables].reverse(), enums: [] })
    const [usersSql] = await rows<{ sql: string }>(temp.db, `SELECT sql FROM sqlite_master WHERE name = 'users'`)
    expect(usersSql.sql).toContain('"id" integer NOT NULL CONSTRAINT "users_pkey" PRIMARY KEY AUTOINCREMENT')
    expect(usersSql.sql).toContain(`CONSTRAINT "users_mood_enum" CHECK (mood IN ('happy', 'it''s ok'))`)
    await execAll(temp.db, [
      `INSERT INTO users (email, mood) VALUES ('a@x', 'happy'), ('b@x', NULL), ('c@x', 'it''s ok')`,
      `INSERT INTO posts (title, author_id, price) VALUES ('One', 1, 1), ('Two', 1, 2), ('Three', 2, 0)`,
    ])
    await expect(execAll(temp.db, [`INSERT INTO users (email, mood) VALUES ('d@x', 'angry')`])).rejects.toThrow(/users_mood_enum/)
  })

  it('adds columns natively when ADD COLUMN can, by rebuild otherwise', async () => {
    const native = await step({ kind: 'addColumn', table: { name: 'users' }, column: column('nick', { default: "'anon'" }) })
    expect(native).toEqual([`ALTER TABLE "users" ADD COLUMN "nick" text DEFAULT 'anon'`])
    const notNull = await step({ kind: 'addColumn', table: { name: 'users' }, column: column('score', { type: { kind: 'integer' }, nullable: false, default: '0' }) })
    expect(notNull).toHaveLength(1)
    const rebuilt = await step({
      kind: 'addColumn',
      table: { name: 'posts' },
      column: column('published_at', { type: { kind: 'timestamp', withTimezone: false }, nullable: false, default: 'now()' }),
    })
    expect(rebuilt.some((s) => s.startsWith('CREATE TABLE "_tsmig_new_posts"'))).toBe(true)
    const published = await rows<{ published_at: string }>(temp.db, 'SELECT published_at FROM posts')
    expect(published.every((r) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.published_at))).toBe(true)
    expect(await countRows()).toEqual({ users: 3, posts: 3 })
  })

  it('alters columns: a rename natively, type/nullability/default/generated by rebuild', async () => {
    expect(await step({ kind: 'alterColumn', table: { name: 'users' }, column: 'nick', changes: { newName: 'nickname' } })).toEqual([
      'ALTER TABLE "users" RENAME COLUMN "nick" TO "nickname"',
    ])
    expect(await step({ kind: 'alterColumn', table: { name: 'users' }, column: 'nickname', changes: { comment: 'ignored' } })).toEqual([])
    await step({ kind: 'alterColumn', table: { name: 'users' }, column: 'email', changes: { type: { kind: 'text' } } })
    await step({ kind: 'alterColumn', table: { name: 'users' }, column: 'nickname', changes: { nullable: false, default: "'?'" } })
    await step({ kind: 'alterColumn', table: { name: 'posts' }, column: 'slug', changes: { generated: null } })
    await step({ kind: 'alterColumn', table: { name: 'posts' }, column: 'price', changes: { type: { kind: 'integer' }, newName: 'cents' } })
    const slugs = await rows<{ slug: string; cents: number }>(temp.db, 'SELECT slug, cents FROM posts ORDER BY id')
    expect(slugs).toEqual([{ slug: 'one', cents: 1 }, { slug: 'two', cents: 2 }, { slug: 'three', cents: 0 }])
    await step({ kind: 'alterColumn', table: { name: 'posts' }, column: 'slug', changes: { generated: 'upper(title)' } })
    expect(await countRows()).toEqual({ users: 3, posts: 3 })
  })

  it('creates and drops indexes natively', async () => {
    const created = await step({
      kind: 'createIndex',
      table: { name: 'users' },
      index: { name: 'ix users "mixed"', unique: false, elements: [{ expression: 'lower(email)', desc: true, nulls: null }, { column: 'score', desc: false, nulls: 'first' }], where: 'score > 0', using: 'gin', include: ['id'] },
    })
    expect(created).toEqual([`CREATE INDEX "ix users ""mixed""" ON "users" (lower(email) DESC, "score") WHERE score > 0`])
    expect(await step({ kind: 'dropIndex', table: { name: 'users' }, name: 'ix users "mixed"' })).toEqual(['DROP INDEX "ix users ""mixed"""'])
  })

  it('adds and drops every kind of constraint by rebuild, keeping rows', async () => {
    await step({ kind: 'addConstraint', table: { name: 'users' }, constraint: { type: 'unique', name: 'users_email_nick', columns: ['email', 'nickname'] } })
    await step({ kind: 'addConstraint', table: { name: 'users' }, constraint: { type: 'check', name: 'score_positive', expression: 'score >= 0' } })
    await step({
      kind: 'addConstraint',
      table: { name: 'posts' },
      constraint: {
        type: 'foreignKey', name: 'posts_self_fk', columns: ['author_id'], references: { table: 'posts', columns: ['id'] },
        onDelete: 'set null', onUpdate: 'cascade', deferrable: 'initially immediate',
      },
    })
    await step({ kind: 'dropConstraint', table: { name: 'posts' }, name: 'posts_self_fk' })
    await step({ kind: 'dropConstraint', table: { name: 'users' }, name: 'score_positive' })
    await step({ kind: 'dropConstraint', table: { name: 'users' }, name: 'users_email_nick' })
    await step({ kind: 'dropConstraint', table: { name: 'posts' }, name: 'ck_posts_price' })
    await step({ kind: 'dropConstraint', table: { name: 'posts' }, name: 'posts_pkey' })
    await step({ kind: 'addConstraint', table: { name: 'posts' }, constraint: { type: 'primaryKey', name: 'posts_pk2', columns: ['id', 'title'] } })
    expect(await countRows()).toEqual({ users: 3, posts: 3 })
    const [check] = await rows(temp.db, 'PRAGMA foreign_key_check')
    expect(check).toBeUndefined()
  })

  it('drops columns natively when nothing uses them, by rebuild otherwise', async () => {
    expect(await step({ kind: 'dropColumn', table: { name: 'users' }, column: 'is_active' })).toEqual([
      'ALTER TABLE "users" DROP COLUMN "is_active"',
    ])
    // author_id is in an index and a foreign key: both go with it, as in PostgreSQL.
    const rebuilt = await step({ kind: 'dropColumn', table: { name: 'posts' }, column: 'author_id' })
    expect(rebuilt).toContain('DROP TABLE "posts"')
    expect(await countRows()).toEqual({ users: 3, posts: 3 })
  })

  it('renames and drops tables; enum, comment and execute ops', async () => {
    await step({ kind: 'renameTable', table: { name: 'posts' }, newName: 'Articles & "Notes"' })
    for (const op of [
      { kind: 'createEnum', enum: { name: 'e', values: ['a'] } },
      { kind: 'addEnumValue', name: 'e', value: 'b' },
      { kind: 'recreateEnum', name: 'e', values: ['b'] },
      { kind: 'dropEnum', name: 'e' },
      { kind: 'setTableComment', table: { name: 'users' }, comment: 'x' },
    ] as const) {
      expect(await compileSqliteOp(op, { currentTable: async () => undefined })).toEqual([])
    }
    expect(await step({ kind: 'execute', sql: `UPDATE users SET nickname = 'n'` })).toEqual([`UPDATE users SET nickname = 'n'`])
    await step({ kind: 'dropTable', table: { name: 'Articles & "Notes"' } })
    expect((await introspect(temp.db)).tables.map((t) => t.name)).toEqual(['users'])
  })
})

describe('SQLite compile: what SQLite cannot express is an error naming it', () => {
  const ctx = { currentTable: async () => undefined }
  it('refuses schemas, enum columns without their values, and misplaced serial columns', async () => {
    await expect(compileSqliteOp({ kind: 'createTable', table: { ...users, schema: 'audit' } }, ctx)).rejects.toThrow(
      /table audit\.users: SQLite has no schemas/,
    )
    await expect(compileSqliteOp({ kind: 'createTable', table: users }, ctx)).rejects.toThrow(/column users\.mood: .*enum mood/)
    const serialNotKey = { ...posts, columns: [column('n', { type: { kind: 'integer' }, autoIncrement: true }), ...posts.columns] }
    await expect(compileSqliteOp({ kind: 'createTable', table: serialNotKey }, ctx)).rejects.toThrow(/column posts\.n: .*single-column primary key/)
    await expect(compileSqliteOp({ kind: 'addColumn', table: { name: 'nope' }, column: column('x') }, ctx)).rejects.toThrow(/table nope does not exist/)
  })

  it('refuses NULLS orders SQLite cannot give', async () => {
    const index = { name: 'ix', unique: false, elements: [{ column: 'a', desc: false, nulls: 'last' as const }], where: null, using: null, include: [] }
    await expect(compileSqliteOp({ kind: 'createIndex', table: { name: 't' }, index }, ctx)).rejects.toThrow(/NULLs last/)
  })
})
