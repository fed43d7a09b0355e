import { sql } from 'kysely'
import type { Change } from '../compare/change.js'
import { compareSchemas } from '../compare/compare-schema.js'
import type { ResolvedConfig } from './load-config.js'
import type { Dialect, Queryable } from '../dialects/dialect.js'
import { TsmigError } from '../errors.js'
import type { RevisionGraph } from '../revisions/graph.js'
import { loadRevision } from './load-revision.js'
import type { LoadedRevision } from '../runtime/revision-module.js'
import { planUpgrade, type MigrationStep } from '../revisions/plan.js'
import type { RevisionHeader } from '../revisions/revision-header.js'
import type { SchemaIR } from '../schema/ir.js'
import { diffDatabase, internalTables } from './diff-database.js'
import { MigrationFailedError, runSteps, type StepResult } from '../runtime/runner.js'
import { schemaDdlPatch } from './schema-ddl.js'
import { VersionTable } from '../runtime/version-table.js'

export class ScratchNotEmptyError extends TsmigError {}

/** The three passes: up from base, down to base, up again. */
export type StairwayPhase = 'up' | 'down' | 'up again'

export type StairwayFailure =
  | {
      /** A migration raised an error. */
      readonly kind: 'migration failed'
      readonly phase: StairwayPhase
      readonly revision: string
      readonly message: string
    }
  | {
      /** After a step the schema is not what it was (down) or what it first became (up again). */
      readonly kind: 'schema differs'
      readonly phase: StairwayPhase
      readonly revision: string
      /** What would turn the schema found into the one expected, each with its reason. */
      readonly differences: readonly Change[]
      /** Unified diff of the expected DDL against the DDL found. */
      readonly patch: string | null
    }
  | {
      /** At head the schema differs from the model. */
      readonly kind: 'model differs'
      readonly differences: readonly Change[]
      readonly patch: string | null
    }

export interface StairwayResult {
  /** Revisions walked. */
  readonly revisions: number
  readonly failure: StairwayFailure | null
}

export interface StairwayOptions {
  /** The scratch database: must be empty. */
  readonly db: Queryable
  readonly dialect: Dialect
  readonly config: ResolvedConfig
  readonly graph: RevisionGraph
  readonly revisions: ReadonlyMap<string, RevisionHeader>
  readonly onStep?: (phase: StairwayPhase, result: StepResult) => void
}

/** The step that undoes `up` exactly: its revision reverted, the version rows put back as they were. */
function inverse(up: MigrationStep): MigrationStep {
  return { revision: up.revision, direction: 'down', removeVersions: up.addVersions, addVersions: up.removeVersions }
}

/**
 * The stairway test (pytest-alembic's, built in): on an empty scratch
 * database, upgrade one revision at a time from base to every head, reading
 * the schema after each; downgrade one at a time, in exactly the reverse
 * order, checking that each downgrade restores the schema from before its
 * upgrade; upgrade again, checking each step gives the same schema as the
 * first time (a downgrade that leaves something behind often breaks the next
 * upgrade); finally compare head with the model. Stops at the first failure.
 */
export async function runStairway(options: StairwayOptions): Promise<StairwayResult> {
  const { db, dialect, config } = options
  const versionTable = new VersionTable(dialect, config.versionTable)
  const snapshot = (): Promise<SchemaIR> => dialect.introspect(db, { schemas: config.schemas, excludeTables: internalTables(config) })

  const start = await snapshot()
  const rows = await versionTable.readHeads(db)
  if (start.tables.length > 0 || start.enums.length > 0 || rows.length > 0) {
    const found = [...start.tables.map((t) => `table ${t.name}`), ...start.enums.map((e) => `enum ${e.name}`), ...rows.map((r) => `version ${r}`)]
    throw new ScratchNotEmptyError(`the scratch database is not empty (${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}): verify needs an empty one`)
  }

  // Each file is imported once for the three passes.
  const loadedRevisions = new Map<string, Promise<LoadedRevision>>()
  const load = (header: RevisionHeader): Promise<LoadedRevision> => {
    if (!loadedRevisions.has(header.id)) loadedRevisions.set(header.id, loadRevision(header))
    return loadedRevisions.get(header.id)!
  }
  const run = async (phase: StairwayPhase, step: MigrationStep): Promise<StairwayFailure | null> => {
    try {
      await runSteps({
        db,
        dialect,
        versionTable,
        steps: [step],
        revisions: options.revisions,
        schemas: config.schemas,
        transactionPerMigration: true,
        load,
        onStep: (result) => options.onStep?.(phase, result),
      })
      return null
    } catch (error) {
      if (!(error instanceof MigrationFailedError)) throw error
      return { kind: 'migration failed', phase, revision: step.revision, message: error.message }
    }
  }
  const expectSchema = async (phase: StairwayPhase, revision: string, expected: SchemaIR, label: string): Promise<StairwayFailure | null> => {
    const found = await snapshot()
    const { changes } = compareSchemas(found, expected)
    if (changes.length === 0) return null
    const patch = await schemaDdlPatch(dialect, expected, found, { before: label, after: `after ${phase === 'down' ? 'downgrading' : 'upgrading'} ${revision}` })
    return { kind: 'schema differs', phase, revision, differences: changes, patch }
  }

  const steps = planUpgrade(options.graph, [], 'heads')
  const schemas: SchemaIR[] = [start]
  for (const step of steps) {
    const failure = await run('up', step)
    if (failure) return { revisions: steps.length, failure }
    schemas.push(await snapshot())
  }
  for (let i = steps.length - 1; i >= 0; i--) {
    const failure =
      (await run('down', inverse(steps[i]))) ?? (await expectSchema('down', steps[i].revision, schemas[i], `before upgrading ${steps[i].revision}`))
    if (failure) return { revisions: steps.length, failure }
  }
  for (const [i, step] of steps.entries()) {
    const failure = (await run('up again', step)) ?? (await expectSchema('up again', step.revision, schemas[i + 1], `first upgrade of ${step.revision}`))
    if (failure) return { revisions: steps.length, failure }
  }
  const diff = await diffDatabase(config, dialect, db)
  if (diff.changes.length > 0) {
    const patch = await schemaDdlPatch(dialect, diff.database, diff.model, { before: 'database at head', after: 'model' })
    return { revisions: steps.length, failure: { kind: 'model differs', differences: diff.changes, patch } }
  }
  return { revisions: steps.length, failure: null }
}

/**
 * Leave a scratch database the user supplied as empty as it was found:
 * revert everything applied (newest first) and drop the version tables.
 */
export async function emptyScratchDatabase(options: Omit<StairwayOptions, 'onStep'>): Promise<void> {
  const { db, dialect, config } = options
  const versionTable = new VersionTable(dialect, config.versionTable)
  const applied = planUpgrade(options.graph, [], { text: 'current', revisions: await versionTable.readHeads(db), branch: null, walked: null })
  await runSteps({
    db,
    dialect,
    versionTable,
    steps: applied.reverse().map(inverse),
    revisions: options.revisions,
    schemas: config.schemas,
    transactionPerMigration: true,
    load: loadRevision,
  })
  for (const table of [versionTable.history.name, versionTable.name]) {
    await sql.raw(`DROP TABLE IF EXISTS ${dialect.quoteIdentifier(table)}`).execute(db)
  }
}
