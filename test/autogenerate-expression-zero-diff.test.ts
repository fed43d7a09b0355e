import { afterAll, describe, expect, it } from 'vitest'
import { checkCommand, collectingOutput } from '../src/api.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { runSql } from './helpers/run-sql.js'

/**
 * Databases written by hand that are identical to the model, spelled
 * differently: no difference (issue 12). Both dialects take the same care
 * with every expression they store as text.
 */
const imports = `import { table, sql, check, index, integer, text, boolean, doublePrecision, real, numeric } from 'tsmig'\n`

const model =
  imports +
  `export const gauges = table('gauges', {
  id: integer().primaryKey(),
  kind: text().notNull(),
  ratio: doublePrecision().notNull().default(5),
  weight: real().default(0.5),
  price: numeric(10, 2).default('1.50'),
  active: boolean().notNull().default(true),
  hidden: boolean().default(false),
  x: integer(),
}, (t) => [
  check('ck_x', sql\`x > 0\`),
  check('ck_kind', sql\`kind IN ('a', 'b')\`),
  check('ck_both', sql\`x < 100 AND kind <> 'z'\`),
  index('ix_kind_lower').on(sql\`lower(kind)\`).where(sql\`x > 0\`),
])
`

const handWritten: Record<TestDialect, string[]> = {
  postgres: [
    `CREATE TABLE gauges (
      id integer PRIMARY KEY,
      kind text NOT NULL,
      ratio double precision NOT NULL DEFAULT 5.0,
      weight real DEFAULT 0.50,
      price numeric(10,2) DEFAULT 1.5,
      active boolean NOT NULL DEFAULT TRUE,
      hidden boolean DEFAULT 'f',
      x int,
      CONSTRAINT ck_x CHECK (x>0),
      CONSTRAINT ck_kind CHECK ("kind" in ('a','b')),
      CONSTRAINT ck_both CHECK ((x < 100) and (kind != 'z'))
    )`,
    `CREATE INDEX ix_kind_lower ON gauges (LOWER("kind")) WHERE x>0`,
  ],
  sqlite: [
    `CREATE TABLE gauges (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      ratio DOUBLE PRECISION NOT NULL DEFAULT 5.0,
      weight REAL DEFAULT .50,
      price NUMERIC(10,2) DEFAULT 1.5,
      active BOOLEAN NOT NULL DEFAULT 1,
      hidden BOOLEAN DEFAULT 0,
      x INT,
      CONSTRAINT ck_x CHECK (x>0),
      CONSTRAINT ck_kind CHECK ("kind" in ('a','b')),
      CONSTRAINT ck_both CHECK (X<100 and "KIND" <> 'z')
    )`,
    `CREATE INDEX ix_kind_lower ON gauges (LOWER("kind")) WHERE x>0`,
  ],
}

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`expressions written by hand on ${dialect}`, () => {
    it('match the model spelled differently: zero differences', async () => {
      const project = await createTestProject(dialect)
      projects.push(project)
      await runSql(project, handWritten[dialect])
      project.writeSchema(model)
      const result = await checkCommand({ cwd: project.dir }, collectingOutput())
      expect(result.differences.map((d) => `${d.symbol} ${d.object}: ${d.reason}`)).toEqual([])
    })

    it("a real difference shows in check's DDL diff in each side's own words", async () => {
      const project = await createTestProject(dialect)
      projects.push(project)
      await runSql(project, handWritten[dialect])
      project.writeSchema(model.replace('sql`x > 0`)', 'sql`x >= 0`)'))
      const result = await checkCommand({ cwd: project.dir }, collectingOutput())
      expect(result.differences.map((d) => d.object)).toEqual(['gauges.ck_x', 'gauges.ck_x'])
      const removed = result.diff!.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))
      const added = result.diff!.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'))
      expect(added.join('\n')).toContain('CHECK (x >= 0)')
      // The database's text: PostgreSQL's deparse, SQLite's stored text as written.
      expect(removed.join('\n')).toContain(dialect === 'sqlite' ? 'CHECK (x>0)' : 'CHECK (x > 0)')
      // What compares equal is not a difference, so both sides print it alike.
      expect([...removed, ...added].join('\n')).not.toContain('ck_kind')
    })
  })
}
