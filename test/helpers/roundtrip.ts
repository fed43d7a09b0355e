import { expect } from 'vitest'
import { checkCommand, collectingOutput, downgradeCommand, revisionCommand, upgradeCommand } from '../../src/api.js'
import { createTestProject, type TestDialect, type TestProject } from './project.js'
import { assertPullIsClean } from './pull-roundtrip.js'

export interface RoundTripScenario {
  readonly name: string
  /** Model the database starts from (applied through tsmig), or null for an empty database. */
  readonly before: string | null
  /** Model after the change. */
  readonly after: string
  readonly dialects?: readonly TestDialect[]
  /** Extra SQL run after `before` is applied, e.g. data that must survive. */
  readonly seed?: string
  readonly schemas?: readonly string[]
  /** `--rename` hints for the autogenerate of `after` (`old_table:new_table`, `table.old:new`). */
  readonly renames?: readonly string[]
  /**
   * Applied to both catalog snapshots before they are compared, for text the
   * engine itself rewrites without changing the schema (SQLite's RENAME
   * COLUMN writes the names it replaces in quotes).
   */
  readonly sameCatalog?: (line: string) => string
}

const header = `import { table, enumType, sql, index, uniqueIndex, unique, check, foreignKey, primaryKey, integer, bigint, smallint, serial, bigserial, varchar, char, text, boolean, timestamp, date, time, numeric, real, doublePrecision, json, jsonb, uuid, bytea, customType } from 'tsmig'\n`

/**
 * The round-trip property: autogenerate → upgrade → `check` clean → `pull`
 * gives a model `check` finds clean too → a second autogenerate finds nothing → `downgrade -1` → the catalogs equal
 * what they were before.
 */
export async function assertRoundTrip(dialect: TestDialect, scenario: RoundTripScenario): Promise<TestProject> {
  const project = await createTestProject(dialect, { schemas: scenario.schemas })
  const cwd = project.dir
  const out = collectingOutput()
  try {
    if (scenario.before !== null) {
      project.writeSchema(header + scenario.before)
      await revisionCommand({ cwd, message: 'before', autogenerate: true }, out)
      await upgradeCommand({ cwd, target: 'head' }, out)
    }
    const snapshot = async () => (await project.snapshot()).map(scenario.sameCatalog ?? ((line) => line))
    const original = await snapshot()

    project.writeSchema(header + scenario.after)
    const generated = await revisionCommand({ cwd, message: 'after', autogenerate: true, renames: scenario.renames }, out)
    expect(generated.changes.length, `${scenario.name}: autogenerate found no change`).toBeGreaterThan(0)
    await upgradeCommand({ cwd, target: 'head' }, out)

    const check = await checkCommand({ cwd }, out)
    expect(check.differences.map((d) => `${d.symbol} ${d.object}: ${d.reason}`), `${scenario.name}: check after upgrade`).toEqual([])
    expect(check.clean).toBe(true)
    // `tsmig pull` of the migrated database gives a model that `check` finds equal to it.
    await assertPullIsClean(project, scenario.name)

    const again = await revisionCommand({ cwd, message: 'again', autogenerate: true }, out)
    expect(again.changes.map((c) => c.reason), `${scenario.name}: regenerate after upgrade`).toEqual([])
    project.removeRevision(again.file.split('/').pop()!)

    await downgradeCommand({ cwd, target: '-1' }, out)
    expect(await snapshot(), `${scenario.name}: schema after downgrade`).toEqual(original)
    return project
  } catch (error) {
    await project.dispose()
    throw error
  }
}
