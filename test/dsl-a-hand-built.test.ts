import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { checkCommand, collectingOutput } from '../src/api.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { runSql } from './helpers/run-sql.js'

/**
 * Databases written by hand with unnamed checks (named by the server itself),
 * identity options and collations, against models that state some of it:
 * what the model leaves out is no difference, what it states is compared.
 */

const handWritten: Record<TestDialect, string> = {
  postgres: `CREATE TABLE items (
    id integer GENERATED ALWAYS AS IDENTITY (START WITH 50 INCREMENT BY 5 CACHE 4) PRIMARY KEY,
    price integer CHECK (price >= 0),
    lo integer,
    hi integer,
    code text COLLATE "C",
    name varchar(40) COLLATE "POSIX",
    email text,
    CHECK (price < 1000),
    CHECK (lo < hi),
    CHECK (1 = 1),
    CHECK (lower(email) <> '')
  );
  CREATE INDEX ix_items_email ON items (email)`,
  sqlite: `CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    price INTEGER CHECK (price >= 0),
    lo INTEGER,
    hi INTEGER,
    code TEXT COLLATE NOCASE,
    name VARCHAR(40) COLLATE rtrim,
    email TEXT,
    CHECK (price < 1000),
    CHECK (lo < hi),
    CHECK (1 = 1),
    CHECK (lower(email) <> '')
  );
  CREATE INDEX ix_items_email ON items (email)`,
}

const collation: Record<TestDialect, string> = { postgres: 'POSIX', sqlite: 'RTRIM' }

const model = (dialect: TestDialect, identity: string, code = 'text()') => `import { table, sql, check, integer, varchar, text } from 'tsmig'
export const items = table('items', {
  id: integer().identity(${identity}).primaryKey(),
  price: integer(),
  lo: integer(),
  hi: integer(),
  code: ${code},
  name: varchar(40).collate('${collation[dialect]}'),
  email: text().index(),
}, () => [check(sql\`price >= 0\`), check(sql\`price < 1000\`), check(sql\`lo < hi\`), check(sql\`1 = 1\`), check(sql\`lower(email) <> ''\`)])
`


async function differences(project: TestProject, schema: string): Promise<string[]> {
  project.writeSchema(schema)
  const result = await checkCommand({ cwd: project.dir }, collectingOutput())
  return result.differences.map((d) => `${d.symbol} ${d.object}: ${d.reason}`)
}

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a hand-built database on ${dialect}`, () => {
    it('unnamed checks get the names the database gave them; unstated identity options and collations are no difference', async () => {
      const project = await createTestProject(dialect)
      projects.push(project)
      await runSql(project, [handWritten[dialect]])
      expect(await differences(project, model(dialect, '{ always: true }'))).toEqual([])
      // The same options stated: still equal (SQLite has none and ignores them).
      expect(await differences(project, model(dialect, '{ always: true, start: 50, increment: 5, cache: 4 }'))).toEqual([])
    })

    it('a stated collation that differs is a difference', async () => {
      const project = await createTestProject(dialect)
      projects.push(project)
      await runSql(project, [handWritten[dialect]])
      const other = dialect === 'postgres' ? 'POSIX' : 'BINARY'
      const was = dialect === 'postgres' ? 'C' : 'NOCASE'
      expect(await differences(project, model(dialect, '{ always: true }', `text().collate('${other}')`))).toEqual([
        `~ items.code: collation ${was} → ${other}`,
      ])
    })
  })
}

describe('PostgreSQL identity options', () => {
  it('a stated option that differs is a difference naming it', async () => {
    const project = await createTestProject('postgres')
    projects.push(project)
    await runSql(project, [handWritten.postgres])
    expect(await differences(project, model('postgres', '{ always: true, start: 51, cycle: false }'))).toEqual([
      '~ items.id: identity always (start 50, increment 5, minValue 1, maxValue 2147483647, cycle false, cache 4) → identity always (start 51, cycle false)',
    ])
  })

  it('PostgreSQL itself chose the check names the model gives', async () => {
    const project = await createTestProject('postgres')
    projects.push(project)
    await runSql(project, [handWritten.postgres])
    const client = new pg.Client({ connectionString: project.url })
    await client.connect()
    const { rows } = await client.query<{ conname: string }>(
      `select conname from pg_constraint where conrelid = 'items'::regclass and contype = 'c' order by conname`,
    )
    await client.end()
    expect(rows.map((r) => r.conname)).toEqual(['items_check', 'items_check1', 'items_email_check', 'items_price_check', 'items_price_check1'])
  })
})
