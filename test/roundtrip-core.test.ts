import { afterAll, describe, it } from 'vitest'
import { assertRoundTrip, type RoundTripScenario } from './helpers/roundtrip.js'
import type { TestProject } from './helpers/project.js'

const users = `
export const users = table('users', {
  id: serial().primaryKey(),
  email: varchar(255).notNull().unique(),
  hashed_password: varchar(255).notNull(),
  full_name: varchar(255),
  is_active: boolean().notNull().default(true),
  created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`),
  updated_at: timestamp(),
}, (t) => [index('ix_users_email').on(t.email)])
`
const posts = `
export const posts = table('posts', {
  id: serial().primaryKey(),
  title: varchar(255).notNull(),
  content: text().notNull(),
  author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
  created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`),
}, (t) => [index('ix_posts_author_id').on(t.author_id)])
`
const item = (columns: string) => `export const items = table('items', {\n  id: serial().primaryKey(),\n${columns}\n})\n`

const scenarios: RoundTripScenario[] = [
  { name: 'empty database → the example models', before: null, after: users + posts },
  { name: 'add a table with a foreign key to an existing one', before: users, after: users + posts },
  { name: 'drop a table that nothing references', before: users + posts, after: users },
  { name: 'add a nullable column', before: item('  name: text(),'), after: item('  name: text(),\n  note: varchar(80),') },
  { name: 'add a NOT NULL column with a default', before: item('  name: text(),'), after: item("  name: text(),\n  status: varchar(20).notNull().default('draft'),") },
  { name: 'drop a column', before: item('  name: text(),\n  note: text(),'), after: item('  name: text(),') },
  { name: 'varchar(100) → varchar(255)', before: item('  name: varchar(100),'), after: item('  name: varchar(255),') },
  { name: 'integer → bigint', before: item('  n: integer(),'), after: item('  n: bigint(),') },
  { name: 'text → varchar(50)', before: item('  name: text(),'), after: item('  name: varchar(50),') },
  { name: 'set NOT NULL', before: item('  name: text(),'), after: item('  name: text().notNull(),') },
  { name: 'drop NOT NULL', before: item('  name: text().notNull(),'), after: item('  name: text(),') },
  { name: 'add a literal default', before: item('  n: integer(),'), after: item('  n: integer().default(7),') },
  { name: 'change a literal default', before: item("  s: varchar(10).default('a'),"), after: item("  s: varchar(10).default('b'),") },
  { name: 'drop a default', before: item('  flag: boolean().default(false),'), after: item('  flag: boolean(),') },
  { name: 'add a boolean default', before: item('  flag: boolean(),'), after: item('  flag: boolean().notNull().default(true),') },
  { name: 'add a CURRENT_TIMESTAMP default', before: item('  at: timestamp(),'), after: item('  at: timestamp().default(sql`CURRENT_TIMESTAMP`),') },
  { name: 'add a now() default', before: item('  at: timestamp({ withTimezone: true }),'), after: item('  at: timestamp({ withTimezone: true }).default(sql`now()`),'), dialects: ['postgres'] },
  { name: 'change now() to a literal timestamp', before: item('  at: timestamp().default(sql`now()`),'), after: item("  at: timestamp().default('2020-01-01 00:00:00'),"), dialects: ['postgres'] },
  { name: 'add a column comment', before: item('  name: text(),'), after: item("  name: text().comment('the name'),"), dialects: ['postgres'] },
  { name: 'change a column comment', before: item("  name: text().comment('old'),"), after: item("  name: text().comment('new'),"), dialects: ['postgres'] },
  {
    name: 'serial, varchar, timestamp, numeric(10,2), boolean and text defaults give nothing spurious',
    before: null,
    after: item(
      "  price: numeric(10, 2).notNull().default('0'),\n  ratio: numeric(5, 2).default(1.5),\n  label: text().default('hello'),\n  code: varchar(255).default('x'),\n  ok: boolean().default(false),\n  at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`)",
    ),
  },
]

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`round trip on ${dialect}`, () => {
    for (const scenario of scenarios) {
      if (scenario.dialects && !scenario.dialects.includes(dialect)) continue
      it(scenario.name, async () => {
        projects.push(await assertRoundTrip(dialect, scenario))
      })
    }
  })
}
