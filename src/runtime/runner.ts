import { sql } from 'kysely'
import type { Dialect, Queryable } from '../dialects/dialect.js'
import { TsmigError } from '../errors.js'
import { createOperations } from '../ops/operations.js'
import type { RevisionModule } from '../revisions/load-revision.js'
import type { MigrationStep } from '../revisions/plan.js'
import type { RevisionHeader } from '../revisions/revision-header.js'
import { OnlineSink } from './online-sink.js'
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

export class MigrationFailedError extends TsmigError {
  constructor(
    readonly revision: string,
    readonly direction: Direction,
    readonly file: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    super(
      `${direction === 'up' ? 'upgrade' : 'downgrade'} of revision ${revision} (${file}) failed and was rolled back: ${reason}`,
      { cause },
    )
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
  /** false: one transaction around every step. */
  readonly transactionPerMigration: boolean
  readonly loadModule: (revision: RevisionHeader) => Promise<RevisionModule>
  readonly onStep?: (result: StepResult) => void
}

/**
 * Apply steps in order on one connection. Each runs in its own transaction
 * (or all in one), with the version-table change inside it, so a failure
 * rolls back that migration completely and leaves earlier ones applied.
 */
export async function runSteps(options: RunOptions): Promise<StepResult[]> {
  const { dialect, versionTable } = options
  // Load every module first: a syntax error in the third file must not leave the first two applied.
  const header = (step: MigrationStep): RevisionHeader => options.revisions.get(step.revision)!
  const modules = new Map<string, RevisionModule>()
  for (const step of options.steps) modules.set(step.revision, await options.loadModule(header(step)))

  return options.db.connection().execute(async (conn) => {
    const results: StepResult[] = []
    const runStep = async (step: MigrationStep): Promise<void> => {
      const started = performance.now()
      const module = modules.get(step.revision)!
      const op = createOperations(new OnlineSink(conn, dialect, options.schemas))
      try {
        await (step.direction === 'up' ? module.upgrade(op) : module.downgrade(op))
        for (const id of step.removeVersions) await versionTable.change(conn, versionTable.deleteSql(id))
        for (const id of step.addVersions) await versionTable.change(conn, versionTable.insertSql(id))
      } catch (error) {
        throw new MigrationFailedError(step.revision, step.direction, header(step).file, error)
      }
      const result: StepResult = {
        revision: step.revision,
        message: header(step).message,
        direction: step.direction,
        ms: performance.now() - started,
        outsideTransaction: !module.transaction,
      }
      results.push(result)
      options.onStep?.(result)
    }

    const inTransaction = async (work: () => Promise<void>): Promise<void> => {
      await dialect.transactionHooks.beforeBegin(conn)
      try {
        await sql.raw(dialect.beginSql).execute(conn)
        try {
          await work()
          await dialect.transactionHooks.beforeCommit(conn)
          await sql.raw('COMMIT').execute(conn)
        } catch (error) {
          await sql.raw('ROLLBACK').execute(conn).catch(() => undefined)
          throw error
        }
      } finally {
        await dialect.transactionHooks.afterEnd(conn)
      }
    }

    await versionTable.ensure(conn)
    if (!options.transactionPerMigration) {
      await inTransaction(async () => {
        for (const step of options.steps) await runStep(step)
      })
      return results
    }
    for (const step of options.steps) {
      if (modules.get(step.revision)!.transaction) await inTransaction(() => runStep(step))
      else await runStep(step)
    }
    return results
  })
}
