import { describe, expect, it } from 'vitest'
import { renderRevision } from '../src/render/render-revision.js'
import { modelFromModules } from '../src/model/load-model.js'
import { compareSchemas } from '../src/compare/compare-schema.js'
import { reverseOps } from '../src/ops/reverse.js'
import { table, serial, integer, varchar, boolean, timestamp, text, index, uniqueIndex, check, sql, enumType } from '../src/api.js'

describe('revision rendering', () => {
  it('renders a create as idiomatic DSL, and its reverse', async () => {
    const mood = enumType('mood', ['happy', 'sad'])
    const users = table('users', {
      id: serial().primaryKey(),
      email: varchar(255).notNull().unique(),
      is_active: boolean().notNull().default(true),
      created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
      mood: mood(),
      'Full Name': text().comment("it's a name"),
    }, (t) => [
      uniqueIndex('ux_users_email_lower').on(sql`lower(email)`).where(sql`is_active`),
      index('ix_users_created').on(t.created_at.desc()),
      check('ck_users_email', sql`email <> ''`),
    ])
    const posts = table('posts', {
      id: serial().primaryKey(),
      author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
    })
    const model = modelFromModules([{ mood, users, posts }])
    const ops = compareSchemas({ tables: [], enums: [] }, model).changes.map((c) => c.op)
    const source = await renderRevision({
      id: 'abc123def456',
      downRevisions: [],
      branchLabels: [],
      dependsOn: [],
      message: 'create users',
      createdAt: '2026-11-26T00:00:00Z',
      upgrade: ops,
      downgrade: reverseOps(ops),
    })
    expect(source).toMatchInlineSnapshot(`
      "import { type Operations, boolean, check, columnRef, enumColumn, foreignKey, index, integer, serial, sql, text, timestamp, uniqueIndex, varchar } from 'tsmig'

      export const revision = 'abc123def456'
      export const downRevision: string | string[] | null = null
      export const branchLabels: string[] = []
      export const dependsOn: string[] = []
      export const message = 'create users'
      export const createdAt = '2026-11-26T00:00:00Z'

      export async function upgrade(op: Operations): Promise<void> {
        await op.createEnum('mood', ['happy', 'sad'])
        await op.createTable('users', {
          id: serial().primaryKey(),
          email: varchar(255).notNull().unique(),
          is_active: boolean().notNull().default(true),
          created_at: timestamp({ withTimezone: true }).notNull().default(sql\`now()\`),
          mood: enumColumn('mood'),
          'Full Name': text().comment('it\\'s a name'),
        }, () => [
          check('ck_users_email', sql\`email <> ''\`),
          uniqueIndex('ux_users_email_lower').on(sql\`lower(email)\`).where(sql\`is_active\`),
          index('ix_users_created').on(columnRef('created_at').desc()),
        ])
        await op.createTable('posts', {
          id: serial().primaryKey(),
          author_id: integer().notNull(),
        }, () => [
          foreignKey({ name: 'posts_author_id_fkey', columns: ['author_id'], foreignTable: 'users', foreignColumns: ['id'], onDelete: 'cascade' }),
        ])
      }

      export async function downgrade(op: Operations): Promise<void> {
        await op.dropTable('posts')
        await op.dropTable('users')
        await op.dropEnum('mood')
      }
      "
    `)
  })
})
