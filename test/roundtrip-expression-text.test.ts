import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { collectingOutput, revisionCommand, upgradeCommand } from '../src/api.js'
import { assertRoundTrip } from './helpers/roundtrip.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { runSql } from './helpers/run-sql.js'

const header = `import { table, sql, check, index, serial, integer } from 'tsmig'\n`

/**
 * Normalization is for comparing, never for writing: a revision carries the
 * model's own expression text, its downgrade the database's, and the
 * database ends up holding what the model says (issue 12).
 */
const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

function revisionText(project: TestProject, message: string): string {
  const file = project.revisionFiles().find((f) => f.endsWith(`_${message}.ts`))
  if (file === undefined) throw new Error(`no revision "${message}" in ${project.revisionFiles().join(', ')}`)
  return readFileSync(join(project.dir, 'migrations', file), 'utf8')
}

function split(source: string): { upgrade: string; downgrade: string } {
  const at = source.indexOf('export async function downgrade')
  return { upgrade: source.slice(0, at), downgrade: source.slice(at) }
}

const events = (columns: string, extras: string) => `export const events = table('events', {
  id: serial().primaryKey(),
  qty: integer().notNull(),
  kind: text(),
${columns}
}, (t) => [
${extras}
])
`

const before = events(
  `  created_at: timestamp().notNull().default(sql\`now()\`),`,
  `  check('ck_qty', sql\`qty>0\`),
  index('ix_kind_lower').on(sql\`lower(kind)\`).where(sql\`qty>1\`),`,
)
const after = (tomorrow: string) => events(
  `  created_at: timestamp().notNull().default(sql\`${tomorrow}\`),
  seen_at: timestamp().default(sql\`now()\`),`,
  `  check('ck_qty', sql\`qty>=0\`),
  check('ck_kind', sql\`kind IN ('a', 'b')\`),
  index('ix_kind_lower').on(sql\`upper(kind)\`).where(sql\`qty>2\`),`,
)

describe('PostgreSQL writes each side its own text', () => {
  it('the revision says now() and qty>0 as the model does; downgrade writes back what the database held', async () => {
    const project = await assertRoundTrip('postgres', { name: 'expression text', before, after: after("now() + interval '1 day'") })
    projects.push(project)
    const first = revisionText(project, 'before')
    expect(first).toContain('sql`now()`')
    expect(first).toContain('sql`qty>0`')
    expect(first).not.toContain('CURRENT_TIMESTAMP')
    const { upgrade, downgrade } = split(revisionText(project, 'after'))
    expect(upgrade).toContain("now() + interval '1 day'")
    expect(upgrade).toContain('sql`now()`')
    expect(upgrade).toContain('qty>=0')
    expect(upgrade).toContain("kind IN ('a', 'b')")
    expect(upgrade).toContain('upper(kind)')
    // The database's own words, as pg_get_expr printed them.
    expect(downgrade).toContain('now()')
    expect(downgrade).not.toContain('CURRENT_TIMESTAMP')
    expect(downgrade).toContain('qty > 0')
    expect(downgrade).toContain('lower(kind)')
  })
})

describe('SQLite writes each side its own text', () => {
  it('CHECK, index and generated text as the model wrote it; downgrade writes back the stored text', async () => {
    const project = await assertRoundTrip('sqlite', { name: 'expression text', before, after: after("datetime('now', '+1 day')") })
    projects.push(project)
    const first = revisionText(project, 'before')
    expect(first).toContain('sql`qty>0`')
    const { upgrade, downgrade } = split(revisionText(project, 'after'))
    expect(upgrade).toContain('qty>=0')
    expect(upgrade).toContain("kind IN ('a', 'b')")
    expect(upgrade).toContain("datetime('now', '+1 day')")
    expect(upgrade).toContain('sql`now()`')
    expect(downgrade).toContain('qty>0')
    // SQLite has no now(): the database holds CURRENT_TIMESTAMP, and the downgrade says so.
    expect(downgrade).toContain('CURRENT_TIMESTAMP')
    const snapshot = (await project.snapshot()).join('\n')
    expect(snapshot).toContain('CHECK (qty>0)')
    expect(snapshot).toContain('WHERE qty>1')
  })
})

const generated = (expression: string) => `export const lines = table('lines', {
  id: serial().primaryKey(),
  qty: integer().notNull(),
  price: integer().notNull(),
  total: integer().generated(sql\`${expression}\`),
}, (t) => [
  index('ix_lines_total').on(t.total),
  check('ck_lines_total', sql\`total >= 0\`),
])
`

const dialects: readonly TestDialect[] = ['sqlite', 'postgres']
for (const dialect of dialects) {
  describe(`a changed stored generated expression on ${dialect}`, () => {
    it('is changed without an op that fails at upgrade, keeping what uses the column, and downgrade restores it', async () => {
      const project = await assertRoundTrip(dialect, {
        name: 'generated expression',
        before: generated('qty * price'),
        after: generated('qty * price + 1'),
        seed: `INSERT INTO lines (qty, price) VALUES (2, 3)`,
      })
      projects.push(project)
      const { upgrade, downgrade } = split(revisionText(project, 'after'))
      expect(upgrade).toContain('qty * price + 1')
      expect(downgrade).toContain('qty * price')
    })
  })
}

describe('PostgreSQL: SET EXPRESSION where the server has it (17+), else the column replaced, and said', () => {
  it('autogenerate warns on a server before 17; the upgrade recomputes the values; --sql prints the conservative form', async () => {
    const project = await createTestProject('postgres')
    projects.push(project)
    const cwd = project.dir
    project.writeSchema(header + generated('qty * price'))
    await revisionCommand({ cwd, message: 'before', autogenerate: true }, collectingOutput())
    await upgradeCommand({ cwd, target: 'head' }, collectingOutput())
    await runSql(project, ['INSERT INTO lines (qty, price) VALUES (2, 3)'])
    project.writeSchema(header + generated('qty * price + 1'))
    const out = collectingOutput()
    const revision = await revisionCommand({ cwd, message: 'after', autogenerate: true }, out)
    expect(revision.changes.map((c) => c.op.kind)).toEqual(['alterColumn'])
    const version = await serverVersion(project)
    if (version >= 170000) expect(out.warnings).toEqual([])
    else expect(out.warnings.join('\n')).toMatch(/lines\.total: this server cannot change a generated expression in place .*drops the column and adds it again/)
    await upgradeCommand({ cwd, target: 'head' }, collectingOutput())
    expect(await selectTotals(project)).toEqual([7])
    const offline = collectingOutput()
    await upgradeCommand({ cwd, target: "base:head", sql: true }, offline)
    const printed = offline.lines.join('\n')
    expect(printed).toContain('DROP COLUMN "total"')
    expect(printed).not.toContain('SET EXPRESSION')
  })
})

async function serverVersion(project: TestProject): Promise<number> {
  const client = new pg.Client({ connectionString: project.url })
  await client.connect()
  try {
    return Number((await client.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0].v)
  } finally {
    await client.end()
  }
}

async function selectTotals(project: TestProject): Promise<number[]> {
  const client = new pg.Client({ connectionString: project.url })
  await client.connect()
  try {
    return (await client.query<{ total: number }>('SELECT total FROM lines ORDER BY id')).rows.map((r) => r.total)
  } finally {
    await client.end()
  }
}
