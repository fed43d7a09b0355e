import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresDialect } from '../src/dialects/postgres/index.js'
import { sqliteDialect } from '../src/dialects/sqlite/index.js'
import { checkCommand, collectingOutput, downgradeCommand, upgradeCommand } from '../src/api.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'

/** `op.batchAlterTable` in hand-written revisions, run by the runner on both dialects, and printed with `--sql`. */

const createRevision = `import { type Operations, foreignKey, serial, integer, text } from 'tsmig'
export const revision = 'b6000000000a'
export const downRevision: string | null = null
export const message = 'items and tags'
export async function upgrade(op: Operations): Promise<void> {
  await op.createTable('items', { id: serial().primaryKey(), name: text(), score: text(), legacy: text() })
  await op.createTable('tags', { id: serial().primaryKey(), item_id: integer().notNull(), label: text() }, () => [
    foreignKey({ name: 'tags_item_id_fkey', columns: ['item_id'], foreignTable: 'items', foreignColumns: ['id'], onDelete: 'cascade' }),
  ])
  await op.execute("INSERT INTO items (name, score, legacy) VALUES ('a', '1', 'x'), ('b', '20', 'y'), ('c', '300', NULL)")
  await op.execute("INSERT INTO tags (item_id, label) SELECT id, name || n FROM items, (SELECT 1 AS n UNION ALL SELECT 2) AS two")
}
export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable('tags')
  await op.dropTable('items')
}
`

const batchRevision = `import { type Operations, sql, integer, text, varchar } from 'tsmig'
export const revision = 'b6000000000b'
export const downRevision: string | null = 'b6000000000a'
export const message = 'reshape items'
export async function upgrade(op: Operations): Promise<void> {
  await op.batchAlterTable('items', (batch) => {
    batch.alterColumn('score', { type: integer() })
    batch.createCheckConstraint('ck_items_score', sql\`score >= 0\`)
    batch.dropColumn('legacy')
    batch.addColumn('note', varchar(20).notNull().default('none'))
    batch.createIndex('ix_items_name', ['name'])
  })
}
export async function downgrade(op: Operations): Promise<void> {
  await op.batchAlterTable('items', (batch) => {
    batch.dropIndex('ix_items_name')
    batch.dropColumn('note')
    batch.addColumn('legacy', text())
    batch.dropConstraint('ck_items_score')
    batch.alterColumn('score', { type: text() })
  })
}
`

const model = `import { table, check, index, sql, serial, integer, text, varchar } from 'tsmig'
export const items = table('items', {
  id: serial().primaryKey(),
  name: text(),
  score: integer(),
  note: varchar(20).notNull().default('none'),
}, (t) => [check('ck_items_score', sql\`score >= 0\`), index('ix_items_name').on(t.name)])
export const tags = table('tags', {
  id: serial().primaryKey(),
  item_id: integer().notNull().references(() => items.id, { onDelete: 'cascade' }),
  label: text(),
})
`

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

async function project(dialect: TestDialect): Promise<TestProject> {
  const created = await createTestProject(dialect)
  projects.push(created)
  created.writeSchema(model)
  created.writeRevision('b6000000000a_items_and_tags.ts', createRevision)
  created.writeRevision('b6000000000b_reshape_items.ts', batchRevision)
  return created
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`op.batchAlterTable on ${dialect}`, () => {
    it('applies every change of the batch, keeps the rows, and matches the model', async () => {
      const p = await project(dialect)
      const out = collectingOutput()
      await upgradeCommand({ cwd: p.dir, target: 'head' }, out)
      const check = await checkCommand({ cwd: p.dir }, out)
      expect(check.differences.map((d) => `${d.object}: ${d.reason}`)).toEqual([])

      const db = await connect(p)
      try {
        expect((await sql<{ name: string; score: number; note: string }>`SELECT name, score, note FROM items ORDER BY id`.execute(db)).rows).toEqual([
          { name: 'a', score: 1, note: 'none' },
          { name: 'b', score: 20, note: 'none' },
          { name: 'c', score: 300, note: 'none' },
        ])
        expect((await sql<{ n: number }>`SELECT count(*) AS n FROM tags`.execute(db)).rows.map((r) => Number(r.n))).toEqual([6])
        await expect(sql`INSERT INTO items (name, score) VALUES ('neg', -1)`.execute(db)).rejects.toThrow(/ck_items_score/)
      } finally {
        await db.destroy()
      }

      await downgradeCommand({ cwd: p.dir, target: '-1' }, out)
      const back = await connect(p)
      try {
        expect((await sql<{ name: string; score: string; legacy: null }>`SELECT name, score, legacy FROM items ORDER BY id`.execute(back)).rows).toEqual([
          { name: 'a', score: '1', legacy: null },
          { name: 'b', score: '20', legacy: null },
          { name: 'c', score: '300', legacy: null },
        ])
        expect((await sql<{ n: number }>`SELECT count(*) AS n FROM tags`.execute(back)).rows.map((r) => Number(r.n))).toEqual([6])
      } finally {
        await back.destroy()
      }
    })
  })
}

function connect(p: TestProject): Promise<Kysely<any>> {
  return p.dialect === 'sqlite' ? sqliteDialect.connect(p.url, p.dir) : postgresDialect.connect(p.url, p.dir)
}

describe('op.batchAlterTable with --sql on SQLite', () => {
  it('prints one rebuild with the pragmas around its transaction, and the script keeps every child row', async () => {
    const p = await project('sqlite')
    const out = collectingOutput()
    await upgradeCommand({ cwd: p.dir, target: 'head', sql: true }, out)
    const script = out.lines.join('\n')
    const [first, second] = script.split('-- upgrade b6000000000b')
    expect(first).not.toContain('PRAGMA foreign_keys')
    expect(second).toMatch(/PRAGMA foreign_keys = OFF;\nBEGIN IMMEDIATE;\n/)
    expect(second.match(/CREATE TABLE "_tsmig_new_items"/g)).toHaveLength(1)
    expect(second).toMatch(/PRAGMA foreign_key_check;\n[^]*\nCOMMIT;\nPRAGMA foreign_keys = ON;/)

    // The script as the sqlite3 shell would run it (better-sqlite3 enforces foreign keys, like tsmig's connections).
    const ran = new Database(join(p.dir, 'script.sqlite3'))
    ran.exec(script)
    expect(ran.prepare('SELECT count(*) AS n FROM tags').get()).toEqual({ n: 6 })
    expect(ran.prepare('SELECT name, score, note FROM items ORDER BY id').all()).toEqual([
      { name: 'a', score: 1, note: 'none' },
      { name: 'b', score: 20, note: 'none' },
      { name: 'c', score: 300, note: 'none' },
    ])
    ran.close()
    // Without the pragma before BEGIN the rebuild refuses to run instead of emptying tags through ON DELETE CASCADE.
    const unsafe = new Database(join(p.dir, 'unsafe.sqlite3'))
    try {
      expect(() => unsafe.exec(script.replace('PRAGMA foreign_keys = OFF;', ''))).toThrow(/needs PRAGMA foreign_keys = OFF before BEGIN/)
    } finally {
      unsafe.close()
    }
  })
})
