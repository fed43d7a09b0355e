import { afterAll, describe, expect, it } from 'vitest'
import { collectingOutput } from '../src/api.js'
import { verifyCommand, type VerifyOptions } from '../src/cli/commands/verify.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { createTempDatabase, pgBackend, type TempDatabase } from './helpers/postgres.js'
import { pgQuery, rev, revisionSource, tsmig } from './helpers/deploy-support.js'

const model = `import { table, serial, text, integer, index } from 'tsmig'
export const items = table('items', { id: serial().primaryKey(), name: text(), qty: integer() }, (t) => [index('ix_items_qty').on(t.qty)])
export const tags = table('tags', { id: serial().primaryKey(), label: text().notNull() })
`

const projects: TestProject[] = []
const scratches: TempDatabase[] = []
afterAll(async () => {
  await Promise.all([...projects.map((p) => p.dispose()), ...scratches.map((s) => s.drop())])
})

/** Three revisions that build the model; `second` replaces the index revision's source. */
async function project(dialect: TestDialect, second?: string): Promise<TestProject> {
  const p = await createTestProject(dialect)
  projects.push(p)
  p.writeSchema(model)
  p.writeRevision('1.ts', revisionSource({ id: rev(1), upgrade: `  await op.createTable('items', { id: serial().primaryKey(), name: text() })`, downgrade: `  await op.dropTable('items')` }))
  p.writeRevision(
    '2.ts',
    second ??
      revisionSource({
        id: rev(2),
        down: rev(1),
        message: 'qty with an index',
        upgrade: `  await op.addColumn('items', 'qty', integer())\n  await op.createIndex('ix_items_qty', 'items', ['qty'])`,
        downgrade: `  await op.dropIndex('ix_items_qty', 'items')\n  await op.dropColumn('items', 'qty')`,
      }),
  )
  p.writeRevision('3.ts', revisionSource({ id: rev(3), down: rev(2), upgrade: `  await op.createTable('tags', { id: serial().primaryKey(), label: text().notNull() })`, downgrade: `  await op.dropTable('tags')` }))
  return p
}

/** PGlite is one database per instance: there verify gets a database of its own through --scratch-url. */
async function options(p: TestProject): Promise<VerifyOptions> {
  if (p.dialect === 'sqlite' || pgBackend() === 'server') return { cwd: p.dir }
  const scratch = await createTempDatabase()
  scratches.push(scratch)
  return { cwd: p.dir, scratchUrl: scratch.url }
}

// The column stays too (SQLite cannot drop a column an index uses); the index is what the test is about.
const forgetsTheIndex = revisionSource({
  id: rev(2),
  down: rev(1),
  message: 'qty with an index',
  upgrade: `  await op.addColumn('items', 'qty', integer())\n  await op.createIndex('ix_items_qty', 'items', ['qty'])`,
  downgrade: `  await op.execute('select 1')`,
})

describe.each(['sqlite', 'postgres'] as const)('tsmig verify on %s', (dialect) => {
  it('passes revisions whose downgrades restore the schema, and leaves nothing behind', async () => {
    const p = await project(dialect)
    const out = collectingOutput()
    const result = await verifyCommand(await options(p), out)
    expect(result).toEqual({ ok: true, revisions: 3, failure: null })
    const arrows = out.lines.filter((l) => /^(↑↑|↑|↓) /.test(l)).map((l) => l.split(' ').slice(0, 2).join(' '))
    expect(arrows).toEqual([
      `↑ ${rev(1)}`, `↑ ${rev(2)}`, `↑ ${rev(3)}`,
      `↓ ${rev(3)}`, `↓ ${rev(2)}`, `↓ ${rev(1)}`,
      `↑↑ ${rev(1)}`, `↑↑ ${rev(2)}`, `↑↑ ${rev(3)}`,
    ])
    expect(out.lines.at(-1)).toBe('✓ verified 3 revisions: every downgrade restores the schema, upgrades repeat, and head matches the model')
    // The project's own database is untouched.
    expect(await p.snapshot()).toEqual([])
    if (dialect === 'postgres' && pgBackend() === 'server') {
      expect(await pgQuery(p.url, "select datname from pg_database where datname like 'tsmig_verify_%'")).toEqual([])
    }
  })

  it('names the revision whose downgrade forgets to drop an index, with the difference', async () => {
    const p = await project(dialect, forgetsTheIndex)
    const out = collectingOutput()
    const result = await verifyCommand(await options(p), out)
    expect(result.ok).toBe(false)
    expect(result.failure).toMatchObject({ kind: 'schema differs', phase: 'down', revision: rev(2) })
    const failure = result.failure as unknown as { differences: { object: string }[]; patch: string }
    expect(failure.differences.map((d) => d.object)).toContain('items.ix_items_qty')
    expect(out.lines).toContain(`✗ revision ${rev(2)}: its downgrade does not restore the schema from before its upgrade`)
    expect(out.lines.some((l) => /^ {2}\+CREATE INDEX "ix_items_qty" ON "items"/.test(l))).toBe(true)
    expect(failure.patch).toMatch(new RegExp(`^--- before upgrading ${rev(2)}\\n\\+\\+\\+ after downgrading ${rev(2)}\\n`))
  })
})

