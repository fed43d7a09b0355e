import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { branchesCommand, currentCommand, headsCommand, historyCommand, showCommand } from '../src/cli/commands/graph-commands.js'
import { mergeCommand } from '../src/cli/commands/merge.js'
import { downgradeCommand, upgradeCommand } from '../src/cli/commands/migrate.js'
import { revisionCommand } from '../src/cli/commands/revision.js'
import { stampCommand } from '../src/cli/commands/stamp.js'
import { collectingOutput, type Output } from '../src/cli/output.js'
import { databaseState, revisionWithTable, userTables, versionRows } from './helpers/graph-project.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'

// The revision graph in practice, through the command functions, on both
// dialects: branch, upgrade each way, merge, unmerge, stamp, dependencies,
// and what the read commands print. Every revision creates a table `t_<id>`,
// so the tests see exactly which migrations ran.

const A = 'a1a1a1a1a1a1' // root
const B = 'b2b2b2b2b2b2' // on A
const C = 'c3c3c3c3c3c3' // spliced from A, label `b`
const M = 'd4d4d4d4d4d4' // merges B and C
const O = 'e5e5e5e5e5e5' // a second root, label `other`
const E = 'f6f6f6f6f6f6' // on M, depends on `other`
const t = (...ids: string[]) => ids.map((id) => `t_${id}`).sort()
/** The migrations an `--sql` script runs, from its `-- upgrade <id>: message` comments. */
const migrationsIn = (script: string) => [...script.matchAll(/^-- (upgrade|downgrade) (\w+)/gm)].map((m) => `${m[1]} ${m[2]}`)

async function lines(command: (out: Output) => Promise<unknown>): Promise<string[]> {
  const out = collectingOutput()
  await command(out)
  return out.lines
}

const dialects: TestDialect[] = ['sqlite', 'postgres']

