import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectingOutput, upgradeCommand } from '../src/api.js'
import { MigrationFailedError } from '../src/runtime/runner.js'
import { createTestProject, type TestProject } from './helpers/project.js'

/**
 * Issue 6's "done when", through real revision files and the runner: a file
 * database with a parent of 100,000 rows and an ON DELETE CASCADE child of
 * 300,000 rows goes through a type change, a new check, a dropped column and
 * a new primary key; after each step both tables keep every row.
 */
const parentRows = 100_000
const childRows = 300_000

const id = (n: number) => `a6${String(n).padStart(10, '0')}`

function revisionSource(n: number, message: string, body: string): string {
  return `import { type Operations, sql, integer, text } from 'tsmig'

export const revision = '${id(n)}'
export const downRevision: string | null = ${n === 1 ? 'null' : `'${id(n - 1)}'`}
export const message = ${JSON.stringify(message)}

export async function upgrade(op: Operations): Promise<void> {
${body}
}

export async function downgrade(op: Operations): Promise<void> {
  throw new Error('not needed')
}
`
}

const createSql = [
  `CREATE TABLE parent (
    id integer PRIMARY KEY AUTOINCREMENT,
    code text NOT NULL COLLATE NOCASE UNIQUE,
    name varchar(50),
    score text,
    legacy text CHECK (legacy <> ''),
    CHECK (length(code) > 0)
  )`,
  `CREATE TABLE child (
    id integer PRIMARY KEY,
    parent_id integer NOT NULL REFERENCES parent (id) ON DELETE CASCADE,
    note text
  )`,
  'CREATE INDEX ix_parent_name ON parent (name COLLATE NOCASE DESC)',
  'CREATE INDEX ix_child_parent ON child (parent_id)',
  'CREATE TABLE audit (parent_id integer, what text)',
  `CREATE TRIGGER parent_audit AFTER UPDATE ON parent BEGIN INSERT INTO audit VALUES (new.id, 'update'); END`,
  'CREATE VIEW parent_names AS SELECT id, name FROM parent',
  `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${parentRows})
   INSERT INTO parent (code, name, score, legacy)
   SELECT 'c' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'name ' || i END, CAST(i % 1000 AS TEXT), 'x' FROM n`,
  `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${childRows})
   INSERT INTO child (parent_id, note) SELECT 1 + (i % ${parentRows}), 'note ' || i FROM n`,
]

interface Fingerprint {
  readonly parent: { readonly rows: number; readonly hash: string }
  readonly child: { readonly rows: number; readonly hash: string }
}

