import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { checkCommand, collectingOutput, revisionCommand, upgradeCommand, table, serial, integer, varchar, jsonb, index, uniqueIndex, unique, indexExpression, sql } from '../src/api.js'
import { modelFromModules } from '../src/model/load-model.js'
import { compareSchemas } from '../src/compare/compare-schema.js'
import { renderOp } from '../src/render/render-ops.js'
import { reverseOps } from '../src/ops/reverse.js'
import { assertRoundTrip, type RoundTripScenario } from './helpers/roundtrip.js'
import { createTestProject, type TestProject } from './helpers/project.js'
import { runSql } from './helpers/run-sql.js'

/**
 * Index operator classes, `NULLS NOT DISTINCT`, index storage parameters and
 * virtual generated columns (issue 12): round trips on every dialect that has
 * the feature, the exact DSL written into revisions, zero differences on
 * databases built by hand, and the documented refusals.
 */

// The round-trip header imports the common builders; these are the extra ones.
const extra = `import { indexExpression } from 'tsmig'\n`
const docs = (extras: string, columns = '') =>
  `${extra}export const docs = table('docs', {
  id: serial().primaryKey(),
  title: varchar(200),
  data: jsonb(),
  a: integer(),
  b: integer(),${columns}
}, (t) => [${extras}])\n`

const scenarios: RoundTripScenario[] = [
  {
    name: 'indexes with operator classes on a column and on an expression',
    before: docs(''),
    after: docs(`
  index('ix_docs_data').using('gin').on(t.data.op('jsonb_path_ops')),
  index('ix_docs_title').on(t.title.op('varchar_pattern_ops').desc()),
  index('ix_docs_lower').on(indexExpression(sql\`lower(title)\`).op('text_pattern_ops')),
`),
  },
  {
    name: 'operator class added to an existing index',
    before: docs(`index('ix_docs_title').on(t.title)`),
    after: docs(`index('ix_docs_title').on(t.title.op('varchar_pattern_ops'))`),
    dialects: ['postgres'],
  },
  {
    name: 'operator class removed from an index',
    before: docs(`index('ix_docs_data').using('gin').on(t.data.op('jsonb_path_ops'))`),
    after: docs(`index('ix_docs_data').using('gin').on(t.data)`),
    dialects: ['postgres'],
  },
  {
    name: 'NULLS NOT DISTINCT on a unique constraint, a column and a unique index',
    before: docs(''),
    after: docs(
      `
  unique('uq_docs_a_b').on(t.a, t.b).nullsNotDistinct(),
  uniqueIndex('ux_docs_title').on(t.title).nullsNotDistinct(),
`,
      `\n  code: varchar(20).unique({ nullsNotDistinct: true }),`,
    ),
    dialects: ['postgres'],
  },
  {
    name: 'NULLS NOT DISTINCT added to and dropped from existing constraints',
    before: docs(`unique('uq_docs_a_b').on(t.a, t.b), uniqueIndex('ux_docs_title').on(t.title).nullsNotDistinct()`),
    after: docs(`unique('uq_docs_a_b').on(t.a, t.b).nullsNotDistinct(), uniqueIndex('ux_docs_title').on(t.title)`),
    dialects: ['postgres'],
  },
  {
    name: 'storage parameters on an index and a unique constraint',
    before: docs(''),
    after: docs(`
  index('ix_docs_a').on(t.a).with({ fillfactor: 70, deduplicate_items: false }),
  index('ix_docs_data').using('gin').on(t.data).with({ fastupdate: false }),
  unique('uq_docs_b').on(t.b).with({ fillfactor: 80 }),
`),
  },
  {
    name: 'storage parameter changed',
    before: docs(`index('ix_docs_a').on(t.a).with({ fillfactor: 70 }), unique('uq_docs_b').on(t.b).with({ fillfactor: 80 })`),
    after: docs(`index('ix_docs_a').on(t.a).with({ fillfactor: 50 }), unique('uq_docs_b').on(t.b)`),
    dialects: ['postgres'],
  },
]

const virtualScenarios: RoundTripScenario[] = [
  {
    name: 'a new table with a virtual generated column',
    before: null,
    after: docs('', `\n  total: integer().generated(sql\`a + b\`, { mode: 'virtual' }),`),
  },
  {
    name: 'a virtual generated column added to a table',
    before: docs(''),
    after: docs('', `\n  total: integer().generated(sql\`a + b\`, { mode: 'virtual' }),`),
  },
  {
    name: 'stored generated column made virtual',
    before: docs('', `\n  total: integer().generated(sql\`a + b\`),`),
    after: docs('', `\n  total: integer().generated(sql\`a + b\`, { mode: 'virtual' }),`),
    dialects: ['sqlite'],
  },
]

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})


