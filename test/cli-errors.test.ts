import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestProject, type TestProject } from './helpers/project.js'
import { revisionSource as revision } from './helpers/revision-source.js'

const bin = join(import.meta.dirname, '..', 'bin', 'tsmig.js')

interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The real binary, as a user runs it (asynchronously: PGlite serves from this process). */
function tsmig(cwd: string, ...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, '--no-color', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** One `error:` line; anything after it on stderr is its indented details (code frame, statement). */
function expectOneErrorLine(ran: Ran, ...fragments: string[]): void {
  expect(ran.code, ran.stderr).toBe(1)
  const lines = ran.stderr.trimEnd().split('\n')
  expect(lines[0]).toMatch(/^error: /)
  for (const detail of lines.slice(1)) expect(detail, ran.stderr).toMatch(/^ {2}/)
  for (const fragment of fragments) expect(lines[0]).toContain(fragment)
}

const schema = `import { table, serial, text } from 'tsmig'\nexport const items = table('items', { id: serial().primaryKey(), name: text() })\n`


describe('bad input gives one error line, exit 1, and changes nothing', () => {
  let empty: string
  let project: TestProject
  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'tsmig-empty-'))
    project = await createTestProject('sqlite')
    project.writeSchema(schema)
  })
  afterAll(async () => {
    rmSync(empty, { recursive: true, force: true })
    await project.dispose()
  })

  it('no config file', async () => {
    expectOneErrorLine(await tsmig(empty, 'heads'), 'no tsmig.config.ts', empty)
  })

  it('a config without a url', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmig-cfg-'))
    writeFileSync(join(dir, 'tsmig.config.ts'), `export default { schema: './s.ts', migrations: './m' }\n`)
    expectOneErrorLine(await tsmig(dir, 'check'), 'tsmig.config.ts', '`url`')
    rmSync(dir, { recursive: true, force: true })
  })

  it('a config with a syntax error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmig-cfg-'))
    writeFileSync(join(dir, 'tsmig.config.ts'), `export default {{ url: \n`)
    expectOneErrorLine(await tsmig(dir, 'heads'), 'tsmig.config.ts', 'cannot be loaded')
    rmSync(dir, { recursive: true, force: true })
  })

  it('an unsupported URL', async () => {
    expectOneErrorLine(await tsmig(project.dir, '--url', 'mysql://root@localhost/x', 'current'), 'unsupported database URL')
  })

  it('a schema module that throws', async () => {
    project.writeSchema(`throw new Error('boom in schema')\n`)
    expectOneErrorLine(await tsmig(project.dir, 'check'), 'schema.ts', 'boom in schema')
    project.writeSchema(schema)
  })

  it('a schema module that exports nothing', async () => {
    project.writeSchema(`export const answer = 42\n`)
    expectOneErrorLine(await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'x'), 'schema.ts', 'exports no tables')
    expect(project.revisionFiles()).toEqual([])
    project.writeSchema(schema)
  })

  it('a revision file with a syntax error, a missing export, an unknown target', async () => {
    project.writeRevision('aaaa00000001_first.ts', revision('aaaa00000001', null, "  await op.createTable('t1', { id: serial().primaryKey() })"))
    project.writeRevision('aaaa00000002_broken.ts', revision('aaaa00000002', 'aaaa00000001', '  await op.createTable(( {'))
    expectOneErrorLine(await tsmig(project.dir, 'upgrade', 'head'), 'aaaa00000002_broken.ts')
    // Nothing ran: modules are loaded before the first migration starts.
    expect(await project.snapshot()).toEqual([])

    project.writeRevision('aaaa00000002_broken.ts', `export const revision = 'aaaa00000002'\nexport const downRevision = 'aaaa00000001'\nexport async function upgrade() {}\n`)
    expectOneErrorLine(await tsmig(project.dir, 'heads'), 'aaaa00000002_broken.ts', 'downgrade')
    project.removeRevision('aaaa00000002_broken.ts')

    expectOneErrorLine(await tsmig(project.dir, 'upgrade', 'ffff99'), 'ffff99')
    expect(await project.snapshot()).toEqual([])
    project.removeRevision('aaaa00000001_first.ts')
  })

  it('unknown commands and options are bad usage: exit 2', async () => {
    expect((await tsmig(project.dir, 'frobnicate')).code).toBe(2)
    expect((await tsmig(project.dir, 'upgrade', '--nope')).code).toBe(2)
  })

  it('--version prints the version of the package, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }
    const ran = await tsmig(project.dir, '--version')
    expect(ran.code).toBe(0)
    expect(ran.stdout).toBe(`${version}\n`)
  })
})

describe('unreachable PostgreSQL', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createTestProject('sqlite')
    project.writeSchema(schema)
  })
  afterAll(() => project.dispose())

  it('names the server and hides the password', async () => {
    const ran = await tsmig(project.dir, '--url', 'postgres://someone:secret@127.0.0.1:1/nowhere', 'current')
    expectOneErrorLine(ran, 'cannot connect to PostgreSQL at', '127.0.0.1:1/nowhere')
    expect(ran.stderr).not.toContain('secret')
  })
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a failing migration on ${dialect}`, () => {
    let project: TestProject
    beforeAll(async () => {
      project = await createTestProject(dialect)
      project.writeSchema(schema)
    })
    afterAll(() => project.dispose())

    it('is rolled back completely and named; earlier ones stay applied', async () => {
      project.writeRevision('bbbb00000001_first.ts', revision('bbbb00000001', null, "  await op.createTable('t1', { id: serial().primaryKey() })", "  await op.dropTable('t1')"))
      project.writeRevision(
        'bbbb00000002_fails.ts',
        revision('bbbb00000002', 'bbbb00000001', "  await op.createTable('t2', { id: serial().primaryKey(), v: text() })\n  await op.execute('select * from no_such_table')"),
      )
      const ran = await tsmig(project.dir, 'upgrade', 'head')
      expectOneErrorLine(ran, 'bbbb00000002', 'bbbb00000002_fails.ts', 'rolled back')
      expect(ran.stdout).toContain('bbbb00000001')
      const current = await tsmig(project.dir, 'current')
      expect(current.stdout.trim()).toBe('bbbb00000001')
      const tables = (await project.snapshot()).filter((line) => /\bt2\b/.test(line))
      expect(tables).toEqual([])
      expect((await project.snapshot()).some((line) => /\bt1\b/.test(line))).toBe(true)
    })
  })
}
