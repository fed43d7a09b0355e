import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { collectingOutput, downgradeCommand, upgradeCommand } from '../src/api.js'
import { writeFileSync } from 'node:fs'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { hasCommand, pgQuery, psql, rev, revisionSource, sqlite3, type Ran } from './helpers/deploy-support.js'

const schema = `import { table, serial } from 'tsmig'\nexport const placeholder = table('placeholder', { id: serial().primaryKey() })\n`

/**
 * Four revisions that exercise what `--sql` must print: tables, an index, a
 * column change SQLite does by rebuilding a parent table whose children have
 * rows (foreign keys with ON DELETE CASCADE), `op.db` queries with literals
 * that need quoting, and `op.execute`.
 */
const revisions = [
  revisionSource({
    id: rev(1),
    message: 'items',
    upgrade: `  await op.createTable('items', { id: serial().primaryKey(), name: varchar(100).notNull(), qty: integer() })
  await op.createIndex('ix_items_name', 'items', ['name'])
  await op.db.insertInto('items').values([{ name: "it's", qty: 3 }, { name: 'plain', qty: null }]).execute()`,
    downgrade: `  await op.dropTable('items')`,
  }),
  revisionSource({
    id: rev(2),
    down: rev(1),
    message: 'tags',
    upgrade: `  await op.createTable('tags', { id: serial().primaryKey(), item_id: integer().notNull(), label: text() }, () => [
    foreignKey({ columns: ['item_id'], foreignTable: 'items', foreignColumns: ['id'], onDelete: 'cascade' }),
  ])
  await op.execute("insert into tags (item_id, label) select id, 'tag of ' || name from items")`,
    downgrade: `  await op.dropTable('tags')`,
  }),
  revisionSource({
    id: rev(3),
    down: rev(2),
    message: 'price, wider name',
    upgrade: `  await op.addColumn('items', 'price', numeric(10, 2).default('0'))
  await op.alterColumn('items', 'name', { type: varchar(200) })
  await op.db.updateTable('items').set({ price: '1.50' }).where('name', 'in', ["it's", 'x']).execute()`,
    downgrade: `  await op.alterColumn('items', 'name', { type: varchar(100) })
  await op.dropColumn('items', 'price')`,
  }),
  revisionSource({
    id: rev(4),
    down: rev(3),
    message: 'not null label',
    upgrade: `  await op.db.updateTable('tags').set({ label: 'none' }).where('label', 'is', null).execute()
  await op.alterColumn('tags', 'label', { nullable: false })`,
    downgrade: `  await op.alterColumn('tags', 'label', { nullable: true })`,
  }),
]

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

async function project(dialect: TestDialect, options: { transactionPerMigration?: boolean } = {}): Promise<TestProject> {
  const p = await createTestProject(dialect)
  projects.push(p)
  p.writeSchema(schema)
  revisions.forEach((source, i) => p.writeRevision(`${rev(i + 1)}_r${i + 1}.ts`, source))
  if (options.transactionPerMigration === false) {
    writeFileSync(
      join(p.dir, 'tsmig.config.ts'),
      `import { defineConfig } from 'tsmig'\nexport default defineConfig({ url: ${JSON.stringify(p.url)}, schema: './schema.ts', migrations: './migrations', transactionPerMigration: false })\n`,
    )
  }
  return p
}

async function sqlOf(command: typeof upgradeCommand, cwd: string, target: string): Promise<string> {
  const out = collectingOutput()
  await command({ cwd, target, sql: true }, out)
  return `${out.lines.join('\n')}\n`
}

/** Apply a script with the dialect's own shell (psql / sqlite3), foreign keys enforced on SQLite as tsmig's connections do. */
async function applyScript(p: TestProject, script: string): Promise<void> {
  const ran: Ran = p.dialect === 'sqlite' ? await sqlite3(join(p.dir, 'test.sqlite3'), `PRAGMA foreign_keys = ON;\n${script}`) : await psql(p.url, script)
  expect(ran.stderr, script).toBe('')
  expect(ran.code, ran.stderr).toBe(0)
}

/** Everything but the schema that the run must leave identical: version rows, history, data. */
async function state(p: TestProject): Promise<unknown> {
  const queries = {
    versions: 'select version_num from tsmig_version order by version_num',
    history: 'select seq, revision, direction, checksum from tsmig_version_history order by seq',
    items: 'select * from items order by id',
    tags: 'select * from tags order by id',
  }
  const result: Record<string, unknown> = {}
  for (const [name, query] of Object.entries(queries)) {
    try {
      result[name] =
        p.dialect === 'sqlite'
          ? new Database(join(p.dir, 'test.sqlite3'), { readonly: true }).prepare(query).all()
          : await pgQuery(p.url, query)
    } catch {
      result[name] = 'missing'
    }
  }
  return result
}

