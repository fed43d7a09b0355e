import { TsmigError } from '../../errors.js'
import { loadRevision } from '../../project/load-revision.js'
import { planDowngrade, planUpgrade, type MigrationStep } from '../../revisions/plan.js'
import { resolveTarget } from '../../revisions/targets.js'
import { isRange, parseRange } from '../../revisions/target-range.js'
import { runSteps, VersionTableMovedError, type StepResult } from '../../runtime/runner.js'
import { printOfflineSql } from '../../runtime/offline-sql.js'
import { findTamperedRevisions } from '../../project/tamper-check.js'
import { formatMs, type Output } from '../output.js'
import { Project, withConnection, type Connection, type GlobalOptions, type Revisions } from '../project.js'

export interface MigrateOptions extends GlobalOptions {
  /** Target (`head`, `-1`, …), or with `sql` a range `FROM:TO`. */
  readonly target: string
  /** Print the SQL instead of running it (no connection). */
  readonly sql?: boolean
  /** How long to wait for another run's migration lock (default: the config's `lockTimeoutMs`). */
  readonly lockTimeoutMs?: number
}

export interface MigrateResult {
  readonly steps: readonly StepResult[]
  readonly heads: readonly string[]
}

type Direction = 'up' | 'down'

/** Re-plans allowed when other runs keep moving the version table (SQLite, where there is no lock across migrations). */
const maxReplans = 100

function printStep(out: Output, result: StepResult): void {
  const arrow = result.direction === 'up' ? out.color.green('↑') : out.color.yellow('↓')
  const note = result.outsideTransaction ? out.color.dim(' (outside a transaction)') : ''
  out.line(`${arrow} ${out.color.bold(result.revision)} ${result.message} ${out.color.dim(`(${formatMs(result.ms)})`)}${note}`)
}

function planner(direction: Direction): typeof planUpgrade {
  return direction === 'up' ? planUpgrade : planDowngrade
}

/** `--sql`: the range's steps printed as SQL, no connection. */
async function printSql(direction: Direction, project: Project, revisions: Revisions, target: string, out: Output): Promise<MigrateResult> {
  const dialect = await project.dialect()
  let from: readonly string[] = []
  let to = target
  if (isRange(target)) {
    const range = parseRange(target)
    if (range.lower !== undefined) from = resolveTarget(revisions.graph, range.lower).revisions
    to = range.upper ?? (direction === 'up' ? 'heads' : 'base')
  } else if (direction === 'down') {
    throw new TsmigError(`downgrade --sql needs a range FROM:TO (e.g. head:${target}): offline there is no database to start from`)
  }
  const steps = planner(direction)(revisions.graph, from, to)
  // Replaying base → FROM silently gives the compiler the schema at FROM.
  const priorSteps = from.length === 0 ? [] : planUpgrade(revisions.graph, [], { text: target, revisions: from, branch: null, walked: null })
  await printOfflineSql({
    dialect,
    config: project.config,
    steps,
    priorSteps,
    revisions: revisions.byId,
    fromBase: from.length === 0,
    emit: (text) => out.line(text),
    load: loadRevision,
  })
  return { steps: [], heads: [] }
}

/** Warn about applied revisions whose files changed or went away since they ran. */
export async function warnAboutTamperedRevisions(connection: Connection, revisions: Revisions, current: readonly string[], out: Output): Promise<void> {
  const history = await connection.versionTable.history.read(connection.db)
  const tampered = await findTamperedRevisions({ history, revisions: revisions.byId, graph: revisions.graph, currentHeads: current })
  for (const problem of tampered) out.warn(problem.message)
}

async function migrateOnline(direction: Direction, project: Project, revisions: Revisions, options: MigrateOptions, out: Output): Promise<MigrateResult> {
  return withConnection(project, async (connection) => {
    const { db, dialect, versionTable } = connection
    const release = await dialect.acquireLock(db, { timeoutMs: options.lockTimeoutMs ?? project.config.lockTimeoutMs })
    try {
      await versionTable.ensure(db)
      let current = await versionTable.readHeads(db)
      await warnAboutTamperedRevisions(connection, revisions, current, out)
      const results: StepResult[] = []
      // Resolved once: a relative target (`+2`, `-1`) counts from where the database was when the command started.
      const target = resolveTarget(revisions.graph, options.target, current)
      for (let attempt = 0; ; attempt++) {
        const steps: MigrationStep[] = planner(direction)(revisions.graph, current, target)
        if (steps.length === 0) {
          if (results.length === 0) {
            out.line(`Nothing to do: the database is already at ${options.target} (${current.length === 0 ? 'base' : current.join(', ')}).`)
          }
          return { steps: results, heads: current }
        }
        try {
          results.push(
            ...(await runSteps({
              db,
              dialect,
              versionTable,
              steps,
              startHeads: current,
              revisions: revisions.byId,
              schemas: project.config.schemas,
              transactionPerMigration: project.config.transactionPerMigration,
              load: loadRevision,
              onOutsideTransaction: (step) =>
                out.line(out.color.dim(`  ${step.revision} runs outside a transaction (export const transaction = false): a failure is not rolled back`)),
              onStep: (result) => printStep(out, result),
            })),
          )
          return { steps: results, heads: await versionTable.readHeads(db) }
        } catch (error) {
          if (!(error instanceof VersionTableMovedError) || attempt >= maxReplans) throw error
          // Another run got there first (its revisions are applied once, by it): plan again from what it left.
          results.push(...error.results)
          current = await versionTable.readHeads(db)
          out.line(out.color.dim(`  another run moved the database to ${current.length === 0 ? 'base' : current.join(', ')}; planning again`))
        }
      }
    } finally {
      await release()
    }
  }, { missing: direction === 'up' ? 'create' : 'fail' })
}

async function migrate(direction: Direction, options: MigrateOptions, out: Output): Promise<MigrateResult> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  if (options.sql) return printSql(direction, project, revisions, options.target, out)
  return migrateOnline(direction, project, revisions, options, out)
}

/** `tsmig upgrade [TARGET=head] [--sql]`. */
export function upgradeCommand(options: MigrateOptions, out: Output): Promise<MigrateResult> {
  return migrate('up', options, out)
}

/** `tsmig downgrade TARGET [--sql]`. */
export function downgradeCommand(options: MigrateOptions, out: Output): Promise<MigrateResult> {
  return migrate('down', options, out)
}
