import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { sqliteFileFromUrl } from '../src/dialects/sqlite/connect.js'
import { rev, revisionSource, tsmig, type Ran } from './helpers/deploy-support.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A project in `<tmp>/app/` with its config in `app/config/`, so "relative to the config file" and "relative to the cwd" differ. */
function project(url: string): { root: string; configDir: string; config: string } {
  const root = mkdtempSync(join(tmpdir(), 'tsmig-urls-'))
  dirs.push(root)
  const configDir = join(root, 'config')
  mkdirSync(join(configDir, 'migrations'), { recursive: true })
  writeFileSync(join(configDir, 'schema.ts'), `import { table, serial } from 'tsmig'\nexport const a = table('a', { id: serial().primaryKey() })\n`)
  writeFileSync(join(configDir, 'tsmig.config.ts'), `export default { url: ${JSON.stringify(url)}, schema: './schema.ts', migrations: './migrations' }\n`)
  writeFileSync(join(configDir, 'migrations', `${rev(1)}_a.ts`), revisionSource({ id: rev(1), upgrade: `  await op.createTable('a', { id: serial().primaryKey() })`, downgrade: `  await op.dropTable('a')` }))
  return { root, configDir, config: join(configDir, 'tsmig.config.ts') }
}

function expectError(ran: Ran, ...fragments: string[]): void {
  expect(ran.code, ran.stdout + ran.stderr).toBe(1)
  const lines = ran.stderr.trim().split('\n')
  expect(lines, ran.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  for (const fragment of fragments) expect(lines[0]).toContain(fragment)
}

describe('SQLite URL forms', () => {
  it('parse with SQLAlchemy\'s meaning beside tsmig\'s own', () => {
    expect(sqliteFileFromUrl('sqlite:///dev.db', '/project')).toBe('/project/dev.db')
    expect(sqliteFileFromUrl('sqlite:///data/dev.db', '/project')).toBe('/project/data/dev.db')
    expect(sqliteFileFromUrl('sqlite:////var/db/dev.db', '/project')).toBe('/var/db/dev.db')
    expect(sqliteFileFromUrl('sqlite:///:memory:', '/project')).toBe(':memory:')
    expect(sqliteFileFromUrl('sqlite://', '/project')).toBe(':memory:')
    expect(sqliteFileFromUrl('sqlite:./x.db', '/project')).toBe('/project/x.db')
    expect(sqliteFileFromUrl('sqlite:/abs/x.db', '/project')).toBe('/abs/x.db')
    expect(sqliteFileFromUrl('sqlite::memory:', '/project')).toBe(':memory:')
    expect(() => sqliteFileFromUrl('sqlite://host/x.db', '/project')).toThrow(/names a host \(host\)/)
  })

  it('sqlite:///relative.db is a file beside the config, whatever the current directory', async () => {
    const p = project('sqlite:///dev.db')
    const ran = await tsmig(p.root, '--config', p.config, 'upgrade', 'head')
    expect(ran.code, ran.stderr).toBe(0)
    expect(existsSync(join(p.configDir, 'dev.db'))).toBe(true)
    expect(existsSync(join(p.root, 'dev.db'))).toBe(false)
    expect(existsSync('/dev.db')).toBe(false)
  })

  it('sqlite:////absolute/path.db is that absolute path', async () => {
    const p = project('sqlite:///placeholder.db')
    const file = join(p.root, 'elsewhere', 'abs.db')
    mkdirSync(join(p.root, 'elsewhere'))
    const ran = await tsmig(p.configDir, '--url', `sqlite:///${file}`, 'upgrade', 'head')
    expect(ran.code, ran.stderr).toBe(0)
    expect(existsSync(file)).toBe(true)
    const current = await tsmig(p.configDir, '--url', `sqlite:///${file}`, 'current')
    expect(current.stdout.trim()).toBe(`${rev(1)} (head)`)
  })

  it('sqlite://host/… is refused with the forms to use', async () => {
    const p = project('sqlite://localhost/dev.db')
    expectError(await tsmig(p.configDir, 'current'), 'names a host (localhost)', 'sqlite:///relative/path.db')
  })
})

describe('a missing SQLite file', () => {
  it('is an error naming the path for every command that only reads, and is not created', async () => {
    const p = project('sqlite:./missing.db')
    const file = join(p.configDir, 'missing.db')
    for (const args of [['current'], ['check'], ['history', '--indicate-current'], ['show', 'current'], ['downgrade', '-1']]) {
      expectError(await tsmig(p.configDir, ...args), `SQLite database ${file} does not exist`)
      expect(existsSync(file), args.join(' ')).toBe(false)
    }
  })

  it('revision --autogenerate in a new project reads it as an empty database and does not create it', async () => {
    const p = project('sqlite:./new.db')
    rmSync(join(p.configDir, 'migrations', `${rev(1)}_a.ts`))
    const ran = await tsmig(p.configDir, 'revision', '--autogenerate', '-m', 'create a')
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stdout).toContain('+ a: table added')
    expect(existsSync(join(p.configDir, 'new.db'))).toBe(false)
    // With revisions pending, autogenerate refuses as on any database at base.
    const again = await tsmig(p.configDir, 'revision', '--autogenerate', '-m', 'more')
    expectError(again, 'not up to date', 'tsmig upgrade head')
    expect(existsSync(join(p.configDir, 'new.db'))).toBe(false)
  })

  it('upgrade and stamp create it', async () => {
    const up = project('sqlite:./up.db')
    expect((await tsmig(up.configDir, 'upgrade', 'head')).code).toBe(0)
    expect(existsSync(join(up.configDir, 'up.db'))).toBe(true)
    const stamped = project('sqlite:./stamped.db')
    const ran = await tsmig(stamped.configDir, 'stamp', 'head')
    expect(ran.code, ran.stderr).toBe(0)
    expect((await tsmig(stamped.configDir, 'current')).stdout.trim()).toBe(`${rev(1)} (head)`)
  })
})

