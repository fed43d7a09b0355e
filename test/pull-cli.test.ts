import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestProject, type TestProject } from './helpers/project.js'
import { sqliteCatalogSnapshot } from './helpers/catalog-snapshot.js'
import { tsmigBin, type Ran } from './helpers/tsmig-bin.js'

function expectOneErrorLine(ran: Ran, code: number, ...fragments: string[]): void {
  expect(ran.code, ran.stderr).toBe(code)
  const lines = ran.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  for (const fragment of fragments) expect(lines[0]).toContain(fragment)
}

describe('tsmig pull: where it writes, and what it refuses', () => {
  let project: TestProject
  const file = () => join(project.dir, 'test.sqlite3')
  beforeAll(async () => {
    project = await createTestProject('sqlite')
    const db = new Database(file())
    db.exec(`CREATE TABLE "Users" (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, status TEXT DEFAULT 'new' CHECK (status IN ('new', 'done')));
      CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER REFERENCES "Users" (id) ON DELETE CASCADE, title TEXT);
      CREATE INDEX ix_posts_user_id ON posts (user_id);
      CREATE VIEW recent AS SELECT * FROM posts;
      CREATE TRIGGER touch AFTER INSERT ON posts BEGIN SELECT 1; END;`)
    db.close()
  })
  afterAll(async () => {
    await project.dispose()
  })

  it('writes the config schema file, prints what it wrote and left out, and check is then clean', async () => {
    const ran = await tsmigBin(project.dir, 'pull')
    expect(ran.stderr).toBe('')
    expect(ran.stdout).toBe(
      'Wrote schema.ts: 2 tables, 0 enums\nLeft out (not managed by tsmig, listed at the top of the file): 2\n  view recent\n  trigger touch (on posts)\n',
    )
    expect(readFileSync(join(project.dir, 'schema.ts'), 'utf8')).toContain(
      "export const posts = table('posts', {\n  id: serial().primaryKey(),\n  user_id: integer().references(() => users.id, { onDelete: 'cascade' }).index(),\n  title: text(),\n})",
    )
    const check = await tsmigBin(project.dir, 'check')
    expect(check.code, check.stdout).toBe(0)
  })

  it('refuses to overwrite a file without --force, before touching anything', async () => {
    const before = readFileSync(join(project.dir, 'schema.ts'), 'utf8')
    writeFileSync(join(project.dir, 'schema.ts'), `${before}// mine\n`)
    expectOneErrorLine(await tsmigBin(project.dir, 'pull'), 1, 'schema.ts already exists', '--force')
    expect(readFileSync(join(project.dir, 'schema.ts'), 'utf8')).toBe(`${before}// mine\n`)
    const forced = await tsmigBin(project.dir, 'pull', '--force')
    expect(forced.code, forced.stderr).toBe(0)
    expect(readFileSync(join(project.dir, 'schema.ts'), 'utf8')).toBe(before)
  })

  it('--out writes elsewhere; --baseline refuses a project that has revisions', async () => {
    const out = await tsmigBin(project.dir, 'pull', '--out', 'db/model.ts')
    expect(out.code, out.stderr).toBe(0)
    expect(existsSync(join(project.dir, 'db', 'model.ts'))).toBe(true)
    const baseline = await tsmigBin(project.dir, 'pull', '--out', 'b.ts', '--baseline', '--rev-id', 'base00000001')
    expect(baseline.code, baseline.stderr).toBe(0)
    expect(project.revisionFiles()).toEqual(['base00000001_baseline.ts'])
    const catalog = sqliteCatalogSnapshot(file())
    expectOneErrorLine(await tsmigBin(project.dir, 'pull', '--out', 'c.ts', '--baseline'), 1, '--baseline', 'already holds 1')
    expect(existsSync(join(project.dir, 'c.ts'))).toBe(false)
    expect(sqliteCatalogSnapshot(file())).toEqual(catalog)
  })

  it("honours the config's include: a table it leaves out is not pulled", async () => {
    const config = readFileSync(join(project.dir, 'tsmig.config.ts'), 'utf8')
    writeFileSync(join(project.dir, 'tsmig.only-users.config.ts'), config.replace("migrations: './migrations',", "migrations: './migrations', include: (o) => !(o.type === 'table' && o.name === 'posts'),"))
    const ran = await tsmigBin(project.dir, '--config', 'tsmig.only-users.config.ts', 'pull', '--out', 'users-only.ts')
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stdout).toContain('Wrote users-only.ts: 1 table, 0 enums')
    expect(readFileSync(join(project.dir, 'users-only.ts'), 'utf8')).not.toContain("table('posts'")
  })

  it('an empty database has nothing to pull', async () => {
    const empty = await createTestProject('sqlite')
    try {
      expectOneErrorLine(await tsmigBin(empty.dir, 'pull'), 1, 'holds no tables or enums to pull')
      expect(existsSync(join(empty.dir, 'schema.ts'))).toBe(false)
    } finally {
      await empty.dispose()
    }
  })
})