describe.each(dialects)('branches and merges end to end on %s', (dialect) => {
  let project: TestProject
  const cwd = () => project.dir

  beforeAll(async () => {
    project = await createTestProject(dialect)
    project.writeSchema('export {}\n')
  })
  afterAll(async () => {
    await project?.dispose()
  })

  it('splices a labelled branch off a non-head revision', async () => {
    await revisionWithTable(project, { message: 'root', revId: A })
    await revisionWithTable(project, { message: 'second', revId: B })
    await expect(revisionCommand({ cwd: cwd(), message: 'x', head: A }, collectingOutput())).rejects.toThrow(
      `--head ${A}: revision ${A} is not a head; pass --splice to start a branch from it`,
    )
    // A partial id is enough for --head.
    await revisionWithTable(project, { message: 'branch', revId: C, head: 'a1a1', splice: true, branchLabels: ['b'] })
    expect(readFileSync(`${project.dir}/migrations/${C}_branch.ts`, 'utf8')).toContain(
      `export const downRevision: string | string[] | null = '${A}'\nexport const branchLabels: string[] = ['b']`,
    )
    expect(await lines((out) => headsCommand({ cwd: cwd() }, out))).toEqual([`${B} (head)`, `${C} (b) (head)`])
    expect(await lines((out) => branchesCommand({ cwd: cwd() }, out))).toEqual([
      `${A} (branchpoint)`,
      `${' '.repeat(12)} -> ${B} (head)`,
      `${' '.repeat(12)} -> ${C} (b) (head)`,
      '',
    ])
    await expect(revisionCommand({ cwd: cwd(), message: 'x' }, collectingOutput())).rejects.toThrow(
      `several heads (${B}, ${C}): pass --head <rev> to choose one, or run \`tsmig merge heads\``,
    )
    // A label that the graph would refuse is refused before any file is written.
    await expect(revisionCommand({ cwd: cwd(), message: 'x', head: B, branchLabels: ['b'], revId: 'x1x1x1x1x1x1' }, collectingOutput())).rejects.toThrow(
      `branch label 'b' is declared by both revision '${C}' (${project.dir}/migrations/${C}_branch.ts) and revision 'x1x1x1x1x1x1'`,
    )
    await expect(revisionCommand({ cwd: cwd(), message: 'x', head: B, branchLabels: ['head'] }, collectingOutput())).rejects.toThrow(
      "branch label 'head' of revision",
    )
    expect(project.revisionFiles()).toHaveLength(3)
  })

  it('upgrades one branch with <label>@head, leaving its sibling alone', async () => {
    await expect(upgradeCommand({ cwd: cwd(), target: 'head' }, collectingOutput())).rejects.toThrow(
      `target 'head' is ambiguous: there are 2 heads ('${B}', '${C}')`,
    )
    const result = await upgradeCommand({ cwd: cwd(), target: 'b@head' }, collectingOutput())
    expect(result.steps.map((step) => step.revision)).toEqual([A, C])
    expect(await databaseState(project)).toEqual({ rows: [C], tables: t(A, C) })
  })

  it('upgrades heads to one version row per head', async () => {
    const result = await upgradeCommand({ cwd: cwd(), target: 'heads' }, collectingOutput())
    expect(result.steps.map((step) => step.revision)).toEqual([B])
    expect(await databaseState(project)).toEqual({ rows: [B, C], tables: t(A, B, C) })
    expect(await lines((out) => currentCommand({ cwd: cwd() }, out))).toEqual([`${B} (head)`, `${C} (head)`])
    // Unlike Alembic, which warns and picks one, -1 from two heads has to say which.
    await expect(downgradeCommand({ cwd: cwd(), target: '-1' }, collectingOutput())).rejects.toThrow(
      `cannot resolve relative target '-1': the database has several heads ('${B}', '${C}'); use '<branch>@-N' or '<rev>-N'`,
    )
  })

  it('reverts one branch with <label>@-1 and nothing else', async () => {
    await downgradeCommand({ cwd: cwd(), target: 'b@-1' }, collectingOutput())
    expect(await databaseState(project)).toEqual({ rows: [B], tables: t(A, B) })
    await upgradeCommand({ cwd: cwd(), target: 'heads' }, collectingOutput())
    expect(await versionRows(project)).toEqual([B, C])
  })

  it('merges the heads; upgrade leaves one row, downgrade -1 two again', async () => {
    await expect(mergeCommand({ cwd: cwd(), message: 'x', revisions: [A, B] }, collectingOutput())).rejects.toThrow(
      `revision ${A} is not a head: only heads can be merged`,
    )
    await expect(mergeCommand({ cwd: cwd(), message: 'x', revisions: ['b@head'] }, collectingOutput())).rejects.toThrow(
      `nothing to merge: b@head names only ${C}; a merge needs two heads or more`,
    )
    const merged = await mergeCommand({ cwd: cwd(), message: 'join', revisions: ['heads'], revId: M }, collectingOutput())
    expect(readFileSync(merged.file, 'utf8')).toContain(`export const downRevision: string | string[] | null = ['${B}', '${C}']`)
    expect(await lines((out) => headsCommand({ cwd: cwd() }, out))).toEqual([`${M} (b) (head)`])

    const up = await upgradeCommand({ cwd: cwd(), target: 'head' }, collectingOutput())
    expect(up.steps.map((step) => step.revision)).toEqual([M])
    expect(await versionRows(project)).toEqual([M])
    expect(await lines((out) => currentCommand({ cwd: cwd() }, out))).toEqual([`${M} (head) (mergepoint)`])

    const down = await downgradeCommand({ cwd: cwd(), target: '-1' }, collectingOutput())
    expect(down.steps.map((step) => step.revision)).toEqual([M])
    expect(await databaseState(project)).toEqual({ rows: [B, C], tables: t(A, B, C) })
  })

  it('prints history newest first with Alembic markers, current ones on request', async () => {
    const expected = [
      `${B}, ${C} -> ${M} (b) (head) (mergepoint), join`,
      `${A} -> ${C} (b), branch`,
      `${A} -> ${B}, second`,
      `<base> -> ${A} (branchpoint), root`,
    ]
    expect(await lines((out) => historyCommand({ cwd: cwd() }, out))).toEqual(expected)
    expect(await lines((out) => historyCommand({ cwd: cwd(), withCurrent: true }, out))).toEqual([
      expected[0],
      `${A} -> ${C} (b) (current), branch`,
      `${A} -> ${B} (current), second`,
      expected[3],
    ])
    expect(await lines((out) => historyCommand({ cwd: cwd(), range: `${C}:` }, out))).toEqual(expected.slice(0, 2))
    expect(await lines((out) => historyCommand({ cwd: cwd(), range: `:${B}` }, out))).toEqual(expected.slice(2))
    expect(await lines((out) => historyCommand({ cwd: cwd(), range: 'current:' }, out))).toEqual([
      expected[0],
      `${A} -> ${C} (b), branch`,
      `${A} -> ${B}, second`,
    ])
    const json = JSON.parse((await lines((out) => historyCommand({ cwd: cwd(), json: true }, out))).join('\n'))
    expect(json[0]).toMatchObject({ revision: M, downRevisions: [B, C], markers: ['head', 'mergepoint'], branchLabels: ['b'], message: 'join' })
  })

  it('shows a revision in full, by partial id, label or target', async () => {
    const show = await lines((out) => showCommand({ cwd: cwd(), revision: 'a1a1' }, out))
    expect(show).toEqual([
      `Rev: ${A} (branchpoint)`,
      'Parent: <base>',
      `Branches into: ${B}, ${C}`,
      `Path: ${project.dir}/migrations/${A}_root.ts`,
      expect.stringMatching(/^Create Date: \d{4}-\d\d-\d\dT/),
      '',
      '    root',
      '',
    ])
    expect((await lines((out) => showCommand({ cwd: cwd(), revision: 'b' }, out)))[0]).toBe(`Rev: ${C}`)
    expect((await lines((out) => showCommand({ cwd: cwd(), revision: 'heads' }, out))).slice(0, 2)).toEqual([
      `Rev: ${M} (head) (mergepoint)`,
      `Merges: ${B}, ${C}`,
    ])
    const current = await lines((out) => showCommand({ cwd: cwd(), revision: 'current' }, out))
    expect(current.filter((line) => line.startsWith('Rev: '))).toEqual([`Rev: ${B} (current)`, `Rev: ${C} (current)`])
  })

  it('stamps without running migrations, in both directions', async () => {
    const tables = await userTables(project)
    expect(await stampCommand({ cwd: cwd(), target: A }, collectingOutput())).toEqual([A])
    expect(await databaseState(project)).toEqual({ rows: [A], tables })
    expect(await lines((out) => currentCommand({ cwd: cwd() }, out))).toEqual([`${A} (branchpoint)`])
    expect(await stampCommand({ cwd: cwd(), target: 'b@head' }, collectingOutput())).toEqual([M])
    expect(await databaseState(project)).toEqual({ rows: [M], tables })
    await stampCommand({ cwd: cwd(), target: 'base', purge: true }, collectingOutput())
    expect(await databaseState(project)).toEqual({ rows: [], tables })
    await stampCommand({ cwd: cwd(), target: 'heads' }, collectingOutput())
    expect(await lines((out) => currentCommand({ cwd: cwd() }, out))).toEqual([`${M} (head) (mergepoint)`])
  })

  it('--depends-on pulls the dependency in; its row folds into the dependent', async () => {
    await revisionWithTable(project, { message: 'other root', revId: O, head: 'base', branchLabels: ['other'] })
    await revisionWithTable(project, { message: 'needs other', revId: E, head: M, dependsOn: ['other'] })
    // A label stays a label in the file, as Alembic writes it.
    expect(readFileSync(`${project.dir}/migrations/${E}_needs_other.ts`, 'utf8')).toContain(
      `export const downRevision: string | string[] | null = '${M}'\nexport const branchLabels: string[] = []\nexport const dependsOn: string[] = ['other']`,
    )
    expect(await lines((out) => headsCommand({ cwd: cwd() }, out))).toEqual([`${O} (other) (effective head)`, `${E} (b) (head)`])
    expect((await lines((out) => historyCommand({ cwd: cwd() }, out)))[0]).toBe(`${M} (other) -> ${E} (b) (head), needs other`)

    // The effective head comes along with its dependent: `head` is not ambiguous.
    const up = await upgradeCommand({ cwd: cwd(), target: 'head' }, collectingOutput())
    expect(up.steps.map((step) => step.revision)).toEqual([O, E])
    expect(await databaseState(project)).toEqual({ rows: [E], tables: t(A, B, C, O, E) })

    // Reverting the dependency reverts its dependent first.
    const down = await downgradeCommand({ cwd: cwd(), target: 'other@base' }, collectingOutput())
    expect(down.steps.map((step) => step.revision)).toEqual([E, O])
    expect(await databaseState(project)).toEqual({ rows: [M], tables: t(A, B, C) })

    // A new revision goes on the one real head without --head.
    const next = await revisionCommand({ cwd: cwd(), message: 'after', revId: 'aaaa0000ffff' }, collectingOutput())
    expect(readFileSync(next.file, 'utf8')).toContain(`export const downRevision: string | string[] | null = '${E}'`)
    project.removeRevision('aaaa0000ffff_after.ts')
  })

  it('prints only the requested range with upgrade/downgrade --sql, touching nothing', async () => {
    const before = await databaseState(project)
    const up = await lines((out) => upgradeCommand({ cwd: cwd(), target: `${A}:${B}`, sql: true }, out))
    const upText = up.join('\n')
    expect(migrationsIn(upText)).toEqual([`upgrade ${B}`])
    expect(upText).toMatch(new RegExp(`CREATE TABLE "?t_${B}"?`))
    for (const other of [A, C, M, O, E]) expect(upText).not.toContain(`t_${other}`)

    const down = await lines((out) => downgradeCommand({ cwd: cwd(), target: `${M}:${A}`, sql: true }, out))
    const downText = down.join('\n')
    expect(migrationsIn(downText)).toEqual([`downgrade ${M}`, `downgrade ${C}`, `downgrade ${B}`])
    expect(downText).toMatch(new RegExp(`DROP TABLE "?t_${B}"?`))
    expect(downText).toMatch(new RegExp(`DROP TABLE "?t_${C}"?`))
    expect(downText).not.toContain(`t_${A}`)
    expect(await databaseState(project)).toEqual(before)
  })

  it('downgrades everything to base', async () => {
    await downgradeCommand({ cwd: cwd(), target: 'base' }, collectingOutput())
    expect(await databaseState(project)).toEqual({ rows: [], tables: [] })
    expect(await lines((out) => currentCommand({ cwd: cwd() }, out))).toEqual(['(base) no revision applied'])
  })
})