describe('SQLite lock contention', () => {
  it('--lock-timeout is how long upgrade waits for another writer; the error says so and nothing ran', async () => {
    const p = project('sqlite:./busy.db')
    expect((await tsmig(p.configDir, 'upgrade', 'head')).code).toBe(0)
    writeFileSync(join(p.configDir, 'migrations', `${rev(2)}_b.ts`), revisionSource({ id: rev(2), down: rev(1), upgrade: `  await op.createTable('b', { id: serial().primaryKey() })` }))
    const holder = new Database(join(p.configDir, 'busy.db'))
    try {
      holder.exec('BEGIN IMMEDIATE')
      const blocked = await tsmig(p.configDir, 'upgrade', 'head', '--lock-timeout', '300')
      expectError(blocked, 'another writer holds the SQLite database', join(p.configDir, 'busy.db'), 'lock timeout 300 ms', '--lock-timeout')
      expect(blocked.stderr).not.toContain('rolled back')
      const waited = Number(/waited (\d+) ms/.exec(blocked.stderr)?.[1])
      expect(waited).toBeGreaterThanOrEqual(300)
      // Well under the 5 s the connection waits by default: the given timeout, not a floor of its own.
      expect(waited).toBeLessThan(4000)
      holder.exec('ROLLBACK')
      expect(holder.prepare("select count(*) as n from sqlite_master where name = 'b'").get()).toEqual({ n: 0 })

      // A writer that lets go within the timeout is waited for.
      holder.exec('BEGIN IMMEDIATE')
      const waiting = tsmig(p.configDir, 'upgrade', 'head', '--lock-timeout', '60000')
      await new Promise((resolve) => setTimeout(resolve, 1500))
      holder.exec('COMMIT')
      const ran = await waiting
      expect(ran.code, ran.stderr).toBe(0)
      expect(ran.stdout).toContain(`↑ ${rev(2)}`)
    } finally {
      holder.close()
    }
  })
})
