import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestProject, type TestProject } from './helpers/project.js'
import { createTempDatabase } from './helpers/postgres.js'
import { rev, revisionSource, tsmig, type Ran } from './helpers/deploy-support.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(name = 'tsmig-cfg-'): string {
  const dir = mkdtempSync(join(tmpdir(), name))
  dirs.push(dir)
  return dir
}

function expectOneErrorLine(ran: Ran, ...fragments: string[]): void {
  expect(ran.code, ran.stdout + ran.stderr).toBe(1)
  const lines = ran.stderr.trim().split('\n')
  expect(lines, ran.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  for (const fragment of fragments) expect(lines[0]).toContain(fragment)
}

/** A config written as `body` (the object literal's keys), with a schema module and a migrations folder. */
function configProject(body: string, file = 'tsmig.config.ts', wrap = (object: string) => `export default ${object}\n`): string {
  const dir = tempDir()
  mkdirSync(join(dir, 'migrations'))
  writeFileSync(join(dir, 'schema.ts'), `import { table, serial } from 'tsmig'\nexport const a = table('a', { id: serial().primaryKey() })\n`)
  writeFileSync(join(dir, file), wrap(`{ url: 'sqlite:./dev.db', schema: './schema.ts', ${body} }`))
  return dir
}

describe('config keys and types', () => {
  it('an unknown key is an error naming it and the closest valid key', async () => {
    const dir = configProject(`migrationz: './migrations'`)
    expectOneErrorLine(await tsmig(dir, 'heads'), 'tsmig.config.ts', 'unknown config key `migrationz`', 'did you mean `migrations`?')
  })

  it('a key far from every valid one is named with the list of valid keys', async () => {
    const dir = configProject(`migrations: './migrations', colour: true`)
    const ran = await tsmig(dir, 'heads')
    expectOneErrorLine(ran, 'unknown config key `colour`', 'valid keys: url, schema, migrations')
    expect(ran.stderr).not.toContain('did you mean')
  })

  it('a value of the wrong type names the key and the type expected', async () => {
    const cases: [string, string[]][] = [
      [`migrations: './migrations', lockTimeoutMs: '5s'`, ['`lockTimeoutMs` must be a whole number of milliseconds', 'got string "5s"']],
      [`migrations: './migrations', transactionPerMigration: 'no'`, ['`transactionPerMigration` must be a boolean', 'got string "no"']],
      [`migrations: './migrations', include: ['users']`, ['`include` must be a function', 'got an array']],
      [`migrations: 42`, ['`migrations` must be a non-empty string', 'got number 42']],
    ]
    for (const [body, fragments] of cases) expectOneErrorLine(await tsmig(configProject(body), 'heads'), 'tsmig.config.ts', ...fragments)
  })

  it('a valid config through defineConfig loads with nothing on stderr', async () => {
    const dir = configProject(`migrations: './migrations', lockTimeoutMs: 100`, 'tsmig.config.ts', (o) => `import { defineConfig } from 'tsmig'\nexport default defineConfig(${o})\n`)
    const ran = await tsmig(dir, 'heads')
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stderr).toBe('')
  })
})

describe('ES module configs load without warnings', () => {
  it('.mjs, and .js in a "type": "module" package: nothing on stderr', async () => {
    const mjs = configProject(`migrations: './migrations'`, 'tsmig.config.mjs')
    const esmJs = configProject(`migrations: './migrations'`, 'tsmig.config.js')
    writeFileSync(join(esmJs, 'package.json'), '{ "type": "module" }\n')
    for (const dir of [mjs, esmJs]) {
      writeFileSync(join(dir, 'migrations', `${rev(1)}_a.ts`), revisionSource({ id: rev(1), upgrade: `  await op.createTable('a', { id: serial().primaryKey() })` }))
      for (const args of [['heads'], ['upgrade', 'head'], ['check']]) {
        const ran = await tsmig(dir, ...args)
        expect(ran.code, ran.stderr).toBe(0)
        expect(ran.stderr, args.join(' ')).toBe('')
      }
    }
  })
})

describe('tsmig init --dialect postgres', () => {
  it("points the app at DATABASE_URL or an application database, never the server's postgres database", async () => {
    const dir = join(tempDir('tsmig-init-'), 'my-shop')
    mkdirSync(dir)
    const ran = await tsmig(dir, 'init', '--dialect', 'postgres')
    expect(ran.code, ran.stderr).toBe(0)
    const config = readFileSync(join(dir, 'tsmig.config.ts'), 'utf8')
    expect(config).toContain("url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/my_shop_dev'")
    expect(config).not.toMatch(/\/postgres['"]/)
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toMatch(/^DATABASE_URL=postgres:\/\/USER:PASSWORD@127\.0\.0\.1:5432\/my_shop_dev$/m)
    expect(ran.stdout).toContain('Next steps:')
    expect(ran.stdout).toContain('createdb my_shop_dev')
    expect(ran.stdout).toContain('cp .env.example .env')
    expect(ran.stdout).toContain('npx tsmig upgrade head')

    // The project works as written once .env names a database.
    const database = await createTempDatabase()
    try {
      writeFileSync(join(dir, '.env'), `DATABASE_URL=${database.url}\n`)
      for (const args of [['revision', '--autogenerate', '-m', 'create users'], ['upgrade', 'head'], ['check']]) {
        const step = await tsmig(dir, ...args)
        expect(step.code, `${args.join(' ')}: ${step.stderr}`).toBe(0)
      }
    } finally {
      await database.drop()
    }
  })

  it('sqlite prints its next steps too', async () => {
    const dir = tempDir('tsmig-init-')
    const ran = await tsmig(dir, 'init')
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stdout).toContain('npx tsmig revision --autogenerate')
    expect(existsSync(join(dir, '.env.example'))).toBe(false)
  })
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`check's advice on ${dialect}`, () => {
    const projects: TestProject[] = []
    afterAll(async () => {
      for (const p of projects) await p.dispose()
    })

    it('with pending revisions, suggests upgrade head and not autogenerate; once at head, autogenerate', async () => {
      const p = await createTestProject(dialect)
      projects.push(p)
      p.writeSchema(`import { table, serial, text } from 'tsmig'\nexport const a = table('a', { id: serial().primaryKey() })\n`)
      p.writeRevision(`${rev(1)}_a.ts`, revisionSource({ id: rev(1), upgrade: `  await op.createTable('a', { id: serial().primaryKey() })`, downgrade: `  await op.dropTable('a')` }))
      const pending = await tsmig(p.dir, 'check')
      expect(pending.code).toBe(1)
      expect(pending.stdout).toContain('run `tsmig upgrade head`')
      expect(pending.stdout).not.toContain('revision --autogenerate')

      expect((await tsmig(p.dir, 'upgrade', 'head')).code).toBe(0)
      p.writeSchema(`import { table, serial, text } from 'tsmig'\nexport const a = table('a', { id: serial().primaryKey(), note: text() })\n`)
      const differs = await tsmig(p.dir, 'check')
      expect(differs.code).toBe(1)
      expect(differs.stdout).toContain('run `tsmig revision --autogenerate')
      expect(differs.stdout).not.toContain('upgrade head')
    })
  })
}

