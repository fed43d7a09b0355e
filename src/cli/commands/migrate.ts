import { TsmigError } from '../../errors.js'
import { loadRevisionModule } from '../../revisions/load-revision.js'
import { planDowngrade, planUpgrade, type MigrationStep } from '../../revisions/plan.js'
import { resolveTarget } from '../../revisions/targets.js'
import { isRange, parseRange } from '../../revisions/target-range.js'
import { runSteps, type StepResult } from '../../runtime/runner.js'
import { printOfflineSql } from '../../runtime/offline-sql.js'
import { formatMs, type Output } from '../output.js'
import { Project, withConnection, type GlobalOptions } from '../project.js'

export interface MigrateOptions extends GlobalOptions {
  /** Target (`head`, `-1`, …), or with `sql` a range `FROM:TO`. */
  readonly target: string
  /** Print the SQL instead of running it (no connection). */
  readonly sql?: boolean
}

export interface MigrateResult {
  readonly steps: readonly StepResult[]
  readonly heads: readonly string[]
}

type Direction = 'up' | 'down'

function printStep(out: Output, result: StepResult): void {
  const arrow = result.direction === 'up' ? out.color.green('↑') : out.color.yellow('↓')
  const note = result.outsideTransaction ? out.color.dim(' (outside a transaction)') : ''
  out.line(`${arrow} ${out.color.bold(result.revision)} ${result.message} ${out.color.dim(`(${formatMs(result.ms)})`)}${note}`)
}

async function migrate(direction: Direction, options: MigrateOptions, out: Output): Promise<MigrateResult> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const plan = direction === 'up' ? planUpgrade : planDowngrade
  if (options.sql) {
    const dialect = await project.dialect()
    let from: readonly string[] = []
    let to = options.target
    if (isRange(options.target)) {
      const range = parseRange(options.target)
      if (range.lower !== undefined) from = resolveTarget(revisions.graph, range.lower).revisions
      to = range.upper ?? (direction === 'up' ? 'heads' : 'base')
    } else if (direction === 'down') {
      throw new TsmigError(`downgrade --sql needs a range FROM:TO (e.g. head:${options.target}): offline there is no database to start from`)
    }
    const steps = plan(revisions.graph, from, to)
    await printOfflineSql({ dialect, config: project.config, steps, revisions: revisions.byId, fromBase: from.length === 0, emit: (text) => out.line(text) })
    return { steps: [], heads: [] }
  }
  return withConnection(project, async ({ db, dialect, versionTable }) => {
    const release = await dialect.acquireLock(db, { timeoutMs: project.config.lockTimeoutMs })
    try {
      await versionTable.ensure(db)
      const current = await versionTable.readHeads(db)
      const steps: MigrationStep[] = plan(revisions.graph, current, options.target)
      if (steps.length === 0) {
        out.line(`Nothing to do: the database is already at ${options.target} (${current.length === 0 ? 'base' : current.join(', ')}).`)
        return { steps: [], heads: current }
      }
      const results = await runSteps({
        db,
        dialect,
        versionTable,
        steps,
        revisions: revisions.byId,
        schemas: project.config.schemas,
        transactionPerMigration: project.config.transactionPerMigration,
        loadModule: loadRevisionModule,
        onStep: (result) => printStep(out, result),
      })
      return { steps: results, heads: await versionTable.readHeads(db) }
    } finally {
      await release()
    }
  })
}

/** `tsmig upgrade [TARGET=head] [--sql]`. */
export function upgradeCommand(options: MigrateOptions, out: Output): Promise<MigrateResult> {
  return migrate('up', options, out)
}

/** `tsmig downgrade TARGET [--sql]`. */
export function downgradeCommand(options: MigrateOptions, out: Output): Promise<MigrateResult> {
  return migrate('down', options, out)
}