describe('SQLite rebuilds through revision files and the runner (100,000 parents, 300,000 children)', () => {
  let project: TestProject
  let file: string
  let before: Fingerprint
  let applied = 0
  const out = collectingOutput()

  /** Row count and a hash of every row, in key order; values compared as text (a type change stores 7 for '7'). */
  function fingerprint(): Fingerprint {
    const db = new Database(file, { readonly: true })
    try {
      const hashOf = (query: string) => {
        const hash = createHash('sha256')
        let rows = 0
        for (const row of db.prepare(query).raw().iterate() as Iterable<unknown[]>) {
          hash.update(row.map(String).join('\u0001') + '\n')
          rows++
        }
        return { rows, hash: hash.digest('hex') }
      }
      return {
        parent: hashOf('SELECT id, code, name, CAST(score AS TEXT) FROM parent ORDER BY id'),
        child: hashOf('SELECT id, parent_id, note FROM child ORDER BY id'),
      }
    } finally {
      db.close()
    }
  }

  function query<T>(sqlText: string): T[] {
    const db = new Database(file, { readonly: true })
    try {
      return db.prepare(sqlText).all() as T[]
    } finally {
      db.close()
    }
  }

  const schemaSql = () => query<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name`).map((r) => r.sql)
  const versions = () => query<{ version_num: string }>('SELECT version_num FROM tsmig_version').map((r) => r.version_num)

  async function upgradeTo(n: number, message: string, body: string) {
    project.writeRevision(`${id(n)}_${message.replace(/\W+/g, '_')}.ts`, revisionSource(n, message, body))
    await upgradeCommand({ cwd: project.dir, target: id(n) }, out)
    applied = n
  }

  /** Every row of both tables is still there, nothing references a missing parent, indexes, trigger and view are intact. */
  function expectIntact() {
    expect(fingerprint()).toEqual(before)
    expect(query('PRAGMA foreign_key_check')).toEqual([])
    const objects = query<{ type: string; name: string }>(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`)
    expect(objects).toEqual(
      expect.arrayContaining([
        { type: 'index', name: 'ix_child_parent' },
        { type: 'index', name: 'ix_parent_name' },
        { type: 'trigger', name: 'parent_audit' },
        { type: 'view', name: 'parent_names' },
      ]),
    )
    expect(objects.some((o) => o.name.startsWith('_tsmig'))).toBe(false)
    expect(query('SELECT count(*) AS n FROM parent_names')).toEqual([{ n: parentRows }])
    expect(versions()).toEqual([id(applied)])
  }

  beforeAll(async () => {
    project = await createTestProject('sqlite')
    file = join(project.dir, 'test.sqlite3')
    project.writeSchema('export {}\n')
    const body = createSql.map((statement) => `  await op.execute(${JSON.stringify(statement)})`).join('\n')
    await upgradeTo(1, 'create and fill', body)
    before = fingerprint()
    expect(before.parent.rows).toBe(parentRows)
    expect(before.child.rows).toBe(childRows)
  }, 120_000)
  afterAll(async () => project?.dispose())

  it('changes a column type and its default, keeping every row', async () => {
    await upgradeTo(2, 'score to integer', `  await op.alterColumn('parent', 'score', { type: integer() })\n  await op.alterColumn('parent', 'score', { default: 0 })`)
    expectIntact()
    expect(query(`SELECT typeof(score) AS t, count(*) AS n FROM parent GROUP BY 1`)).toEqual([{ t: 'integer', n: parentRows }])
  })

  it('adds a check constraint', async () => {
    await upgradeTo(3, 'add a check', `  await op.createCheckConstraint('ck_parent_score', 'parent', sql\`score >= 0\`)`)
    expectIntact()
    expect(schemaSql().join('\n')).toContain('CONSTRAINT "ck_parent_score" CHECK (score >= 0)')
  })

  it('drops a column that has a CHECK of its own (SQLite refuses DROP COLUMN there)', async () => {
    await upgradeTo(4, 'drop legacy', `  await op.dropColumn('parent', 'legacy')`)
    expectIntact()
    expect(query<{ name: string }>(`SELECT name FROM pragma_table_info('parent')`).map((r) => r.name)).toEqual(['id', 'code', 'name', 'score'])
  })

  it('changes the primary key with op.batchAlterTable, the children still pointing at parent.id', async () => {
    await upgradeTo(
      5,
      'primary key on code',
      `  await op.batchAlterTable('parent', (batch) => {
    batch.alterColumn('id', { autoIncrement: false })
    batch.dropConstraint('parent_pkey')
    batch.createUniqueConstraint('parent_id_key', ['id'])
    batch.createPrimaryKey('parent_pk', ['code'])
  })`,
    )
    expectIntact()
    const parentSql = schemaSql().find((s) => s.startsWith('CREATE TABLE "parent"'))!
    expect(parentSql).toContain('CONSTRAINT "parent_pk" PRIMARY KEY ("code")')
    expect(parentSql).toMatch(/"code" text NOT NULL COLLATE "NOCASE"/)
    expect(parentSql).toContain('CONSTRAINT "ck_parent_score" CHECK')
    // The unnamed check of the table survived every rebuild, under the name introspection gives it.
    expect(parentSql).toContain('CONSTRAINT "parent_code_check" CHECK (length(code) > 0)')
  })

  it('rolls back a NOT NULL over existing NULLs completely, naming table and column', async () => {
    const schema = schemaSql()
    project.writeRevision(`${id(6)}_not_null.ts`, revisionSource(6, 'name not null', `  await op.alterColumn('parent', 'name', { nullable: false })`))
    const failure = upgradeCommand({ cwd: project.dir, target: id(6) }, out)
    await expect(failure).rejects.toBeInstanceOf(MigrationFailedError)
    await expect(failure).rejects.toThrow(/table parent \(alterColumn parent\.name\): NOT NULL constraint failed: _tsmig_new_parent\.name/)
    expect(schemaSql()).toEqual(schema)
    expectIntact()
    project.removeRevision(`${id(6)}_not_null.ts`)
  })

  it('rolls back a check the data fails completely, naming table and constraint', async () => {
    const schema = schemaSql()
    project.writeRevision(
      `${id(6)}_bad_check.ts`,
      revisionSource(6, 'bad check', `  await op.alterColumn('parent', 'score', { default: 1 })\n  await op.createCheckConstraint('ck_score_small', 'parent', sql\`score < 500\`)`),
    )
    await expect(upgradeCommand({ cwd: project.dir, target: id(6) }, out)).rejects.toThrow(
      /table parent \(alterColumn parent\.score, addConstraint parent\.ck_score_small\): CHECK constraint failed: ck_score_small/,
    )
    expect(schemaSql()).toEqual(schema)
    expectIntact()
    project.removeRevision(`${id(6)}_bad_check.ts`)
  })

  it('still enforces and cascades foreign keys and fires the trigger afterwards', () => {
    const db = new Database(file)
    try {
      db.pragma('foreign_keys = ON')
      db.exec(`UPDATE parent SET name = 'renamed' WHERE id = 2`)
      expect(db.prepare('SELECT * FROM audit').all()).toEqual([{ parent_id: 2, what: 'update' }])
      db.exec('DELETE FROM parent WHERE id = 1')
      expect(db.prepare('SELECT count(*) AS n FROM child').get()).toEqual({ n: childRows - childRows / parentRows })
      expect(() => db.exec('INSERT INTO child (parent_id, note) VALUES (999999999, 1)')).toThrow(/FOREIGN KEY/)
    } finally {
      db.close()
    }
  })
})
