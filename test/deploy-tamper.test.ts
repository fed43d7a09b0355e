import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkCommand, collectingOutput, downgradeCommand, upgradeCommand } from '../src/api.js'
import { revisionChecksum } from '../src/project/revision-checksum.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { rev, revisionSource, tsmig } from './helpers/deploy-support.js'

const model = `import { table, serial, text } from 'tsmig'\nexport const items = table('items', { id: serial().primaryKey(), name: text() })\nexport const tags = table('tags', { id: serial().primaryKey() })\n`

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

async function project(dialect: TestDialect): Promise<TestProject> {
  const p = await createTestProject(dialect)
  projects.push(p)
  p.writeSchema(model)
  p.writeRevision('1_items.ts', revisionSource({ id: rev(1), upgrade: `  await op.createTable('items', { id: serial().primaryKey(), name: text() })`, downgrade: `  await op.dropTable('items')` }))
  p.writeRevision('2_tags.ts', revisionSource({ id: rev(2), down: rev(1), upgrade: `  await op.createTable('tags', { id: serial().primaryKey() })`, downgrade: `  await op.dropTable('tags')` }))
  return p
}

function edit(p: TestProject, file: string, change: (source: string) => string): void {
  const path = join(p.dir, 'migrations', file)
  writeFileSync(path, change(readFileSync(path, 'utf8')))
}

describe('revisionChecksum', () => {
  const source = 'export const a = 1\nexport async function upgrade(op) {\n  await op.execute("x")\n}\n'
  it('ignores line endings, trailing whitespace and trailing blank lines', () => {
    expect(revisionChecksum(source.replace(/\n/g, '\r\n'))).toBe(revisionChecksum(source))
    expect(revisionChecksum(source.replace(/\n/g, '  \t\n'))).toBe(revisionChecksum(source))
    expect(revisionChecksum(`${source}\n\n\n`)).toBe(revisionChecksum(source))
    expect(revisionChecksum(source.trimEnd())).toBe(revisionChecksum(source))
  })
  it('gives the checksums databases already hold: the normalization never changes', () => {
    expect(revisionChecksum(source)).toBe('d6147417b6a2ac168de9082debf365de032236e89169d60b1005955833bc6492')
    // Unicode spaces and separators are whitespace at a line's end, but only `\n` (and `\r`) ends a line.
    expect(revisionChecksum('a \u2028 b\u00a0 \r\n\t\n\nc \u2029\n  \n')).toBe('96e66ff572f9a76f24d4ce78f7c2f20cc450e72854a1ed2571c0c4463b3a89a6')
  })
  it('sees any other edit, indentation included', () => {
    expect(revisionChecksum(source.replace('"x"', '"y"'))).not.toBe(revisionChecksum(source))
    expect(revisionChecksum(source.replace('  await', '    await'))).not.toBe(revisionChecksum(source))
    expect(revisionChecksum(`// note\n${source}`)).not.toBe(revisionChecksum(source))
  })
})

describe.each(['sqlite', 'postgres'] as const)('tamper detection on %s', (dialect) => {
  it('check and upgrade warn, naming the revision, when an applied revision file is edited', async () => {
    const p = await project(dialect)
    await upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())
    const clean = collectingOutput()
    expect((await checkCommand({ cwd: p.dir }, clean)).tampered).toEqual([])
    expect(clean.warnings).toEqual([])

    edit(p, '1_items.ts', (s) => s.replace("name: text() })", "name: text() }) // tweaked"))
    const out = collectingOutput()
    const result = await checkCommand({ cwd: p.dir }, out)
    expect(result.clean).toBe(true)
    expect(result.tampered.map((t) => [t.revision, t.problem])).toEqual([[rev(1), 'changed']])
    expect(out.warnings).toHaveLength(1)
    expect(out.warnings[0]).toMatch(new RegExp(`^revision ${rev(1)} \\(.*1_items\\.ts\\) was edited after it was applied at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: the database ran the earlier version`))

    const upgrade = collectingOutput()
    await upgradeCommand({ cwd: p.dir, target: 'head' }, upgrade)
    expect(upgrade.warnings).toEqual(out.warnings)
  })

  it('line endings and trailing whitespace do not count; a revision downgraded since is not held against its file', async () => {
    const p = await project(dialect)
    await upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())
    edit(p, '1_items.ts', (s) => s.replace(/\n/g, '   \r\n'))
    await downgradeCommand({ cwd: p.dir, target: '-1' }, collectingOutput())
    edit(p, '2_tags.ts', (s) => `// rewritten before being applied again\n${s}`)
    const out = collectingOutput()
    const result = await checkCommand({ cwd: p.dir }, out)
    expect(result.tampered).toEqual([])
    expect(out.warnings).toEqual([])
    // Applied again, the new text is what counts.
    await upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())
    expect((await checkCommand({ cwd: p.dir }, collectingOutput())).tampered).toEqual([])
  })
})

describe('a deleted applied revision file', () => {
  it('is reported by check before the unknown version row stops it', async () => {
    const p = await project('sqlite')
    await upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())
    p.removeRevision('2_tags.ts')
    const ran = await tsmig(p.dir, 'check')
    expect(ran.code).toBe(1)
    const lines = ran.stderr.trim().split('\n')
    expect(lines[0]).toMatch(new RegExp(`^warning: revision ${rev(2)} was applied at .* but its file is gone from the migrations folder$`))
    expect(lines[1]).toMatch(/^error: .*000000000002/)
  })

  it('--json lists the edited revision under "tampered"', async () => {
    const p = await project('sqlite')
    await upgradeCommand({ cwd: p.dir, target: 'head' }, collectingOutput())
    edit(p, '2_tags.ts', (s) => s.replace('tags', 'tags2'))
    const ran = await tsmig(p.dir, 'check', '--json')
    expect(ran.code, ran.stderr).toBe(0)
    const json = JSON.parse(ran.stdout) as { tampered: { revision: string; problem: string }[] }
    expect(json.tampered.map((t) => [t.revision, t.problem])).toEqual([[rev(2), 'changed']])
  })
})
