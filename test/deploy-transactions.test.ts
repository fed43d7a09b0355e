import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { checkCommand, collectingOutput, revisionCommand, upgradeCommand } from '../src/api.js'
import { groupIntoUnits } from '../src/runtime/transaction-units.js'
import type { MigrationStep } from '../src/revisions/plan.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { pgQuery, rev, revisionSource } from './helpers/deploy-support.js'

const schema = `import { table, serial } from 'tsmig'\nexport const placeholder = table('placeholder', { id: serial().primaryKey() })\n`

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

async function project(dialect: TestDialect, config = ''): Promise<TestProject> {
  const p = await createTestProject(dialect)
  projects.push(p)
  p.writeSchema(schema)
  if (config !== '') {
    writeFileSync(
      join(p.dir, 'tsmig.config.ts'),
      `import { defineConfig } from 'tsmig'\nexport default defineConfig({ url: ${JSON.stringify(p.url)}, schema: './schema.ts', migrations: './migrations', ${config} })\n`,
    )
  }
  return p
}

async function query(p: TestProject, text: string): Promise<Record<string, unknown>[]> {
  if (p.dialect === 'postgres') return pgQuery(p.url, text)
  const db = new Database(join(p.dir, 'test.sqlite3'), { readonly: true })
  try {
    return db.prepare(text).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

const tableRevision = (n: number, extra = '') =>
  revisionSource({ id: rev(n), down: n === 1 ? null : rev(n - 1), upgrade: `  await op.createTable('t${n}', { id: serial().primaryKey(), x: integer() })${extra}`, downgrade: `  await op.dropTable('t${n}')` })
const failing = (n: number) => revisionSource({ id: rev(n), down: rev(n - 1), upgrade: `  await op.createTable('t${n}', { id: serial().primaryKey() })\n  await op.execute('select * from no_such_table')` })

describe('groupIntoUnits', () => {
  const step = (n: number): MigrationStep => ({ revision: rev(n), direction: 'up', removeVersions: [], addVersions: [rev(n)] })
  const steps = [1, 2, 3, 4, 5].map(step)
  const outside = (s: MigrationStep) => s.revision !== rev(3)
  const shape = (units: ReturnType<typeof groupIntoUnits>) => units.map((u) => `${u.transactional ? 'tx' : 'none'}:${u.steps.map((s) => Number.parseInt(s.revision, 16)).join(',')}`)

  it('one transaction per migration; a transaction = false revision runs alone', () => {
    expect(shape(groupIntoUnits(steps, outside, true))).toEqual(['tx:1', 'tx:2', 'none:3', 'tx:4', 'tx:5'])
  })
  it('transactionPerMigration: false makes one transaction, split around a transaction = false revision', () => {
    expect(shape(groupIntoUnits(steps, outside, false))).toEqual(['tx:1,2', 'none:3', 'tx:4,5'])
    expect(shape(groupIntoUnits(steps, () => true, false))).toEqual(['tx:1,2,3,4,5'])
  })
})

describe.each(['sqlite', 'postgres'] as const)('transactions on %s', (dialect) => {
  it('by default a failing migration is rolled back alone: the ones before it stay applied', async () => {
    const p = await project(dialect)
    p.writeRevision('1.ts', tableRevision(1))
    p.writeRevision('2.ts', tableRevision(2))
    p.writeRevision('3.ts', failing(3))
    const out = collectingOutput()
    await expect(upgradeCommand({ cwd: p.dir, target: 'head' }, out)).rejects.toThrow(`upgrade of revision ${rev(3)} (${join(p.dir, 'migrations', '3.ts')}) failed and was rolled back`)
    expect(out.lines.map((l) => l.slice(0, 14))).toEqual([`↑ ${rev(1)}`, `↑ ${rev(2)}`])
    expect(await query(p, 'select version_num from tsmig_version')).toEqual([{ version_num: rev(2) }])
    expect((await p.snapshot()).some((line) => line.includes('t3'))).toBe(false)
  })

  it('transactionPerMigration: false runs the whole upgrade in one transaction: a failure takes every migration back', async () => {
    const p = await project(dialect, 'transactionPerMigration: false')
    p.writeRevision('1.ts', tableRevision(1))
    p.writeRevision('2.ts', tableRevision(2))
    p.writeRevision('3.ts', failing(3))
    const out = collectingOutput()
    await expect(upgradeCommand({ cwd: p.dir, target: 'head' }, out)).rejects.toThrow(/failed; the whole run was one transaction \(transactionPerMigration: false\) and was rolled back/)
    // Nothing is reported as applied: nothing was committed.
    expect(out.lines).toEqual([])
    expect(await query(p, 'select version_num from tsmig_version')).toEqual([])
    expect(await query(p, 'select * from tsmig_version_history')).toEqual([])
    expect(await p.snapshot()).toEqual([])

    p.removeRevision('3.ts')
    const ok = collectingOutput()
    const result = await upgradeCommand({ cwd: p.dir, target: 'head' }, ok)
    expect(result.steps.map((s) => s.revision)).toEqual([rev(1), rev(2)])
    expect(await query(p, 'select version_num from tsmig_version')).toEqual([{ version_num: rev(2) }])
  })
})

describe('export const transaction = false', () => {
  const concurrently = (n: number) =>
    revisionSource({
      id: rev(n),
      down: rev(n - 1),
      extra: 'export const transaction = false',
      upgrade: `  await op.execute('CREATE INDEX CONCURRENTLY ix_t1_x ON t1 (x)')`,
      downgrade: `  await op.execute('DROP INDEX CONCURRENTLY ix_t1_x')`,
    })

  for (const config of ['', 'transactionPerMigration: false']) {
    it(`runs CREATE INDEX CONCURRENTLY outside a transaction and says so${config ? ` (${config})` : ''}`, async () => {
      const p = await project('postgres', config)
      p.writeRevision('1.ts', tableRevision(1))
      p.writeRevision('2.ts', concurrently(2))
      p.writeRevision('3.ts', tableRevision(3))
      const out = collectingOutput()
      const result = await upgradeCommand({ cwd: p.dir, target: 'head' }, out)
      expect(result.steps.map((s) => [s.revision, s.outsideTransaction])).toEqual([
        [rev(1), false],
        [rev(2), true],
        [rev(3), false],
      ])
      expect(out.lines[1]).toBe(`  ${rev(2)} runs outside a transaction (export const transaction = false): a failure is not rolled back`)
      expect(out.lines[2]).toMatch(new RegExp(`^↑ ${rev(2)} revision ${rev(2)} \\(\\d+ ms\\) \\(outside a transaction\\)$`))
      expect(await pgQuery(p.url, "select indexname from pg_indexes where indexname = 'ix_t1_x'")).toHaveLength(1)
      expect(await pgQuery(p.url, 'select revision from tsmig_version_history order by seq')).toEqual([1, 2, 3].map((n) => ({ revision: rev(n) })))
    })
  }

  it('a failure outside a transaction says what was not rolled back', async () => {
    const p = await project('sqlite')
    p.writeRevision('1.ts', tableRevision(1))
    p.writeRevision(
      '2.ts',
      revisionSource({ id: rev(2), down: rev(1), extra: 'export const transaction = false', upgrade: `  await op.execute('create table kept (id integer)')\n  await op.execute('select * from nowhere')` }),
    )
    await expect(upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())).rejects.toThrow(
      `upgrade of revision ${rev(2)} (${join(p.dir, 'migrations', '2.ts')}) failed outside a transaction (export const transaction = false): what it did before the failure stays, and the version table still names the revision before it: no such table: nowhere`,
    )
    expect(await query(p, 'select version_num from tsmig_version')).toEqual([{ version_num: rev(1) }])
    expect(await query(p, "select name from sqlite_master where name = 'kept'")).toEqual([{ name: 'kept' }])
  })
})

describe('PostgreSQL enum values', () => {
  it('a generated revision that adds an enum value and uses it as a default applies in one transaction', async () => {
    const p = await project('postgres')
    const model = (values: string, column: string) =>
      `import { table, serial, enumType } from 'tsmig'\nexport const mood = enumType('mood', [${values}])\nexport const people = table('people', { id: serial().primaryKey(), mood: ${column} })\n`
    p.writeSchema(model("'happy', 'sad'", 'mood()'))
    await revisionCommand({ cwd: p.dir, message: 'people', autogenerate: true }, collectingOutput())
    await upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())

    p.writeSchema(model("'happy', 'sad', 'meh'", "mood().notNull().default('meh')"))
    await revisionCommand({ cwd: p.dir, message: 'meh by default', autogenerate: true }, collectingOutput())
    const result = await upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())
    expect(result.steps).toHaveLength(1)
    expect((await checkCommand({ cwd: p.dir }, collectingOutput())).clean).toBe(true)
  })
})
