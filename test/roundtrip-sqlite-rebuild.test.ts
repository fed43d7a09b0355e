import { afterAll, describe, expect, it } from 'vitest'
import { checkCommand, collectingOutput, downgradeCommand, revisionCommand, upgradeCommand } from '../src/api.js'
import { assertRoundTrip, type RoundTripScenario } from './helpers/roundtrip.js'
import { createTestProject, type TestProject } from './helpers/project.js'

/**
 * The round-trip property on SQLite where autogenerate's ops rebuild tables,
 * several of them merged into one rebuild: autogenerate → upgrade → check
 * clean → downgrade → the catalogs as before.
 */
const items = (columns: string, extras = '') =>
  `export const items = table('items', {\n  id: serial().primaryKey(),\n${columns}\n}${extras ? `, (t) => [${extras}]` : ''})\n`
const owners = (columns = '') => `export const owners = table('owners', {\n  id: serial().primaryKey(),\n  code: varchar(20).notNull().unique(),\n${columns}\n})\n`

const scenarios: RoundTripScenario[] = [
  {
    name: 'type, nullability, default, a dropped column, a check and a unique constraint on one table at once',
    before: items("  name: text(),\n  score: text(),\n  legacy: varchar(10).default('x'),"),
    after: items(
      "  name: varchar(50).notNull().default('?'),\n  score: integer(),",
      "check('ck_items_score', sql`score >= 0`), unique('uq_items_name').on(t.name), index('ix_items_score').on(t.score)",
    ),
  },
  {
    name: 'a child gains a cascading foreign key while its parent gains a column and a check',
    before: owners() + items('  owner_id: integer(),'),
    after:
      owners("  rank: integer().notNull().default(1),") .replace('})\n', "}, (t) => [check('ck_owners_rank', sql`rank > 0`)])\n") +
      items("  owner_id: integer().notNull().references(() => owners.id, { onDelete: 'cascade' }),"),
  },
  {
    name: 'the primary key moves to another column',
    before: `export const codes = table('codes', { id: integer().primaryKey(), code: varchar(8).notNull(), label: text() })\n`,
    after: `export const codes = table('codes', { id: integer().notNull().unique(), code: varchar(8).primaryKey(), label: text() })\n`,
  },
  {
    name: 'a serial table drops a column used by an index and a check',
    before: items('  name: text(),\n  qty: integer(),', "index('ix_items_qty').on(t.qty), check('ck_items_qty', sql`qty >= 0`)"),
    after: items('  name: text(),'),
  },
]

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

describe('round trip on sqlite: table rebuilds', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      projects.push(await assertRoundTrip('sqlite', scenario))
    })
  }

  it('a renamed column used by a check and an index, changed at the same time (--rename)', async () => {
    const header = "import { table, check, index, sql, serial, integer, bigint } from 'tsmig'\n"
    const project = await createTestProject('sqlite')
    projects.push(project)
    const cwd = project.dir
    const out = collectingOutput()
    const before = header + items('  price: integer(),', "check('ck_items_price', sql`price >= 0`), index('ix_items_price').on(t.price)")
    project.writeSchema(before)
    await revisionCommand({ cwd, message: 'before', autogenerate: true }, out)
    await upgradeCommand({ cwd, target: 'head' }, out)

    project.writeSchema(header + items('  cost: bigint().notNull().default(0),', "check('ck_items_price', sql`cost >= 0`), index('ix_items_price').on(t.cost)"))
    const generated = await revisionCommand({ cwd, message: 'rename', autogenerate: true, renames: ['items.price:cost'] }, out)
    expect(generated.changes.map((c) => c.op.kind)).toContain('alterColumn')
    await upgradeCommand({ cwd, target: 'head' }, out)
    expect((await checkCommand({ cwd }, out)).differences.map((d) => `${d.object}: ${d.reason}`)).toEqual([])

    await downgradeCommand({ cwd, target: '-1' }, out)
    project.writeSchema(before)
    expect((await checkCommand({ cwd }, out)).differences.map((d) => `${d.object}: ${d.reason}`)).toEqual([])
  })
})
