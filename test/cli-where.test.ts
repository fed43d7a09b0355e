import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsmig, type Ran } from './helpers/deploy-support.js'
import { versionRows } from './helpers/graph-project.js'
import { createTestProject, type TestProject } from './helpers/project.js'
import { pgBackend } from './helpers/postgres.js'
import { revisionSource as revision, revisionUpgradeBodyLine as upgradeBodyLine } from './helpers/revision-source.js'

/**
 * Errors say where, through the real binary: `file:line[:column]` of the
 * user's TypeScript and a code frame for syntax errors and exceptions; the
 * failed statement, the `op` call with its line, and the database's own
 * detail and hint for a migration that fails in the database.
 */

/** Exit 1; the first stderr line is the `error:` line, the rest are its indented details. */
function errorOf(ran: Ran): { readonly line: string; readonly details: string[] } {
  expect(ran.code, ran.stderr).toBe(1)
  const [line, ...details] = ran.stderr.trimEnd().split('\n')
  expect(line).toMatch(/^error: /)
  for (const detail of details) expect(detail).toMatch(/^ {2}/)
  return { line, details: details.map((detail) => detail.slice(2)) }
}

const schema = `import { table, serial, text } from 'tsmig'\nexport const items = table('items', { id: serial().primaryKey(), name: text() })\n`


