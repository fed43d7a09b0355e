import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { normalizeModel, normalizeTable } from '../src/dialects/sqlite/normalize/normalize.js'
import { modelFromModules } from '../src/model/load-model.js'
import {
  bigserial,
  boolean,
  check,
  enumType,
  index,
  integer,
  numeric,
  serial,
  sql,
  table,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from '../src/model/index.js'
import type { Op } from '../src/ops/op.js'
import { introspect, migrate, openTempSqlite, type TempSqlite } from './helpers/sqlite-support.js'

/** The SPEC's example model, written with the DSL. */
function specModel() {
  const mood = enumType('mood', ['happy', 'sad'])
  const users = table('users', {
    id: serial().primaryKey(),
    email: varchar(255).notNull().unique(),
    full_name: varchar(255),
    is_active: boolean().notNull().default(true),
    mood: mood(),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  })
  const posts = table(
    'posts',
    {
      id: bigserial().primaryKey(),
      title: varchar(255).notNull(),
      content: text().notNull(),
      author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade', deferrable: 'initially deferred' }),
      price: numeric(10, 2).default('0'),
    },
    (t) => [
      index('ix_posts_author_id').on(t.author_id.desc()),
      uniqueIndex('ux_posts_title_lower').on(sql`lower(title)`).where(sql`price > 0`).using('btree'),
      check('ck_posts_price', sql`price >= 0`),
    ],
    { comment: 'blog posts' },
  )
  return modelFromModules([{ mood, users, posts }])
}

describe('normalizeModel (SQLite)', () => {
  let temp: TempSqlite
  beforeEach(async () => {
    temp = await openTempSqlite()
  })
  afterEach(async () => temp.close())

  it('gives exactly what the database reports after creating the model', async () => {
    const normalized = normalizeModel(specModel())
    const ops = normalized.tables.map((table): Op => ({ kind: 'createTable', table }))
    await migrate(temp.db, ops)
    const live = await introspect(temp.db)
    const byName = (s: typeof live) => [...s.tables].sort((a, b) => a.name.localeCompare(b.name))
    expect(byName(live)).toEqual(byName(normalized))
    expect(normalizeModel(normalized)).toEqual(normalized)
  })

  it('degrades what SQLite lacks as documented', () => {
    const normalized = normalizeModel(specModel())
    expect(normalized.enums).toEqual([])
    const users = normalized.tables.find((t) => t.name === 'users')!
    const posts = normalized.tables.find((t) => t.name === 'posts')!
    expect(users.columns.find((c) => c.name === 'mood')!.type).toEqual({ kind: 'text' })
    expect(users.checks).toContainEqual({ name: 'users_mood_enum', expression: `mood IN ('happy', 'sad')` })
    expect(users.columns.find((c) => c.name === 'created_at')!.default).toBe('CURRENT_TIMESTAMP')
    // bigserial: AUTOINCREMENT exists only on a column declared exactly `integer`.
    expect(posts.columns[0]).toMatchObject({ type: { kind: 'integer' }, autoIncrement: true })
    expect(posts.comment).toBeNull()
    expect(posts.indexes.find((i) => i.name === 'ux_posts_title_lower')!.using).toBeNull()
    expect(posts.checks).toContainEqual({ name: 'ck_posts_price', expression: 'price >= 0' })
  })

  it('reports identity or serial columns that are not the primary key, naming them', () => {
    expect(() => normalizeModel(specModel())).not.toThrow()
    const model = modelFromModules([{ t: table('t', { id: integer().primaryKey(), n: serial() }) }])
    expect(() => normalizeModel(model)).toThrow(/column t\.n: SQLite supports serial\/AUTOINCREMENT column only as the table's single-column primary key/)
    const identity = modelFromModules([{ t: table('t', { id: text().primaryKey(), n: integer().identity() }) }])
    expect(() => normalizeModel(identity)).toThrow(/column t\.n: .*identity/)
  })

  it('turns an identity primary key into the rowid', () => {
    const [t] = normalizeModel(modelFromModules([{ t: table('t', { id: integer().identity({ always: true }).primaryKey() }) }])).tables
    expect(t.columns[0]).toMatchObject({ type: { kind: 'integer' }, identity: null, autoIncrement: false, nullable: false })
    expect(normalizeTable(t)).toEqual(t)
  })
})
