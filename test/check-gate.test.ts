import { afterAll, describe, expect, it } from 'vitest'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { rev, revisionSource, tsmig } from './helpers/deploy-support.js'

const items = `export const items = table('items', { id: serial().primaryKey(), name: text() })\n`
const model = (body: string) => `import { table, serial, text, integer, index } from 'tsmig'\n${body}`

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

/** A project whose one revision creates `items` as the model declares it. */
async function project(dialect: TestDialect): Promise<TestProject> {
  const p = await createTestProject(dialect)
  projects.push(p)
  p.writeSchema(model(items))
  p.writeRevision('1_items.ts', revisionSource({ id: rev(1), upgrade: `  await op.createTable('items', { id: serial().primaryKey(), name: text() })`, downgrade: `  await op.dropTable('items')` }))
  return p
}

interface CheckJson {
  readonly clean: boolean
  readonly heads: string[]
  readonly pending: string[]
  readonly differences: { symbol: string; object: string; reason: string }[]
  readonly diff: string | null
}

describe.each(['sqlite', 'postgres'] as const)('tsmig check on %s (the CI gate, through the binary)', (dialect) => {
  it('exit 0 on a clean repository; 1 with the pending revision listed; 1 with the diff for a model change', async () => {
    const p = await project(dialect)
    expect((await tsmig(p.dir, 'upgrade', 'head')).code).toBe(0)
    const clean = await tsmig(p.dir, 'check')
    expect(clean.code, clean.stdout + clean.stderr).toBe(0)
    expect(clean.stdout).toBe('✓ no differences: the model matches the database at head\n')
    expect(clean.stderr).toBe('')

    // A revision not applied yet.
    p.writeSchema(model(`export const items = table('items', { id: serial().primaryKey(), name: text(), qty: integer() }, (t) => [index('ix_items_qty').on(t.qty)])\n`))
    p.writeRevision(
      '2_qty.ts',
      revisionSource({
        id: rev(2),
        down: rev(1),
        upgrade: `  await op.addColumn('items', 'qty', integer())\n  await op.createIndex('ix_items_qty', 'items', ['qty'])`,
        downgrade: `  await op.dropIndex('ix_items_qty', 'items')\n  await op.dropColumn('items', 'qty')`,
      }),
    )
    const pending = await tsmig(p.dir, 'check')
    expect(pending.code).toBe(1)
    expect(pending.stdout).toContain(`✗ the database is not at head; pending: ${rev(2)} (run \`tsmig upgrade head\`)`)
    expect((await tsmig(p.dir, 'upgrade', 'head')).code).toBe(0)
    expect((await tsmig(p.dir, 'check')).code).toBe(0)

    // A model change no revision carries.
    p.writeSchema(model(`export const items = table('items', { id: serial().primaryKey(), name: text(), qty: integer(), note: text() }, (t) => [index('ix_items_qty').on(t.qty)])\n`))
    const dirty = await tsmig(p.dir, 'check')
    expect(dirty.code).toBe(1)
    const lines = dirty.stdout.split('\n')
    expect(lines).toContain('✗ the model differs from the database (1 difference):')
    expect(lines).toContain('  + items.note: column added (text)')
    expect(lines).toContain('  --- database')
    expect(lines).toContain('  +++ model')
    expect(lines.some((l) => /^ {2}@@ -\d+,\d+ \+\d+,\d+ @@$/.test(l))).toBe(true)
    // Only the new column differs (SQLite's table ends with it, so the line before gains a comma).
    const changed = lines.filter((l) => /^ {2}[+-] {2}/.test(l))
    expect(changed).toContainEqual(expect.stringMatching(/^ {2}\+ {2}"note" text,?$/))
    for (const line of changed) expect(line).toMatch(/"note" text|"qty" integer/)

    const json = await tsmig(p.dir, 'check', '--json')
    expect(json.code).toBe(1)
    const parsed = JSON.parse(json.stdout) as CheckJson
    expect(parsed.clean).toBe(false)
    expect(parsed.heads).toEqual([rev(2)])
    expect(parsed.pending).toEqual([])
    expect(parsed.differences).toEqual([{ symbol: '+', object: 'items.note', reason: 'column added (text)', kind: 'addColumn' }])
    expect(parsed.diff).toMatch(/^--- database\n\+\+\+ model\n@@ /)
  })
})

describe('tsmig check and the revision graph', () => {
  it('two heads fail, listing both; --allow-multiple-heads lets the rest decide', async () => {
    const p = await project('sqlite')
    p.writeSchema(model(`${items}export const a = table('a', { id: serial().primaryKey() })\nexport const b = table('b', { id: serial().primaryKey() })\n`))
    for (const name of ['a', 'b']) {
      p.writeRevision(
        `${name}.ts`,
        revisionSource({ id: `${rev(1).slice(0, 11)}${name}`, down: rev(1), upgrade: `  await op.createTable('${name}', { id: serial().primaryKey() })`, downgrade: `  await op.dropTable('${name}')` }),
      )
    }
    expect((await tsmig(p.dir, 'upgrade', 'heads')).code).toBe(0)
    const heads = await tsmig(p.dir, 'check')
    expect(heads.code).toBe(1)
    expect(heads.stdout).toContain('✗ several heads: 00000000000a, 00000000000b (merge them with `tsmig merge heads`, or pass --allow-multiple-heads)')
    expect(heads.stdout).not.toContain('pending')
    const allowed = await tsmig(p.dir, 'check', '--allow-multiple-heads')
    expect(allowed.code, allowed.stdout).toBe(0)
    const json = JSON.parse((await tsmig(p.dir, 'check', '--json')).stdout) as CheckJson
    expect(json.heads).toEqual(['00000000000a', '00000000000b'])
    expect(json.clean).toBe(false)
  })

  it('a fresh database is not at head: every revision is pending', async () => {
    const p = await project('sqlite')
    const ran = await tsmig(p.dir, 'check', '--json')
    expect(ran.code).toBe(1)
    const json = JSON.parse(ran.stdout) as CheckJson
    expect(json.pending).toEqual([rev(1)])
    expect(json.differences.map((d) => `${d.symbol} ${d.object}`)).toEqual(['+ items'])
  })
})
