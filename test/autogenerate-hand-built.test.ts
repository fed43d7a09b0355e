import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { checkCommand, collectingOutput, revisionCommand, upgradeCommand } from '../src/api.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { runSql } from './helpers/run-sql.js'

const imports = `import { table, sql, check, index, serial, integer, varchar, text, boolean, timestamp, numeric } from 'tsmig'\n`

/** The model a person would write for the database below. */
const model =
  imports +
  `export const accounts = table('accounts', {
  id: serial().primaryKey(),
  email: varchar(255).notNull().unique(),
  balance: numeric(10, 2).notNull().default('0'),
  active: boolean().notNull().default(false),
  created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`),
  note: text().default('x'),
}, (t) => [
  check('ck_balance', sql\`balance >= 0\`),
  index('ix_accounts_lower_email').on(sql\`lower(email)\`),
])
export const entries = table('entries', {
  id: serial().primaryKey(),
  account_id: integer().notNull().references(() => accounts.id, { onDelete: 'cascade' }),
  amount: numeric(10, 2).notNull(),
}, (t) => [index('ix_entries_account').on(t.account_id).where(sql\`amount > 0\`)])
`

/** The same schema written by hand, the way psql users and pg_dump write it. */
const handWritten: Record<TestDialect, string[]> = {
  postgres: [
    `CREATE TABLE accounts (
      id serial PRIMARY KEY,
      email character varying(255) NOT NULL,
      balance numeric(10,2) DEFAULT '0'::numeric NOT NULL,
      active boolean DEFAULT false NOT NULL,
      created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
      note text DEFAULT 'x'::text,
      UNIQUE (email),
      CONSTRAINT ck_balance CHECK (((balance >= (0)::numeric)))
    )`,
    `CREATE INDEX ix_accounts_lower_email ON accounts USING btree (lower((email)::text))`,
    `CREATE TABLE entries (id integer NOT NULL, account_id int4 NOT NULL, amount numeric(10,2) NOT NULL)`,
    `CREATE SEQUENCE entries_id_seq AS integer OWNED BY entries.id`,
    `ALTER TABLE ONLY entries ALTER COLUMN id SET DEFAULT nextval('entries_id_seq'::regclass)`,
    `ALTER TABLE ONLY entries ADD CONSTRAINT entries_pkey PRIMARY KEY (id)`,
    `ALTER TABLE ONLY entries ADD CONSTRAINT entries_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE`,
    `CREATE INDEX ix_entries_account ON entries (account_id) WHERE (amount > (0)::numeric)`,
  ],
  sqlite: [
    `CREATE TABLE accounts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email VARCHAR(255) NOT NULL UNIQUE,
      balance NUMERIC(10,2) NOT NULL DEFAULT '0',
      active BOOLEAN NOT NULL DEFAULT false,
      created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
      note TEXT DEFAULT 'x',
      CONSTRAINT ck_balance CHECK ((balance >= 0))
    )`,
    `CREATE INDEX ix_accounts_lower_email ON accounts (lower(email))`,
    `CREATE TABLE entries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      amount NUMERIC(10,2) NOT NULL
    )`,
    `CREATE INDEX ix_entries_account ON entries (account_id) WHERE amount > 0`,
  ],
}


const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a database built by hand on ${dialect}`, () => {
    it('matches the model a person would write: zero differences', async () => {
      const project = await createTestProject(dialect)
      projects.push(project)
      await runSql(project, handWritten[dialect])
      project.writeSchema(model)
      const out = collectingOutput()
      const result = await checkCommand({ cwd: project.dir }, out)
      expect(result.differences.map((d) => `${d.symbol} ${d.object}: ${d.reason}`)).toEqual([])
    })
  })

  describe(`renames on ${dialect}`, () => {
    const before = imports + `export const people = table('people', { id: serial().primaryKey(), full_name: text() })\n`
    const after = imports + `export const people = table('people', { id: serial().primaryKey(), display_name: text() })\n`
    const renamedTable = imports + `export const persons = table('persons', { id: serial().primaryKey(), full_name: text() })\n`

    it('without a hint: drop + add, with a warning naming both columns', async () => {
      const project = await createTestProject(dialect)
      projects.push(project)
      const out = collectingOutput()
      project.writeSchema(before)
      await revisionCommand({ cwd: project.dir, message: 'people', autogenerate: true }, out)
      await upgradeCommand({ cwd: project.dir, target: 'head' }, out)
      project.writeSchema(after)
      const result = await revisionCommand({ cwd: project.dir, message: 'rename', autogenerate: true }, out)
      expect(result.changes.map((c) => c.op.kind).sort()).toEqual(['addColumn', 'dropColumn'])
      expect(out.warnings.join('\n')).toContain('people.full_name dropped and people.display_name added')
      expect(out.warnings.join('\n')).toContain('--rename people.full_name:display_name')
    })

    it('--rename table.old:new renames the column and keeps the rows; --rename old:new renames the table', async () => {
      const project = await createTestProject(dialect)
      projects.push(project)
      const out = collectingOutput()
      project.writeSchema(before)
      await revisionCommand({ cwd: project.dir, message: 'people', autogenerate: true }, out)
      await upgradeCommand({ cwd: project.dir, target: 'head' }, out)
      await runSql(project, [`INSERT INTO people (full_name) VALUES ('Ada'), ('Grace')`])

      project.writeSchema(after)
      const renamed = await revisionCommand({ cwd: project.dir, message: 'rename column', autogenerate: true, renames: ['people.full_name:display_name'] }, out)
      expect(renamed.changes.map((c) => c.op.kind)).toEqual(['alterColumn'])
      await upgradeCommand({ cwd: project.dir, target: 'head' }, out)
      expect((await checkCommand({ cwd: project.dir }, out)).clean).toBe(true)
      const rows = await selectNames(project, 'SELECT display_name AS name FROM people ORDER BY id')
      expect(rows).toEqual(['Ada', 'Grace'])

      project.writeSchema(renamedTable.replace('full_name', 'display_name'))
      const table = await revisionCommand({ cwd: project.dir, message: 'rename table', autogenerate: true, renames: ['people:persons'] }, out)
      // The table is renamed, not dropped; its primary key is renamed to the model's name (people_pkey → persons_pkey).
      expect(table.changes[0].op.kind).toBe('renameTable')
      expect(table.changes.map((c) => c.op.kind)).toEqual(['renameTable', 'renameConstraint'])
      expect(table.changes.map((c) => c.object)).toEqual(['people', 'persons.people_pkey'])
      await upgradeCommand({ cwd: project.dir, target: 'head' }, out)
      expect(await selectNames(project, 'SELECT display_name AS name FROM persons ORDER BY id')).toEqual(['Ada', 'Grace'])
      expect((await checkCommand({ cwd: project.dir }, out)).clean).toBe(true)
    })
  })
}

async function selectNames(project: TestProject, query: string): Promise<string[]> {
  if (project.dialect === 'sqlite') {
    const db = new Database(project.url.slice('sqlite:'.length), { readonly: true })
    const rows = db.prepare(query).all() as { name: string }[]
    db.close()
    return rows.map((r) => r.name)
  }
  const client = new pg.Client({ connectionString: project.url })
  await client.connect()
  const result = await client.query<{ name: string }>(query)
  await client.end()
  return result.rows.map((r) => r.name)
}
