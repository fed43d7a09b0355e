import type { ResolvedConfig } from '../config/load-config.js'
import type { Dialect } from '../dialects/dialect.js'
import { createOperations } from '../ops/operations.js'
import type { MigrationStep } from '../revisions/plan.js'
import { loadRevisionModule } from '../revisions/load-revision.js'
import type { RevisionHeader } from '../revisions/revision-header.js'
import { emptySchema, type SchemaIR } from '../schema/ir.js'
import { OfflineSink } from './offline-sink.js'
import { VersionTable } from './version-table.js'

export interface OfflineSqlOptions {
  readonly dialect: Dialect
  readonly config: ResolvedConfig
  readonly steps: readonly MigrationStep[]
  readonly revisions: ReadonlyMap<string, RevisionHeader>
  /** Starting from base: print the version table's creation too. */
  readonly fromBase: boolean
  readonly emit: (text: string) => void
}

/**
 * The exact SQL an online run would execute, without a connection: the
 * version table's creation from base, and per revision `BEGIN`, its
 * statements, the version-table change and `COMMIT`.
 */
export async function printOfflineSql(options: OfflineSqlOptions): Promise<void> {
  const { dialect, emit } = options
  const versionTable = new VersionTable(dialect, options.config.versionTable)
  const statement = (text: string): void => emit(`${text};`)
  if (options.fromBase) statement(versionTable.createSql())
  let schema: SchemaIR = emptySchema
  for (const step of options.steps) {
    const header = options.revisions.get(step.revision)!
    const module = await loadRevisionModule(header)
    const sink = new OfflineSink(dialect, schema, statement)
    emit('')
    emit(`-- ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${header.id}: ${header.message}`)
    if (module.transaction) statement(dialect.beginSql)
    await (step.direction === 'up' ? module.upgrade : module.downgrade)(createOperations(sink))
    for (const id of step.removeVersions) statement(versionTable.deleteSql(id))
    for (const id of step.addVersions) statement(versionTable.insertSql(id))
    if (module.transaction) statement('COMMIT')
    schema = sink.simulatedSchema
  }
}
