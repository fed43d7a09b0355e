import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { renderRevision } from '../src/render/render-revision.js'
import { loadRevisionModule } from '../src/project/load-revision.js'
import { parseRevisionHeader, RevisionFileError } from '../src/revisions/revision-header.js'
import { scanRevisions, MigrationsFolderError } from '../src/project/scan-revisions.js'

const body = `
export async function upgrade(op: Operations): Promise<void> {}
export async function downgrade(op: Operations): Promise<void> {}
`

function parse(header: string, file = 'm/x.ts') {
  return parseRevisionHeader(file, `import { type Operations } from 'tsmig'\n${header}\n${body}`)
}

function parseError(header: string): string {
  try {
    parse(header)
  } catch (error) {
    expect(error).toBeInstanceOf(RevisionFileError)
    return (error as Error).message
  }
  throw new Error('expected a RevisionFileError')
}

describe('parseRevisionHeader', () => {
  it('reads what the template writes, with awkward messages and labels', async () => {
    const message = `it's a "test"; with \\ backslash,\nnewline and ünïcode`
    const source = await renderRevision({
      id: 'a1b2c3d4e5f6',
      downRevisions: ['0123456789ab', 'ba9876543210'],
      branchLabels: ['feature-x', "o'brien"],
      dependsOn: ['fedcba987654'],
      message,
      createdAt: '2026-11-26T02:00:00Z',
      upgrade: [],
      downgrade: [],
    })
    expect(parseRevisionHeader('m/a.ts', source)).toEqual({
      id: 'a1b2c3d4e5f6',
      downRevisions: ['0123456789ab', 'ba9876543210'],
      branchLabels: ['feature-x', "o'brien"],
      dependsOn: ['fedcba987654'],
      message,
      createdAt: '2026-11-26T02:00:00Z',
      file: 'm/a.ts',
    })
  })

  it('accepts a single string, null, a missing optional export, and lists over several lines', () => {
    const header = parse(`
export const revision = "bbbb"
export const downRevision = 'aaaa';
export const branchLabels: string[] = [
  'one', // the first
  "two",
] as const
/* dependsOn omitted */
export const message = \`plain template\`
`)
    expect(header).toMatchObject({ id: 'bbbb', downRevisions: ['aaaa'], branchLabels: ['one', 'two'], dependsOn: [], message: 'plain template', createdAt: null })
    expect(parse(`export const revision = 'r1'\nexport const downRevision: string | null = null`).downRevisions).toEqual([])
  })

  it('ignores commented-out exports', () => {
    const header = parse(`
// export const revision = 'old'
export const revision = 'new1'
// export const downRevision = 'gone'
export const downRevision = null
`)
    expect(header).toMatchObject({ id: 'new1', downRevisions: [] })
  })

  it('decodes escapes in string literals', () => {
    expect(parse(`export const revision = 'r\\u0031'\nexport const downRevision = ['\\x61bc', 'd\\u{65}f']`)).toMatchObject({
      id: 'r1',
      downRevisions: ['abc', 'def'],
    })
  })

  it('refuses values it cannot read without running the module, naming the file', () => {
    expect(parseError(`export const revision = 'r1'\nexport const downRevision = PARENT`)).toBe(
      'm/x.ts: `downRevision` must be a string literal, a list of string literals or null, written in the file itself (got PARENT)',
    )
    expect(parseError(`export const revision = 'r1'\nexport const downRevision = 'a' + 'b'`)).toContain("(got 'a' + 'b')")
    expect(parseError(`export const revision = 'r1'\nexport const downRevision = \`a\${x}\``)).toContain('`downRevision` must be')
    expect(parseError(`export const revision = 'r1'\nexport const downRevision = ['a', b]`)).toContain("(got ['a', b])")
    expect(parseError(`export const revision = makeId()\nexport const downRevision = null`)).toBe(
      'm/x.ts: `revision` must be a string literal (got makeId())',
    )
    expect(parseError(`export const revision = 'has space'\nexport const downRevision = null`)).toContain('must be letters, digits')
    expect(parseError(`export const downRevision = null`)).toBe("m/x.ts: missing `export const revision = '<id>'`")
    expect(parseError(`export const revision = 'r1'`)).toContain('missing `export const downRevision = …`')
  })

  it('requires upgrade and downgrade functions', () => {
    const header = "export const revision = 'r1'\nexport const downRevision = null\n"
    expect(() => parseRevisionHeader('m/x.ts', `${header}export async function upgrade() {}`)).toThrow(
      'm/x.ts: missing `export async function downgrade(op)`',
    )
    expect(() => parseRevisionHeader('m/x.ts', `${header}export function downgrade() {}`)).toThrow('missing `export async function upgrade(op)`')
    expect(parseRevisionHeader('m/x.ts', `${header}export const upgrade = async () => {}\nexport function downgrade() {}`).id).toBe('r1')
  })

  it('keeps a non-literal message or date as empty rather than failing', () => {
    expect(parse(`export const revision = 'r1'\nexport const downRevision = null\nexport const message = describe()\nexport const createdAt = 1`)).toMatchObject({
      message: '',
      createdAt: null,
    })
  })
})

describe('scanRevisions and loadRevisionModule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsmig-header-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads every revision file in name order, skipping declarations, dot- and underscore-files', async () => {
    const write = (name: string, id: string) =>
      writeFileSync(join(dir, name), `export const revision = '${id}'\nexport const downRevision = null\n${body}`)
    write('b_second.ts', 'bbbb')
    write('a_first.mjs', 'aaaa')
    writeFileSync(join(dir, 'types.d.ts'), 'export {}')
    writeFileSync(join(dir, '.hidden.ts'), 'garbage')
    writeFileSync(join(dir, '_helpers.ts'), 'export const x = 1')
    writeFileSync(join(dir, 'notes.md'), '# notes')
    expect((await scanRevisions(dir)).map((h) => h.id)).toEqual(['aaaa', 'bbbb'])
    await expect(scanRevisions(join(dir, 'nope'))).rejects.toThrow(MigrationsFolderError)
  })

  it('refuses to run a module whose values disagree with its text header', async () => {
    const file = join(dir, 'disagree.ts')
    // `export { x as downRevision }` is invisible to the text reader; the header below is what it would
    // have had to assume, and the module contradicts it.
    writeFileSync(
      file,
      `const parent = 'aaaa'\nexport const revision = 'cccc'\nexport { parent as downRevision }\n// export const downRevision = null\n${body}`,
    )
    const header = { id: 'cccc', downRevisions: [], dependsOn: [], branchLabels: [], message: '', createdAt: null, file }
    await expect(loadRevisionModule(header)).rejects.toThrow(
      `${file}: \`downRevision\` evaluates to "aaaa" but reads [] as text (revision cccc); write it as a literal in the file itself`,
    )
  })
})
