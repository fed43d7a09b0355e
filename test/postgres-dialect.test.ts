import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql as kyselySql, type Kysely } from 'kysely'
import { postgresDialect } from '../src/dialects/postgres/index.js'
import {
  boolean, check, customType, enumType, index, integer, jsonb, numeric, serial, sql, table, text, timestamp, uniqueIndex, varchar,
  char, bigint, time, doublePrecision, uuid,
} from '../src/model/index.js'
import { modelFromModules } from '../src/model/load-model.js'
import type { Op } from '../src/ops/op.js'
import type { SchemaIR } from '../src/schema/ir.js'
import { createTempDatabase, type TempDatabase } from './helpers/postgres.js'

// The SPEC's example model, plus the features whose spelling PostgreSQL changes.
const mood = enumType('mood', ['happy', 'sad'])
const users = table('users', {
  id: serial().primaryKey(),
  email: varchar(255).notNull().unique(),
  full_name: varchar(255),
  is_active: boolean().notNull().default(true),
  mood: mood().default('happy'),
  created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  code: char(),
  settings: jsonb().default(sql`'{"theme": "dark", "a": 1}'`),
  tags: customType('varchar(20)[]').default(sql`'{}'`),
  at: time({ withTimezone: false }),
  ratio: doublePrecision().default(1.5),
  token: uuid().default(sql`gen_random_uuid()`),
  big: bigint().identity({ always: true }),
})
const posts = table(
  'posts',
  {
    id: serial().primaryKey(),
    title: varchar(255).notNull(),
    content: text().notNull(),
    author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
    price: numeric(10, 2).default('0'),
    doubled: numeric(12, 2).generated(sql`price * 2`),
    status: varchar(20).notNull().default('draft'),
  },
  (t) => [
    index('ix_posts_author_id').on(t.author_id),
    uniqueIndex('ux_posts_title_lower').on(sql`lower(title)`).where(sql`price > 0`),
    check('ck_posts_price', sql`price >= 0`),
    check('ck_posts_status', sql`status in ('draft', 'published') and length(title) between 1 and 200`),
  ],
  { comment: 'blog posts' },
)

let database: TempDatabase
let db: Kysely<any>
let model: SchemaIR

beforeAll(async () => {
  database = await createTempDatabase()
  db = await postgresDialect.connect(database.url, process.cwd())
  model = modelFromModules([{ mood, users, posts }])
  const ops: Op[] = [
    ...model.enums.map((e): Op => ({ kind: 'createEnum', enum: e })),
    ...['users', 'posts'].map((name): Op => ({ kind: 'createTable', table: model.tables.find((t) => t.name === name)! })),
  ]
  const ctx = { currentTable: async () => undefined }
  for (const op of ops) {
    for (const statement of await postgresDialect.compile(op, ctx)) await kyselySql.raw(statement).execute(db)
  }
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

function sorted(schema: SchemaIR): SchemaIR {
  const byName = <T extends { readonly name: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.name < b.name ? -1 : 1))
  return {
    enums: byName(schema.enums),
    tables: byName(schema.tables).map((t) => ({
      ...t,
      indexes: byName(t.indexes),
      uniques: byName(t.uniques),
      checks: byName(t.checks),
      foreignKeys: byName(t.foreignKeys),
    })),
  }
}

describe('postgresDialect', () => {
  it('declares what PostgreSQL supports', () => {
    expect(postgresDialect.name).toBe('postgres')
    expect(postgresDialect.capabilities).toEqual({ transactionalDdl: true, enums: true, comments: true, schemas: true })
    expect(postgresDialect.beginSql).toBe('BEGIN')
    expect(postgresDialect.quoteIdentifier('Ünïcode "Table"')).toBe('"Ünïcode ""Table"""')
  })

  it('introspects a model created from its own DDL exactly as it normalizes the model', async () => {
    const database = await postgresDialect.introspect(db, { excludeTables: [] })
    const normalized = await postgresDialect.normalizeModel(model, db)
    // The database reports every option of an identity's sequence, the model the ones it states
    // (none here): the comparator compares only those. Everything else is equal as it is.
    const big = database.tables.flatMap((t) => t.columns).find((c) => c.name === 'big')!
    expect(big.identity).toEqual({
      always: true, start: '1', increment: '1', minValue: '1', maxValue: '9223372036854775807', cycle: false, cache: '1',
    })
    const introspected: SchemaIR = {
      ...database,
      tables: database.tables.map((t) => ({
        ...t,
        columns: t.columns.map((c) => (c.identity === null ? c : { ...c, identity: { always: c.identity.always } })),
      })),
    }
    expect(sorted(introspected)).toStrictEqual(sorted(normalized))
    const posts = introspected.tables.find((t) => t.name === 'posts')!
    expect(Object.fromEntries(posts.checks.map((c) => [c.name, c.expression]))).toEqual({
      ck_posts_price: 'price >= 0',
      ck_posts_status: "(status = ANY (ARRAY['draft', 'published'])) AND length(title) >= 1 AND length(title) <= 200",
    })
    expect(introspected.tables.find((t) => t.name === 'users')!.columns.find((c) => c.name === 'settings')!.default).toBe(
      `'{"a": 1, "theme": "dark"}'`,
    )
  })

  it('treats a model that names the current schema like one that does not', async () => {
    const named: SchemaIR = {
      enums: model.enums.map((e) => ({ ...e, schema: 'public' })),
      tables: model.tables.map((t) => ({ ...t, schema: 'public' })),
    }
    expect(sorted(await postgresDialect.normalizeModel(named, db))).toStrictEqual(sorted(await postgresDialect.normalizeModel(model, db)))
  })
})