describe('syntax errors and exceptions name the file and line, with a code frame', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createTestProject('sqlite')
    project.writeSchema(schema)
  })
  afterAll(() => project.dispose())

  it('a syntax error in the config: file:line:column and a caret under it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmig-cfg-'))
    writeFileSync(join(dir, 'tsmig.config.ts'), `// config\nexport default { url: 'sqlite:./x', schema: +* }\n`)
    const { line, details } = errorOf(await tsmig(dir, 'heads'))
    expect(line).toContain(`${join(dir, 'tsmig.config.ts')}:2:46: cannot be loaded: `)
    expect(details).toEqual([
      "1 | // config",
      "2 | export default { url: 'sqlite:./x', schema: +* }",
      `  | ${' '.repeat(45)}^`,
    ])
    rmSync(dir, { recursive: true, force: true })
  })

  it('a syntax error in a schema module', async () => {
    project.writeSchema(`import { table, serial } from 'tsmig'\n\nexport const items = table('items', {{ id: serial() })\n`)
    const { line, details } = errorOf(await tsmig(project.dir, 'check'))
    expect(line).toContain(`schema module ${join(project.dir, 'schema.ts')}:3:38 failed to load`)
    expect(details.at(-2)).toBe("3 | export const items = table('items', {{ id: serial() })")
    expect(details.at(-1)).toBe(`  | ${' '.repeat(37)}^`)
    project.writeSchema(schema)
  })

  it('a syntax error in a revision file: nothing runs', async () => {
    project.writeRevision('eeee00000001_broken.ts', revision('eeee00000001', null, "  await op.createTable('t1', { id: serial().primaryKey() })\n  await op.createTable(( {"))
    const { line, details } = errorOf(await tsmig(project.dir, 'upgrade', 'head'))
    // Babel stops at the first token that cannot continue the unfinished call: the next `export`.
    expect(line).toContain(`eeee00000001_broken.ts:${upgradeBodyLine + 3}:1: cannot be loaded (revision eeee00000001): ParseError: Unexpected token`)
    expect(details).toEqual([`${upgradeBodyLine + 2} | }`, `${upgradeBodyLine + 3} | export async function downgrade(op: Operations): Promise<void> {`, '   | ^'])
    expect(await versionRows(project)).toEqual([])
    project.removeRevision('eeee00000001_broken.ts')
  })

  it('an exception in a schema module: the TypeScript line, after type-only lines Babel removes', async () => {
    project.writeSchema(
      `import { table, serial } from 'tsmig'\ninterface Row {\n  id: number\n  name: string\n}\ntype Id = Row['id']\nexport const items = table('items', {\n  id: serial().primaryKey(),\n  name: seriall(),\n})\n`,
    )
    const ran = await tsmig(project.dir, 'check')
    const { line, details } = errorOf(ran)
    expect(line).toBe(`error: schema module ${join(project.dir, 'schema.ts')}:9 failed to load: seriall is not defined`)
    expect(details).toEqual(['8 |   id: serial().primaryKey(),', '9 |   name: seriall(),'])

    // --verbose: the whole stack, the user's frame first.
    const verbose = await tsmig(project.dir, '--verbose', 'check')
    const cause = verbose.stderr.slice(verbose.stderr.indexOf('caused by: ReferenceError: seriall is not defined'))
    expect(cause.split('\n')[1]).toContain(`${join(project.dir, 'schema.ts')}:9:`)
    project.writeSchema(schema)
  })

  it("an exception in a revision's downgrade: the revision id, file and line", async () => {
    project.writeRevision(
      'eeee00000002_boom.ts',
      revision('eeee00000002', null, "  await op.createTable('t1', { id: serial().primaryKey() })", "  const x: { boom?: () => void } = {}\n  x.boom!()"),
    )
    const up = await tsmig(project.dir, 'upgrade', 'head')
    expect(up.code, up.stderr).toBe(0)
    const file = join(project.dir, 'migrations', 'eeee00000002_boom.ts')
    const { line, details } = errorOf(await tsmig(project.dir, 'downgrade', 'base'))
    expect(line).toBe(`error: downgrade of revision eeee00000002 (${file}:${upgradeBodyLine + 4}) failed and was rolled back: x.boom is not a function`)
    expect(details.at(-1)).toBe(`${upgradeBodyLine + 4} |   x.boom!()`)
    expect(await versionRows(project)).toEqual(['eeee00000002'])

    const verbose = await tsmig(project.dir, '--verbose', 'downgrade', 'base')
    const cause = verbose.stderr.slice(verbose.stderr.indexOf('caused by: TypeError'))
    expect(cause.split('\n')[1]).toContain(`at downgrade (${file}:${upgradeBodyLine + 4}:`)
  })

  it("an op called with bad arguments: the revision's line, and its frame first under --verbose", async () => {
    project.writeRevision(
      'eeee00000003_bad.ts',
      revision('eeee00000003', 'eeee00000002', "  await op.createTable('t2', { id: serial().primaryKey() })\n  await op.batchAlterTable('t2', 42 as never)"),
    )
    const file = join(project.dir, 'migrations', 'eeee00000003_bad.ts')
    const { line } = errorOf(await tsmig(project.dir, 'upgrade', 'head'))
    expect(line).toBe(
      `error: upgrade of revision eeee00000003 (${file}:${upgradeBodyLine + 1}) failed and was rolled back: batchAlterTable t2: the second argument must be a function (batch) => { … }`,
    )
    // Thrown inside tsmig: --verbose lists the revision's frame before tsmig's own.
    const verbose = await tsmig(project.dir, '--verbose', 'upgrade', 'head')
    const cause = verbose.stderr.slice(verbose.stderr.indexOf('caused by: OperationError'))
    expect(cause.split('\n')[1]).toContain(`at upgrade (${file}:${upgradeBodyLine + 1}:`)
    expect(cause.split('\n')[2]).toContain('batchAlterTable')
    project.removeRevision('eeee00000003_bad.ts')
  })

  it('a hand-written createForeignKey with an option the types forbid fails at its line, before any SQL', async () => {
    project.writeRevision(
      'eeee00000004_fk.ts',
      revision(
        'eeee00000004',
        'eeee00000002',
        "  await op.createTable('t3', { id: serial().primaryKey(), t1_id: text() })\n  await op.createForeignKey('t3_t1_fkey', 't3', 't1', ['t1_id'], ['id'], { deferrable: true as never })",
      ),
    )
    const file = join(project.dir, 'migrations', 'eeee00000004_fk.ts')
    const { line } = errorOf(await tsmig(project.dir, 'upgrade', 'head'))
    expect(line).toBe(
      `error: upgrade of revision eeee00000004 (${file}:${upgradeBodyLine + 1}) failed and was rolled back: ` +
        "foreign key t3_t1_fkey on t3: deferrable must be 'initially immediate', 'initially deferred' or null, not true",
    )
    project.removeRevision('eeee00000004_fk.ts')
  })
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a statement that fails in the database on ${dialect}`, () => {
    let project: TestProject
    beforeAll(async () => {
      project = await createTestProject(dialect)
      project.writeSchema(schema)
    })
    afterAll(() => project.dispose())

    it('prints the statement, the op call with its file and line, and the database message', async () => {
      project.writeRevision(
        'ffff00000001_dup.ts',
        revision('ffff00000001', null, "  await op.createTable('t1', { id: serial().primaryKey() })\n  await op.createTable('t1', { id: serial().primaryKey(), name: text() })"),
      )
      const file = join(project.dir, 'migrations', 'ffff00000001_dup.ts')
      const { line, details } = errorOf(await tsmig(project.dir, 'upgrade', 'head'))
      expect(line).toMatch(/^error: upgrade of revision ffff00000001 .* failed and was rolled back: .*"?t1"? already exists/)
      expect(details[0]).toMatch(/^statement: CREATE TABLE "t1" \($/)
      expect(details).toContain(`from op.createTable('t1') at ${file}:${upgradeBodyLine + 1}`)
      expect(await versionRows(project)).toEqual([])
      project.removeRevision('ffff00000001_dup.ts')
    })

    it('cuts a long statement at 500 characters', async () => {
      const columns = Array.from({ length: 200 }, (_, i) => `c${i}`).join(', ')
      project.writeRevision('ffff00000002_long.ts', revision('ffff00000002', null, `  await op.execute('select ${columns} from no_such_table')`))
      const { details } = errorOf(await tsmig(project.dir, 'upgrade', 'head'))
      const statement = details.find((detail) => detail.startsWith('statement: '))!
      expect(statement).toMatch(/… \(\d+ characters\)$/)
      expect(statement.length).toBeLessThan(560)
      expect(details.some((detail) => detail.startsWith("from op.execute('select c0, c1, c2"))).toBe(true)
      project.removeRevision('ffff00000002_long.ts')
    })

    if (dialect === 'postgres') {
      it("adds PostgreSQL's detail", async () => {
        project.writeRevision(
          'ffff00000003_key.ts',
          revision('ffff00000003', null, "  await op.createTable('t1', { id: serial().primaryKey() })\n  await op.execute('insert into t1 (id) values (1), (1)')"),
        )
        const { line, details } = errorOf(await tsmig(project.dir, 'upgrade', 'head'))
        expect(line).toContain('duplicate key value violates unique constraint "t1_pkey"')
        expect(details).toContain('statement: insert into t1 (id) values (1), (1)')
        expect(details).toContain('detail: Key (id)=(1) already exists.')
        project.removeRevision('ffff00000003_key.ts')
      })
    }
  })
}

describe.skipIf(pgBackend() !== 'server')('permission denied on PostgreSQL', () => {
  let project: TestProject
  const role = `tsmig_nocreate_${randomBytes(4).toString('hex')}`
  const admin = async (url: string, statements: readonly string[]) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      for (const statement of statements) await client.query(statement)
    } finally {
      await client.end()
    }
  }
  beforeAll(async () => {
    project = await createTestProject('postgres')
    project.writeSchema(schema)
    // The version tables exist and the role may write them; it may not create anything in public.
    project.writeRevision('abab00000000_base.ts', revision('abab00000000', null, ''))
    expect((await tsmig(project.dir, 'upgrade', 'head')).code).toBe(0)
    await admin(project.url, [
      `CREATE ROLE ${role} LOGIN`,
      `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`,
      `GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    ])
  })
  afterAll(async () => {
    const url = project.url
    await project.dispose()
    await admin(new URL('/postgres', url).toString(), [`DROP ROLE IF EXISTS ${role}`])
  })

  it('names the statement and the op, and hints at the grant', async () => {
    project.writeRevision('abab00000001_create.ts', revision('abab00000001', 'abab00000000', "  await op.createTable('t1', { id: serial().primaryKey() })"))
    const url = new URL(project.url)
    url.username = role
    const ran = await tsmig(project.dir, '--url', url.toString(), 'upgrade', 'head')
    const { line, details } = errorOf(ran)
    expect(details, ran.stderr).not.toEqual([])
    expect(line).toContain('permission denied for schema public')
    expect(details[0]).toMatch(/^statement: CREATE TABLE "t1"/)
    expect(details).toContain(`from op.createTable('t1') at ${join(project.dir, 'migrations', 'abab00000001_create.ts')}:${upgradeBodyLine}`)
    expect(details).toContain(`hint: role ${role} cannot create objects in schema public: GRANT CREATE ON SCHEMA public TO ${role};`)
    expect(await versionRows(project)).toEqual(['abab00000000'])
  })
})
