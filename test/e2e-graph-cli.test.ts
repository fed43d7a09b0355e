import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upgradeCommand } from '../src/cli/commands/migrate.js'
import { collectingOutput } from '../src/cli/output.js'
import { databaseState, expectOneErrorLine, revisionWithTable, tsmigBinary } from './helpers/graph-project.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'

// The graph commands and the graph's errors through the real binary
// (`node bin/tsmig.js`, built by `npm test`): exact output, exit codes, one
// `error:` line, and a database that bad input leaves exactly as it was.

const A = 'abcd00000001' // root
const B = 'abcd00000002' // on A; shares the prefix `abcd` with A
const C = 'c3c3c3c3c3c3' // spliced from A, label `b`

const header = (id: string, down: string) => `import { type Operations } from 'tsmig'
export const revision = '${id}'
export const downRevision: string | string[] | null = ${down}
export const branchLabels: string[] = []
export const dependsOn: string[] = []
export const message = 'broken ${id}'
export async function upgrade(op: Operations): Promise<void> {
  await op.execute('CREATE TABLE must_not_exist (id integer)')
}
export async function downgrade(op: Operations): Promise<void> {}
`

const dialects: TestDialect[] = ['sqlite', 'postgres']

describe.each(dialects)('the graph through the tsmig binary on %s', (dialect) => {
  let project: TestProject
  const tsmig = (...args: string[]) => tsmigBinary(project.dir, ...args)
  const file = (name: string) => join(project.dir, 'migrations', name)

  beforeAll(async () => {
    project = await createTestProject(dialect)
    project.writeSchema('export {}\n')
    await revisionWithTable(project, { message: 'root', revId: A })
    await revisionWithTable(project, { message: 'second', revId: B })
    await revisionWithTable(project, { message: 'branch', revId: C, head: A, splice: true, branchLabels: ['b'] })
    await upgradeCommand({ cwd: project.dir, target: 'b@head' }, collectingOutput())
  })
  afterAll(async () => {
    await project?.dispose()
  })

  it('prints heads, branches, history, show and current, exit 0', async () => {
    const heads = await tsmig('heads')
    expect(heads).toEqual({ code: 0, stdout: `${B} (head)\n${C} (b) (head)\n`, stderr: '' })
    expect((await tsmig('branches')).stdout).toBe(`${A} (branchpoint)\n${' '.repeat(12)} -> ${B} (head)\n${' '.repeat(12)} -> ${C} (b) (head)\n\n`)
    const history = await tsmig('history', '--indicate-current')
    expect(history.code).toBe(0)
    expect(history.stdout.split('\n')).toEqual([
      `${A} -> ${C} (b) (head) (current), branch`,
      `${A} -> ${B} (head), second`,
      `<base> -> ${A} (branchpoint), root`,
      '',
    ])
    const show = await tsmig('show', 'b')
    expect(show.code).toBe(0)
    expect(show.stdout).toContain(`Rev: ${C} (head)\nParent: ${A}\nBranch names: b\nPath: ${file(`${C}_branch.ts`)}\n`)
    expect(await tsmig('current')).toEqual({ code: 0, stdout: `${C} (head)\n`, stderr: '' })
    const json = await tsmig('heads', '--json')
    expect(JSON.parse(json.stdout).map((line: { revision: string }) => line.revision)).toEqual([B, C])
  })

  it('refuses a new revision while there are several heads and no --head', async () => {
    expectOneErrorLine(await tsmig('revision', '-m', 'x'), `several heads (${B}, ${C})`, '--head', 'tsmig merge heads')
    expectOneErrorLine(await tsmig('revision', '-m', 'x', '--head', A), `revision ${A} is not a head; pass --splice`)
    expectOneErrorLine(await tsmig('revision', '-m', 'x', '--head', 'heads'), `--head heads names several revisions (${B}, ${C})`)
    expect(project.revisionFiles()).toHaveLength(3)
  })

  it('refuses unknown, ambiguous and multi-head targets without touching the database', async () => {
    const before = await databaseState(project)
    const cases: [string[], string[]][] = [
      [['upgrade', 'head'], ["target 'head' is ambiguous: there are 2 heads", `'${B}', '${C}'`, "'heads'"]],
      [['upgrade', 'nosuch'], ["unknown revision target 'nosuch'"]],
      [['upgrade', 'abcd'], ["revision 'abcd' is ambiguous; it matches", `'${A}', '${B}'`]],
      [['downgrade', 'nosuch@-1'], ["'nosuch' is not a branch label"]],
      [['stamp', 'nosuch'], ["unknown revision target 'nosuch'"]],
      [['show', 'abc'], ["unknown revision target 'abc'", 'at least 4 characters']],
      [['history', '-r', 'nosuch:'], ["unknown revision target 'nosuch'"]],
    ]
    const results = await Promise.all(cases.map(([args]) => tsmig(...args)))
    results.forEach((ran, i) => expectOneErrorLine(ran, ...cases[i][1]))
    expect(await databaseState(project)).toEqual(before)
  })

  describe('a broken graph: every command fails naming the culprit, and nothing runs', () => {
    const broken: { name: string; files: Record<string, string>; fragments: string[] }[] = [
      {
        name: 'a downRevision that names no revision',
        files: { 'dead00000001_orphan.ts': header('dead00000001', "'beef00000000'") },
        fragments: ["revision 'dead00000001'", 'dead00000001_orphan.ts', "downRevision 'beef00000000', which names no revision"],
      },
      {
        name: 'a cycle',
        files: {
          'cyc000000001_one.ts': header('cyc000000001', "'cyc000000002'"),
          'cyc000000002_two.ts': header('cyc000000002', "['cyc000000001', 'abcd00000002']"),
        },
        fragments: ['revisions form a cycle:', 'cyc000000001 -> cyc000000002', 'cyc000000001_one.ts', 'cyc000000002_two.ts'],
      },
      {
        name: 'the same id in two files',
        files: {
          'c3c3c3c3c3c3_copy.ts': header(C, `'${A}'`),
        },
        fragments: [`revision '${C}' is defined twice:`, `${C}_branch.ts and `, `${C}_copy.ts`],
      },
    ]

    for (const { name, files, fragments } of broken) {
      it(name, async () => {
        const before = await databaseState(project)
        for (const [fileName, source] of Object.entries(files)) project.writeRevision(fileName, source)
        try {
          // Commands that would write (the database, a file) and one that only reads; run side by side.
          const commands = [['upgrade', 'heads'], ['stamp', 'heads'], ['merge', 'heads', '-m', 'm'], ['history']]
          for (const ran of await Promise.all(commands.map((args) => tsmig(...args)))) expectOneErrorLine(ran, ...fragments)
          expect(await databaseState(project)).toEqual(before)
          expect(before.tables).not.toContain('must_not_exist')
          expect(project.revisionFiles()).toHaveLength(3 + Object.keys(files).length)
        } finally {
          for (const fileName of Object.keys(files)) project.removeRevision(fileName)
        }
        expect(existsSync(file(Object.keys(files)[0]))).toBe(false)
      })
    }
  })

  it('a revision file whose header cannot be read is named, and nothing runs', async () => {
    const before = await databaseState(project)
    project.writeRevision('ffff00000001_computed.ts', header('ffff00000001', `'${B}'`).replace(`= '${B}'`, '= PARENT'))
    try {
      expectOneErrorLine(
        await tsmig('upgrade', 'heads'),
        `${file('ffff00000001_computed.ts')}: \`downRevision\` must be a string literal`,
        '(got PARENT)',
      )
    } finally {
      project.removeRevision('ffff00000001_computed.ts')
    }
    expect(await databaseState(project)).toEqual(before)
  })
})
