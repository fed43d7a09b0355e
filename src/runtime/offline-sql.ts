import type { Kysely } from 'kysely'
import type { Dialect } from '../dialects/dialect.js'
import { createOperations } from '../ops/operations.js'
import { loadStepRevisions, type RevisionLoader } from './revision-module.js'
import type { MigrationStep } from '../revisions/plan.js'
import type { RevisionHeader } from '../revisions/revision-header.js'
import { emptySchema, type SchemaIR } from '../schema/ir.js'
import { createOfflineDb } from './offline-db.js'
import { OfflineSink } from './offline-sink.js'
import { groupIntoUnits, type TransactionUnit } from './transaction-units.js'
import { VersionTable } from './version-table.js'

export interface OfflineSqlOptions {
  readonly dialect: Dialect
  /** The config's version table name and `transactionPerMigration`. */
  readonly config: { readonly versionTable: string; readonly transactionPerMigration: boolean }
  readonly steps: readonly MigrationStep[]
  readonly revisions: ReadonlyMap<string, RevisionHeader>
  /**
   * The upgrade steps from base to where `steps` start (a `FROM:TO` range
   * not starting at base). They are replayed without printing, so that the
   * simulated schema the printed ops are compiled against (SQLite rebuilds
   * read it) is the one at FROM.
   */
  readonly priorSteps?: readonly MigrationStep[]
  /** Starting from base: print the version table's creation too. */
  readonly fromBase: boolean
  readonly emit: (text: string) => void
  readonly load: RevisionLoader
}

/** What one migration prints: its statements, and comments around them. */
type Line = { readonly comment: string } | { readonly statement: string }

/**
 * The exact SQL an online run would execute, without a connection: the
 * version tables' creation from base; then per transaction (one per
 * migration, or one for the run with `transactionPerMigration: false`) the
 * dialect's offline hooks, `BEGIN`, each migration's statements (`op.db`
 * queries with their literals inlined), its version-table change and history
 * record, and `COMMIT`. A `transaction = false` revision prints without them.
 */
export async function printOfflineSql(options: OfflineSqlOptions): Promise<void> {
  const { dialect, emit } = options
  const versionTable = new VersionTable(dialect, options.config.versionTable)
  // One terminator, whatever the statement came with (`op.execute('…;')`).
  const statement = (text: string): void => emit(`${text.replace(/;\s*$/, '')};`)

  const loaded = await loadStepRevisions([...(options.priorSteps ?? []), ...options.steps], options.revisions, options.load)

  let schema: SchemaIR = emptySchema
  /** Run one migration's code against a sink that collects its statements; the simulated schema moves on. */
  const runMigration = async (step: MigrationStep, collect: (statement: string) => void): Promise<void> => {
    const { module } = loaded.get(step.revision)!
    let sink: OfflineSink | undefined
    // op.db's queries wait for the ops the sink holds back, so they print in the order they were written.
    const db: Kysely<any> | undefined =
      dialect.kyselyCompiler &&
      createOfflineDb(dialect.kyselyCompiler, async (query) => {
        await sink?.flush?.()
        collect(query)
      })
    sink = new OfflineSink(dialect, schema, collect, db)
    await (step.direction === 'up' ? module.upgrade : module.downgrade)(createOperations(sink))
    await sink.flush?.()
    schema = sink.simulatedSchema
  }

  for (const step of options.priorSteps ?? []) await runMigration(step, () => undefined)

  if (options.fromBase) for (const create of versionTable.createStatements()) statement(create)

  const bookkeeping = (step: MigrationStep): string[] => [
    ...step.removeVersions.map((id) => versionTable.deleteSql(id)),
    ...step.addVersions.map((id) => versionTable.insertSql(id)),
    versionTable.history.insertSql({ revision: step.revision, direction: step.direction, checksum: loaded.get(step.revision)!.checksum, durationMs: null }),
  ]
  const heading = (step: MigrationStep): string => {
    const { header } = loaded.get(step.revision)!
    return `-- ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${header.id}: ${header.message}`
  }

  const printUnit = async (unit: TransactionUnit): Promise<void> => {
    emit('')
    if (!unit.transactional) {
      const [step] = unit.steps
      emit(heading(step))
      emit('-- runs outside a transaction (export const transaction = false)')
      await runMigration(step, statement)
      // The version change still commits atomically, as online.
      for (const text of [dialect.beginSql, ...bookkeeping(step), 'COMMIT']) statement(text)
      return
    }
    const lines: Line[] = []
    for (const step of unit.steps) {
      if (unit.steps.length > 1) lines.push({ comment: '' }, { comment: heading(step) })
      await runMigration(step, (text) => lines.push({ statement: text }))
      lines.push(...bookkeeping(step).map((text) => ({ statement: text })))
    }
    const statements = lines.flatMap((line) => ('statement' in line ? [line.statement] : []))
    const hooks = dialect.offlineTransactionHooks
    emit(unit.steps.length > 1 ? `-- one transaction for ${unit.steps.length} migrations (transactionPerMigration: false)` : heading(unit.steps[0]))
    for (const text of hooks?.beforeBegin(statements) ?? []) statement(text)
    statement(dialect.beginSql)
    for (const line of lines) {
      if ('statement' in line) statement(line.statement)
      else emit(line.comment)
    }
    if (unit.steps.length > 1) emit('')
    for (const text of hooks?.beforeCommit(statements) ?? []) statement(text)
    statement('COMMIT')
    for (const text of hooks?.afterEnd(statements) ?? []) statement(text)
  }

  const isTransactional = (step: MigrationStep): boolean => loaded.get(step.revision)!.module.transaction
  for (const unit of groupIntoUnits(options.steps, isTransactional, options.config.transactionPerMigration)) await printUnit(unit)
}
