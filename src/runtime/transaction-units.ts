import type { MigrationStep } from '../revisions/plan.js'

/** Steps that commit together, or one step that runs outside any transaction. */
export interface TransactionUnit {
  readonly steps: readonly MigrationStep[]
  readonly transactional: boolean
}

/**
 * How a run is cut into transactions, online and in `--sql` output alike:
 * one per migration by default; with `transactionPerMigration: false` one for
 * the whole run. A revision that exports `transaction = false` (e.g. for
 * `CREATE INDEX CONCURRENTLY`) always runs on its own outside any, so in the
 * one-transaction mode it splits the run: what came before commits first.
 */
export function groupIntoUnits(
  steps: readonly MigrationStep[],
  isTransactional: (step: MigrationStep) => boolean,
  transactionPerMigration: boolean,
): TransactionUnit[] {
  const units: TransactionUnit[] = []
  let open: MigrationStep[] | undefined
  for (const step of steps) {
    if (!isTransactional(step)) {
      open = undefined
      units.push({ steps: [step], transactional: false })
    } else if (transactionPerMigration) {
      units.push({ steps: [step], transactional: true })
    } else if (open) {
      open.push(step)
    } else {
      open = [step]
      units.push({ steps: open, transactional: true })
    }
  }
  return units
}