async function postgresVersion(project: TestProject): Promise<number> {
  const client = new pg.Client({ connectionString: project.url })
  await client.connect()
  try {
    const { rows } = await client.query<{ v: number }>(`select current_setting('server_version_num')::int as v`)
    return rows[0].v
  } finally {
    await client.end()
  }
}

/** The body of the revision's upgrade function. */
function upgradeBody(file: string): string {
  const text = readFileSync(file, 'utf8')
  return text.slice(text.indexOf('export async function upgrade'), text.indexOf('export async function downgrade'))
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`index options and virtual columns: round trip on ${dialect}`, () => {
    for (const scenario of scenarios) {
      if (scenario.dialects && !scenario.dialects.includes(dialect)) continue
      it(scenario.name, async () => {
        projects.push(await assertRoundTrip(dialect, scenario))
      })
    }
    for (const scenario of virtualScenarios) {
      if (scenario.dialects && !scenario.dialects.includes(dialect)) continue
      it(scenario.name, async () => {
        if (dialect === 'postgres') {
          const probe = await createTestProject(dialect)
          projects.push(probe)
          // PostgreSQL 15 (the test server) has no virtual columns: there, the refusal is what is tested.
          if ((await postgresVersion(probe)) < 180000) return expectVirtualRefused(probe)
        }
        projects.push(await assertRoundTrip(dialect, scenario))
      })
    }
  })
}

async function expectVirtualRefused(project: TestProject): Promise<void> {
  project.writeSchema(
    `import { table, sql, serial, integer } from 'tsmig'\n` +
      `export const t = table('t', { id: serial().primaryKey(), a: integer(), twice: integer().generated(sql\`a * 2\`, { mode: 'virtual' }) })\n`,
  )
  const out = collectingOutput()
  await expect(revisionCommand({ cwd: project.dir, message: 'virtual', autogenerate: true }, out)).rejects.toThrow(
    /column t\.twice: virtual generated columns need PostgreSQL 18 or newer \(the server is 15\.\d+\)/,
  )
  expect(project.revisionFiles()).toEqual([])
  // A hand-written revision meets the same check when it runs, before the server sees the DDL.
  project.writeRevision(
    'a1b2c3d4e5f6_virtual.ts',
    `import { type Operations, sql, serial, integer } from 'tsmig'
export const revision = 'a1b2c3d4e5f6'
export const downRevision: string | string[] | null = null
export const branchLabels: string[] = []
export const dependsOn: string[] = []
export const message = 'virtual'
export const createdAt = '2026-12-04T00:00:00Z'
export async function upgrade(op: Operations): Promise<void> {
  await op.createTable('t', { id: serial().primaryKey(), a: integer() })
  await op.addColumn('t', 'twice', integer().generated(sql\`a * 2\`, { mode: 'virtual' }))
}
export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable('t')
}
`,
  )
  await expect(upgradeCommand({ cwd: project.dir, target: 'head' }, out)).rejects.toThrow(/column t\.twice: virtual generated columns need PostgreSQL 18/)
}