const shells: Record<TestDialect, string> = { sqlite: 'sqlite3', postgres: 'psql' }

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(!hasCommand(shells[dialect]))(`upgrade --sql on ${dialect}`, () => {
    it(`piped into ${shells[dialect]} gives the schema, version table, history and data of an online upgrade`, async () => {
      const online = await project(dialect)
      await upgradeCommand({ cwd: online.dir, target: 'head' }, collectingOutput())

      const offline = await project(dialect)
      const script = await sqlOf(upgradeCommand, offline.dir, 'head')
      expect(script).toContain('CREATE TABLE IF NOT EXISTS "tsmig_version"')
      expect(script).toContain('CREATE TABLE IF NOT EXISTS "tsmig_version_history"')
      expect(script.match(/^COMMIT;$/gm)).toHaveLength(4)
      // op.db: literals inlined, quotes doubled.
      expect(script).toMatch(/insert into "items" \("name", "qty"\) values \('it''s', 3\), \('plain', null\)/)
      expect(script).toMatch(/update "items" set "price" = '1\.50' where "name" in \('it''s', 'x'\)/)
      // The rebuild of items (a parent with cascading children) must not run with foreign keys on.
      if (dialect === 'sqlite') expect(script).toContain(`-- upgrade ${rev(3)}: price, wider name\nPRAGMA foreign_keys = OFF;\nBEGIN IMMEDIATE;\n`)
      await applyScript(offline, script)

      expect(await offline.snapshot()).toEqual(await online.snapshot())
      expect(await state(offline)).toEqual(await state(online))
    })

    it('downgrade --sql head:base, piped in, returns to an empty schema with the rows of a downgrade', async () => {
      const online = await project(dialect)
      await upgradeCommand({ cwd: online.dir, target: 'head' }, collectingOutput())
      const offline = await project(dialect)
      await upgradeCommand({ cwd: offline.dir, target: 'head' }, collectingOutput())

      await downgradeCommand({ cwd: online.dir, target: 'base' }, collectingOutput())
      const script = await sqlOf(downgradeCommand, offline.dir, 'head:base')
      expect(script).not.toContain('CREATE TABLE IF NOT EXISTS "tsmig_version"')
      await applyScript(offline, script)

      expect(await offline.snapshot()).toEqual([])
      expect(await offline.snapshot()).toEqual(await online.snapshot())
      expect(await state(offline)).toEqual(await state(online))
    })

    it('a FROM:TO range starts from the schema at FROM', async () => {
      const online = await project(dialect)
      await upgradeCommand({ cwd: online.dir, target: 'head' }, collectingOutput())
      const offline = await project(dialect)
      await upgradeCommand({ cwd: offline.dir, target: rev(2) }, collectingOutput())

      const script = await sqlOf(upgradeCommand, offline.dir, `${rev(2)}:head`)
      expect(script).not.toContain(`-- upgrade ${rev(2)}`)
      expect(script).toContain(`-- upgrade ${rev(3)}`)
      await applyScript(offline, script)
      expect(await offline.snapshot()).toEqual(await online.snapshot())
      expect(await state(offline)).toEqual(await state(online))
    })

    it('transactionPerMigration: false prints one transaction for the run', async () => {
      const p = await project(dialect, { transactionPerMigration: false })
      const script = await sqlOf(upgradeCommand, p.dir, 'head')
      expect(script.match(/^COMMIT;$/gm)).toHaveLength(1)
      expect(script).toContain('-- one transaction for 4 migrations (transactionPerMigration: false)')
      await applyScript(p, script)
      const online = await project(dialect)
      await upgradeCommand({ cwd: online.dir, target: 'head' }, collectingOutput())
      expect(await p.snapshot()).toEqual(await online.snapshot())
    })
  })
}

describe('offline SQL details', () => {
  it('a transaction = false revision prints without BEGIN/COMMIT around its statements, and says so', async () => {
    const p = await project('sqlite')
    p.writeRevision(
      `${rev(5)}_r5.ts`,
      revisionSource({ id: rev(5), down: rev(4), upgrade: `  await op.execute('create index ix_tags_label on tags (label)')`, extra: 'export const transaction = false' }),
    )
    const script = await sqlOf(upgradeCommand, p.dir, `${rev(4)}:head`)
    expect(script).toContain('-- runs outside a transaction (export const transaction = false)')
    const tail = script.trim().split('\n').slice(-6)
    expect(tail.slice(0, 4)).toEqual([
      'create index ix_tags_label on tags (label);',
      'BEGIN IMMEDIATE;',
      `DELETE FROM "tsmig_version" WHERE version_num = '${rev(4)}';`,
      `INSERT INTO "tsmig_version" (version_num) VALUES ('${rev(5)}');`,
    ])
    expect(tail[4]).toMatch(/^INSERT INTO "tsmig_version_history" .*'up'/)
    expect(script.trim().endsWith('COMMIT;')).toBe(true)
  })

  it('downgrade --sql without a range is refused: offline there is no current revision', async () => {
    const p = await project('sqlite')
    await expect(downgradeCommand({ cwd: p.dir, target: '-1', sql: true }, collectingOutput())).rejects.toThrow(/needs a range FROM:TO/)
  })
})
