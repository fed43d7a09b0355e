import { sql } from 'kysely'
import type { Dialect, MigrationSession, Queryable } from '../dialects/dialect.js'
import { DatabaseBusyError, TsmigError } from '../errors.js'
import type { InterruptSignal } from './interruption.js'
import { createOperations } from '../ops/operations.js'
import { loadStepRevisions, type LoadedRevision, type RevisionLoader } from './revision-module.js'
import { headsAfter, type MigrationStep } from '../revisions/plan.js'
import type { RevisionHeader } from '../revisions/revision-header.js'
import { OnlineSink } from './online-sink.js'
import { StatementFailedError } from './statement-failed.js'
import { interruption, InterruptedError } from './interruption.js'
import { groupIntoUnits, type TransactionUnit } from './transaction-units.js'
import { codeFrame, formatLocation, userErrorMessage, userLocation } from '../loader/user-code.js'
import type { VersionTable } from './version-table.js'

export type Direction = 'up' | 'down'

export interface StepResult {
  readonly revision: string
  readonly message: string
  readonly direction: Direction
  readonly ms: number
  /** Ran outside a transaction (`export const transaction = false`). */
  readonly outsideTransaction: boolean
}

/** How much a failure took back with it. */
export type RollbackScope = 'migration' | 'run' | 'none'

export class MigrationFailedError extends TsmigError {
  constructor(
    readonly revision: string,
    readonly direction: Direction,
    readonly file: string,
    cause: unknown,
    readonly scope: RollbackScope = 'migration',
  ) {
    // A statement that failed in the database carries its own details; an exception in the
    // revision's code (or in an op it called with bad arguments) is located in the file.
    const located = cause instanceof StatementFailedError ? undefined : userLocation(cause, file)
    const reason = userErrorMessage(cause)
    const what = `${direction === 'up' ? 'upgrade' : 'downgrade'} of revision ${revision} (${located === undefined ? file : formatLocation(located)})`
    const outcome = {
      migration: 'failed and was rolled back',
      run: 'failed; the whole run was one transaction (transactionPerMigration: false) and was rolled back',
      none:
        'failed outside a transaction (export const transaction = false): what it did before the failure stays, ' +
        'and the version table still names the revision before it',
    }[scope]
    const details = cause instanceof StatementFailedError ? cause.details : located === undefined ? [] : codeFrame(located)
    super(`${what} ${outcome}: ${reason}`, { cause, details })
  }
}

const describeHeads = (heads: readonly string[] | undefined): string =>
  heads === undefined ? 'the revision before it' : heads.length === 0 ? 'base' : heads.join(', ')

/**
 * The interrupted unit's outcome, for `interrupted: <rev> rolled back; the database is at <prev>`.
 * `waited`: the dialect could not stop the running statement, so the rollback came once it returned.
 */
function interruptedError(signal: InterruptSignal, steps: readonly MigrationStep[], before: readonly string[] | undefined, scope: RollbackScope, waited: boolean, cause: unknown): InterruptedError {
  const revisions = steps.map((step) => step.revision).join(', ')
  const message =
    scope === 'none'
      ? `${revisions} stopped outside a transaction: what it did before the interrupt stays; the version table still names ${describeHeads(before)}`
      : `${revisions} rolled back; the database is at ${describeHeads(before)}`
  const details = waited ? ['the database cannot stop a running statement: tsmig waited for it to return, then rolled back'] : []
  return new InterruptedError(signal, message, { cause, details })
}

/**
 * The version table no longer holds what this run planned from: another run
 * (SQLite has no lock to hold across migrations) applied revisions in the
 * meantime. Nothing of the current migration ran; plan again from the new rows.
 */
export class VersionTableMovedError extends TsmigError {
  constructor(
    readonly expected: readonly string[],
    readonly found: readonly string[],
    /** The steps this run completed before noticing. */
    readonly results: readonly StepResult[],
  ) {
    const show = (rows: readonly string[]) => (rows.length === 0 ? 'base' : rows.join(', '))
    super(`the version table moved under this run (another tsmig run?): expected ${show(expected)}, found ${show(found)}`)
  }
}

export interface RunOptions {
  readonly db: Queryable
  readonly dialect: Dialect
  readonly versionTable: VersionTable
  readonly steps: readonly MigrationStep[]
  /** The header of every revision a step names. */
  readonly revisions: ReadonlyMap<string, RevisionHeader>
  readonly schemas?: readonly string[]
  /** false: one transaction around every step (a `transaction = false` revision splits it). */
  readonly transactionPerMigration: boolean
  readonly load: RevisionLoader
  /**
   * The version rows the steps were planned from. Each transaction re-reads
   * the rows right after BEGIN and stops with `VersionTableMovedError` when
   * they are not what the plan expects, so a revision is never applied twice.
   */
  readonly startHeads?: readonly string[]
  /** Called before a revision that runs outside a transaction starts. */
  readonly onOutsideTransaction?: (step: MigrationStep, header: RevisionHeader) => void
  /** Called once a step's work is committed. */
  readonly onStep?: (result: StepResult) => void
}

