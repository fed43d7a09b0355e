import { afterAll, describe, expect, it } from 'vitest'
import { assertRoundTrip, type RoundTripScenario } from './helpers/roundtrip.js'
import type { TestProject } from './helpers/project.js'

/**
 * Round trips of the model features SQLAlchemy and Alembic users expect:
 * `.index()` on a column, identity sequence options, unnamed `check(sql)`,
 * column collations. Each runs on every dialect that has the feature.
 */

const item = (columns: string, extras = '') =>
  `export const items = table('items', {\n  id: serial().primaryKey(),\n${columns}\n}${extras === '' ? '' : `, (t) => [${extras}]`})\n`
const counter = (id: string, more = '') => `export const counters = table('counters', {\n  id: ${id},\n  label: text(),${more}\n})\n`

const scenarios: RoundTripScenario[] = [
  // .index(name?)
  { name: 'a new table with .index() columns', before: null, after: item("  email: text().index(),\n  code: varchar(20).notNull().index('ix_code')") },
  { name: 'add a column with .index()', before: item('  name: text(),'), after: item('  name: text(),\n  email: text().index(),') },
  { name: '.index() on an existing column', before: item('  email: text(),'), after: item('  email: text().index(),') },
  { name: '.index() dropped from a column', before: item('  email: text().index(),'), after: item('  email: text(),') },
  {
    name: '.index() with a name past 63 bytes',
    before: item('  name: text(),'),
    after: item('  name: text(),\n  a_column_with_a_really_quite_long_name_for_an_index_xyz: text().index(),'),
  },

  // identity options
  { name: 'a new table with identity options', before: null, after: counter('integer().identity({ always: true, start: 100, increment: 5, cache: 10 }).primaryKey()') },
  { name: 'identity options changed', before: counter('integer().identity().primaryKey()'), after: counter('integer().identity({ start: 10, increment: 2, minValue: 5, maxValue: 1000, cycle: true, cache: 3 }).primaryKey()'), dialects: ['postgres'] },
  { name: 'identity kind changed, options kept', before: counter('integer().identity({ start: 10 }).primaryKey()'), after: counter('integer().identity({ start: 10, always: true }).primaryKey()'), dialects: ['postgres'] },
  { name: 'a descending bigint identity column added', before: counter('integer().primaryKey()'), after: counter('integer().primaryKey()', '\n  down: bigint().identity({ increment: -1 }),'), dialects: ['postgres'] },
  { name: 'an integer column becomes an identity starting at 1000', before: counter('integer().primaryKey()'), after: counter('integer().identity({ start: 1000 }).primaryKey()'), dialects: ['postgres'], seed: "INSERT INTO counters (id, label) VALUES (1, 'a'), (2000, 'b')" },
  { name: 'integer → bigint on an identity with options', before: counter('integer().identity({ increment: 3 }).primaryKey()'), after: counter('bigint().identity({ increment: 3, maxValue: 10000000000 }).primaryKey()'), dialects: ['postgres'] },
  { name: 'identity options at values past 2^53', before: counter('bigint().identity().primaryKey()'), after: counter("bigint().identity({ start: '9007199254740993', maxValue: 9223372036854775806n }).primaryKey()"), dialects: ['postgres'] },

  // unnamed check(sql)
  {
    name: 'a new table with unnamed checks',
    before: null,
    after: item('  price: integer(),\n  lo: integer(),\n  hi: integer(),', 'check(sql`price >= 0`), check(sql`price < 1000`), check(sql`lo < hi`), check(sql`1 = 1`)'),
  },
  { name: 'an unnamed check added', before: item('  price: integer(),'), after: item('  price: integer(),', 'check(sql`price >= 0`)') },
  { name: 'an unnamed check changed', before: item('  price: integer(),', 'check(sql`price >= 0`)'), after: item('  price: integer(),', 'check(sql`price > 0`)') },

  // collation
  { name: 'a new table with collations (PostgreSQL)', before: null, after: item("  code: text().collate('C'),\n  name: varchar(50).notNull().collate('POSIX'),"), dialects: ['postgres'] },
  { name: 'a collation set on a column (PostgreSQL)', before: item('  code: varchar(20),'), after: item("  code: varchar(20).collate('C'),"), dialects: ['postgres'], seed: "INSERT INTO items (code) VALUES ('b'), ('A')" },
  { name: 'a collation changed (PostgreSQL)', before: item("  code: text().collate('C'),"), after: item("  code: text().collate('POSIX'),"), dialects: ['postgres'] },
  { name: 'type and collation changed together (PostgreSQL)', before: item("  code: varchar(20).collate('C'),"), after: item("  code: varchar(40).collate('POSIX'),"), dialects: ['postgres'] },
  { name: 'a type change keeps a collation (PostgreSQL)', before: item("  code: varchar(20).collate('C'),"), after: item("  code: varchar(40).collate('C'),"), dialects: ['postgres'] },
  { name: 'a new table with collations (SQLite)', before: null, after: item("  code: text().collate('NOCASE'),\n  name: varchar(50).notNull().collate('rtrim'),"), dialects: ['sqlite'] },
  { name: 'a collation set on a column (SQLite)', before: item('  code: text(),'), after: item("  code: text().collate('NOCASE'),"), dialects: ['sqlite'], seed: "INSERT INTO items (code) VALUES ('b'), ('A')" },
  { name: 'a collation changed (SQLite)', before: item("  code: text().collate('NOCASE'),"), after: item("  code: text().collate('RTRIM'),"), dialects: ['sqlite'] },
  { name: 'a column with a collation added (SQLite)', before: item('  name: text(),'), after: item("  name: text(),\n  code: text().collate('NOCASE'),"), dialects: ['sqlite'] },
]

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`round trip of column index, identity options, unnamed checks, collations on ${dialect}`, () => {
    for (const scenario of scenarios) {
      if (scenario.dialects && !scenario.dialects.includes(dialect)) continue
      it(scenario.name, async () => {
        projects.push(await assertRoundTrip(dialect, scenario))
      })
    }
  })
}