describe('tsmig verify', () => {
  it('exits 1 through the binary and names the revision; --json parses', async () => {
    const p = await project('sqlite', forgetsTheIndex)
    const ran = await tsmig(p.dir, 'verify')
    expect(ran.code, ran.stderr).toBe(1)
    expect(ran.stdout).toContain(`✗ revision ${rev(2)}: its downgrade does not restore the schema from before its upgrade`)
    const json = await tsmig(p.dir, 'verify', '--json')
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, revisions: 3, failure: { kind: 'schema differs', revision: rev(2), phase: 'down' } })
    const good = await project('sqlite')
    const passed = await tsmig(good.dir, 'verify')
    expect(passed.code, passed.stdout + passed.stderr).toBe(0)
  })

  it('reports a downgrade that fails, and a model no revision reaches', async () => {
    const failing = await project(
      'sqlite',
      revisionSource({ id: rev(2), down: rev(1), upgrade: `  await op.addColumn('items', 'qty', integer())`, downgrade: `  await op.execute('select * from nowhere')` }),
    )
    const broken = await verifyCommand({ cwd: failing.dir }, collectingOutput())
    expect(broken.failure).toMatchObject({ kind: 'migration failed', phase: 'down', revision: rev(2) })
    expect((broken.failure as { message: string }).message).toContain('no such table: nowhere')

    const behind = await project('sqlite')
    behind.writeSchema(`${model}export const extra = table('extra', { id: serial().primaryKey() })\n`)
    const out = collectingOutput()
    const result = await verifyCommand({ cwd: behind.dir }, out)
    expect(result.failure).toMatchObject({ kind: 'model differs' })
    expect(out.lines).toContain('✗ at head the migrated schema differs from the model (a change is missing from the revisions)')
    expect(out.lines).toContain('    + extra: table added')
  })

  it('--scratch-url runs on the database given, refuses one that is not empty, and empties it again after a pass', async () => {
    const p = await project('sqlite')
    const scratchUrl = `sqlite:${p.dir}/scratch.sqlite3`
    const out = collectingOutput()
    expect((await verifyCommand({ cwd: p.dir, scratchUrl }, out)).ok).toBe(true)
    expect(out.lines[0]).toBe(`Stairway test of 3 revisions on ${scratchUrl}:`)
    // Emptied: a second run is accepted.
    expect((await verifyCommand({ cwd: p.dir, scratchUrl }, collectingOutput())).ok).toBe(true)

    await tsmig(p.dir, '--url', scratchUrl, 'upgrade', rev(1))
    await expect(verifyCommand({ cwd: p.dir, scratchUrl }, collectingOutput())).rejects.toThrow(/the scratch database is not empty \(table items, version 000000000001\): verify needs an empty one/)
    await expect(verifyCommand({ cwd: p.dir, scratchUrl: 'postgres://nobody@127.0.0.1:1/x' }, collectingOutput())).rejects.toThrow(/is not a sqlite database like the config's URL/)
  })
})