/**
 * Apply steps in order on one connection. Each runs in its own transaction
 * (or all in one), with the version-table change and the history record
 * inside it, so a failure rolls back that migration completely and leaves
 * earlier ones applied.
 */
export async function runSteps(options: RunOptions): Promise<StepResult[]> {
  const { dialect, versionTable } = options
  const loaded = await loadStepRevisions(options.steps, options.revisions, options.load)
  const revision = (step: MigrationStep): LoadedRevision => loaded.get(step.revision)!
  const units = groupIntoUnits(options.steps, (step) => revision(step).module.transaction, options.transactionPerMigration)

  return options.db.connection().execute(async (conn) => {
    const session = await dialect.openMigrationSession?.(options.db, conn)
    return interruption.guard(session?.cancelRunning, () => runOnConnection(conn, session))
  })

  async function runOnConnection(conn: Queryable, session: MigrationSession | undefined): Promise<StepResult[]> {
    // The dialect's transaction hooks may keep what they learn of the connection for the run's next migration.
    const run = {}
    const results: StepResult[] = []
    let expected = options.startHeads === undefined ? undefined : [...options.startHeads]

    const checkHeads = async (): Promise<void> => {
      if (expected === undefined) return
      const found = await versionTable.readHeads(conn)
      if (!sameRows(found, expected)) throw new VersionTableMovedError(expected, found, [...results])
    }

    const runStep = async (step: MigrationStep, outside: boolean): Promise<StepResult> => {
      const { header, module, checksum } = revision(step)
      const started = performance.now()
      await interruption.check()
      const sink = new OnlineSink(conn, dialect, options.schemas, session)
      await (step.direction === 'up' ? module.upgrade : module.downgrade)(createOperations(sink))
      await sink.flush?.()
      const ms = performance.now() - started
      const bookkeeping = async (): Promise<void> => {
        for (const id of step.removeVersions) await versionTable.change(conn, versionTable.deleteSql(id))
        for (const id of step.addVersions) await versionTable.change(conn, versionTable.insertSql(id))
        await versionTable.history.record(conn, { revision: step.revision, direction: step.direction, checksum, durationMs: ms })
      }
      // Outside a transaction the statements are already committed; the version change gets a transaction of its own.
      if (outside) await plainTransaction(conn, dialect, bookkeeping)
      else await bookkeeping()
      expected &&= headsAfter(expected, [step])
      return { revision: step.revision, message: header.message, direction: step.direction, ms, outsideTransaction: outside }
    }

    const runUnit = async (unit: TransactionUnit): Promise<void> => {
      const done: StepResult[] = []
      const scope: RollbackScope = !unit.transactional ? 'none' : unit.steps.length > 1 || !options.transactionPerMigration ? 'run' : 'migration'
      let current = unit.steps[0]
      const fail = (error: unknown, before?: readonly string[]): never => {
        if (interruption.signal !== undefined) {
          const steps = scope === 'run' ? unit.steps.slice(0, unit.steps.indexOf(current) + 1) : [current]
          throw interruptedError(interruption.signal, steps, before ?? expected, scope, session?.cancelRunning === undefined, error)
        }
        // Busy: another writer kept the database; nothing of this migration ran or stayed, so it did not "fail".
        if (error instanceof VersionTableMovedError || error instanceof MigrationFailedError || error instanceof DatabaseBusyError) throw error
        throw new MigrationFailedError(current.revision, current.direction, revision(current).header.file, error, scope)
      }
      if (!unit.transactional) {
        await checkHeads()
        options.onOutsideTransaction?.(current, revision(current).header)
        done.push(await runStep(current, true).catch(fail))
      } else {
        const before = expected
        await inMigrationTransaction(conn, dialect, run, async () => {
          await checkHeads()
          for (const step of unit.steps) {
            current = step
            done.push(await runStep(step, false))
          }
        }).catch((error: unknown) => {
          expected = before
          return fail(error, before)
        })
      }
      // Reported once committed: a line printed for a migration that is then rolled back would mislead.
      for (const result of done) {
        results.push(result)
        options.onStep?.(result)
      }
    }

    await versionTable.ensure(conn)
    for (const unit of units) await runUnit(unit)
    return results
  }
}

/** A migration's transaction, with the dialect's hooks around it (SQLite: foreign keys off before BEGIN, checked before COMMIT). */
async function inMigrationTransaction(conn: Queryable, dialect: Dialect, run: object, work: () => Promise<void>): Promise<void> {
  await dialect.transactionHooks.beforeBegin(conn, run)
  try {
    await plainTransaction(conn, dialect, async () => {
      await work()
      await dialect.transactionHooks.beforeCommit(conn, run)
    })
  } finally {
    await dialect.transactionHooks.afterEnd(conn, run)
  }
}

async function plainTransaction(conn: Queryable, dialect: Dialect, work: () => Promise<void>): Promise<void> {
  await sql.raw(dialect.beginSql).execute(conn)
  try {
    await work()
    await sql.raw('COMMIT').execute(conn)
  } catch (error) {
    await sql.raw('ROLLBACK').execute(conn).catch(() => undefined)
    throw error
  }
}

function sameRows(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000')
}