describe('the DSL written into revisions', () => {
  it('renders op calls with the new options, and their reverse', () => {
    const columns = { id: serial().primaryKey(), title: varchar(200), data: jsonb(), a: integer(), b: integer() }
    const before = table('docs', columns, (t) => [unique('uq_docs_a').on(t.a), index('ix_docs_data').using('gin').on(t.data)])
    const after = table('docs', { ...columns, total: integer().generated(sql`a + b`, { mode: 'virtual' }) }, (t) => [
      unique('uq_docs_a').on(t.a).nullsNotDistinct().with({ fillfactor: 80 }),
      index('ix_docs_data').using('gin').on(t.data.op('jsonb_path_ops')).with({ fastupdate: false }),
      uniqueIndex('ux_docs_lower').on(indexExpression(sql`lower(title)`).op('text_pattern_ops'), t.b.desc()).nullsNotDistinct(),
    ])
    const ops = compareSchemas(modelFromModules([{ before }]), modelFromModules([{ after }])).changes.map((c) => c.op)
    const render = (list: typeof ops) => list.map((op) => renderOp(op, () => undefined))
    expect(render(ops)).toEqual([
      `op.dropIndex('ix_docs_data', 'docs')`,
      `op.dropConstraint('uq_docs_a', 'docs')`,
      `op.addColumn('docs', 'total', integer().generated(sql\`a + b\`, { mode: 'virtual' }))`,
      `op.createIndex('ix_docs_data', 'docs', [columnRef('data').op('jsonb_path_ops')], { using: 'gin', with: { fastupdate: false } })`,
      `op.createIndex('ux_docs_lower', 'docs', [indexExpression(sql\`lower(title)\`).op('text_pattern_ops'), columnRef('b').desc()], { unique: true, nullsNotDistinct: true })`,
      `op.createUniqueConstraint('uq_docs_a', 'docs', ['a'], { nullsNotDistinct: true, with: { fillfactor: 80 } })`,
    ])
    expect(render(reverseOps(ops))).toEqual([
      `op.dropConstraint('uq_docs_a', 'docs')`,
      `op.dropIndex('ux_docs_lower', 'docs')`,
      `op.dropIndex('ix_docs_data', 'docs')`,
      `op.dropColumn('docs', 'total')`,
      `op.createUniqueConstraint('uq_docs_a', 'docs', ['a'])`,
      `op.createIndex('ix_docs_data', 'docs', ['data'], { using: 'gin' })`,
    ])
  })

  it('writes operator classes, NULLS NOT DISTINCT, storage parameters and virtual columns back as the DSL', async () => {
    const project = await createTestProject('postgres')
    projects.push(project)
    const out = collectingOutput()
    project.writeSchema(
      `import { table, index, uniqueIndex, unique, indexExpression, sql, serial, integer, varchar, jsonb } from 'tsmig'\n` +
        `export const docs = table('docs', {
  id: serial().primaryKey(),
  title: varchar(200),
  data: jsonb(),
  a: integer(),
  code: varchar(20).unique({ nullsNotDistinct: true }),
}, (t) => [
  index('ix_docs_data').using('gin').on(t.data.op('jsonb_path_ops')).with({ fastupdate: false }),
  index('ix_docs_lower').on(indexExpression(sql\`lower(title)\`).op('text_pattern_ops').desc()),
  uniqueIndex('ux_docs_title').on(t.title.op('varchar_pattern_ops')).nullsNotDistinct().with({ fillfactor: 70 }),
  unique('uq_docs_a').on(t.a).nullsNotDistinct().with({ fillfactor: 80 }),
])\n`,
    )
    const result = await revisionCommand({ cwd: project.dir, message: 'docs', autogenerate: true }, out)
    expect(upgradeBody(result.file)).toMatchInlineSnapshot(`
      "export async function upgrade(op: Operations): Promise<void> {
        await op.createTable('docs', {
          id: serial().primaryKey(),
          title: varchar(200),
          data: jsonb(),
          a: integer(),
          code: varchar(20).unique({ nullsNotDistinct: true }),
        }, () => [
          unique('uq_docs_a').on('a').nullsNotDistinct().with({ fillfactor: 80 }),
          index('ix_docs_data').on(columnRef('data').op('jsonb_path_ops')).using('gin').with({ fastupdate: false }),
          index('ix_docs_lower').on(indexExpression(sql\`lower(title)\`).op('text_pattern_ops').desc()),
          uniqueIndex('ux_docs_title').on(columnRef('title').op('varchar_pattern_ops')).nullsNotDistinct().with({ fillfactor: 70 }),
        ])
      }

      "
    `)
    await upgradeCommand({ cwd: project.dir, target: 'head' }, out)
    expect((await checkCommand({ cwd: project.dir }, out)).clean).toBe(true)
  })

  it('writes a virtual generated column with { mode: "virtual" } and alters stored ↔ virtual', async () => {
    const project = await createTestProject('sqlite')
    projects.push(project)
    const out = collectingOutput()
    const model = (generated: string) =>
      `import { table, sql, serial, integer } from 'tsmig'\n` +
      `export const t = table('t', { id: serial().primaryKey(), a: integer(), twice: integer().generated(${generated}) })\n`
    project.writeSchema(model("sql`a * 2`, { mode: 'virtual' }"))
    const created = await revisionCommand({ cwd: project.dir, message: 't', autogenerate: true }, out)
    expect(upgradeBody(created.file)).toContain(`twice: integer().generated(sql\`a * 2\`, { mode: 'virtual' }),`)
    await upgradeCommand({ cwd: project.dir, target: 'head' }, out)
    project.writeSchema(model('sql`a * 2`'))
    const stored = await revisionCommand({ cwd: project.dir, message: 'stored', autogenerate: true }, out)
    expect(upgradeBody(stored.file)).toContain(`await op.alterColumn('t', 'twice', { generated: sql\`a * 2\`, virtual: false })`)
    expect(readFileSync(stored.file, 'utf8')).toContain(`await op.alterColumn('t', 'twice', { generated: sql\`a * 2\`, virtual: true })`)
  })
})

describe('zero differences on a database built by hand (PostgreSQL)', () => {
  it('default operator classes (stated or not) and storage parameters the model does not state are no difference', async () => {
    const project = await createTestProject('postgres')
    projects.push(project)
    await runSql(project, [
      `CREATE TABLE docs (id serial PRIMARY KEY, title text, code varchar(20), data jsonb, tags integer[], n integer)`,
      `CREATE INDEX ix_title ON docs (title text_ops)`,
      `CREATE INDEX ix_code ON docs (code text_ops DESC)`,
      `CREATE INDEX ix_data ON docs USING gin (data jsonb_ops)`,
      `CREATE INDEX ix_tags ON docs USING gin (tags array_ops)`,
      `CREATE INDEX ix_n ON docs (n int4_ops) WITH (fillfactor = 60)`,
      `CREATE INDEX ix_lower ON docs (lower(title) text_ops)`,
      `CREATE INDEX ix_pattern ON docs (title text_pattern_ops) WITH (deduplicate_items = off)`,
      `ALTER TABLE docs ADD CONSTRAINT uq_n UNIQUE (n) WITH (fillfactor = 90)`,
      `CREATE INDEX ix_title2 ON docs (title)`,
      `CREATE INDEX ix_code2 ON docs (code DESC)`,
      `CREATE INDEX ix_data2 ON docs USING gin (data)`,
      `CREATE INDEX ix_tags2 ON docs USING gin (tags)`,
      `CREATE INDEX ix_n2 ON docs (n)`,
    ])
    project.writeSchema(
      `import { table, index, unique, sql, serial, integer, varchar, text, jsonb, customType } from 'tsmig'\n` +
        `export const docs = table('docs', {
  id: serial().primaryKey(),
  title: text(),
  code: varchar(20),
  data: jsonb(),
  tags: customType('integer[]'),
  n: integer(),
}, (t) => [
  index('ix_title').on(t.title),
  index('ix_code').on(t.code.desc()),
  index('ix_data').using('gin').on(t.data),
  index('ix_tags').using('gin').on(t.tags),
  index('ix_n').on(t.n),
  // The default classes written out are the same indexes.
  index('ix_title2').on(t.title.op('text_ops')),
  index('ix_code2').on(t.code.op('text_ops').desc()),
  index('ix_data2').using('gin').on(t.data.op('jsonb_ops')),
  index('ix_tags2').using('gin').on(t.tags.op('array_ops')),
  index('ix_n2').on(t.n.op('pg_catalog.int4_ops')),
  index('ix_lower').on(sql\`lower(title)\`),
  index('ix_pattern').on(t.title.op('text_pattern_ops')).with({ deduplicate_items: false }),
  unique('uq_n').on(t.n),
])\n`,
    )
    const out = collectingOutput()
    const result = await checkCommand({ cwd: project.dir }, out)
    expect(result.differences.map((d) => `${d.symbol} ${d.object}: ${d.reason}`)).toEqual([])
  })
})

describe('features SQLite does not have', () => {
  it('NULLS NOT DISTINCT is an error naming the constraint, before anything is written', async () => {
    const project = await createTestProject('sqlite')
    projects.push(project)
    project.writeSchema(
      `import { table, unique, serial, integer } from 'tsmig'\n` +
        `export const t = table('t', { id: serial().primaryKey(), a: integer() }, (t) => [unique('uq_t_a').on(t.a).nullsNotDistinct()])\n`,
    )
    await expect(revisionCommand({ cwd: project.dir, message: 'x', autogenerate: true }, collectingOutput())).rejects.toThrow(
      'unique constraint uq_t_a on t: SQLite has no NULLS NOT DISTINCT',
    )
    expect(project.revisionFiles()).toEqual([])
  })

  it('operator classes and storage parameters are left out of the DDL', async () => {
    const project = await createTestProject('sqlite')
    projects.push(project)
    project.writeSchema(
      `import { table, index, serial, text } from 'tsmig'\n` +
        `export const t = table('t', { id: serial().primaryKey(), s: text() }, (t) => [index('ix_t_s').on(t.s.op('text_pattern_ops')).with({ fillfactor: 70 })])\n`,
    )
    const out = collectingOutput()
    await revisionCommand({ cwd: project.dir, message: 'x', autogenerate: true }, out)
    await upgradeCommand({ cwd: project.dir, target: 'head' }, out)
    const db = new Database(project.url.slice('sqlite:'.length), { readonly: true })
    const row = db.prepare(`select sql from sqlite_master where name = 'ix_t_s'`).get() as { sql: string }
    db.close()
    expect(row.sql).toBe('CREATE INDEX "ix_t_s" ON "t" ("s")')
    expect((await checkCommand({ cwd: project.dir }, out)).clean).toBe(true)
  })
})

