import type { Kysely } from 'kysely'
import type { AnyColumnBuilder } from '../model/column-builder.js'
import type { IndexElementInput } from '../model/extras.js'
import type { SqlFragment } from '../model/sql.js'
import type { ColumnMap, TableColumns, TableExtras } from '../model/table.js'
import { recordingBatch, type BatchOperations } from './batch-operations.js'
import {
  addColumnOps,
  alterColumnOp,
  checkConstraintOp,
  createIndexOp,
  createTableOp,
  foreignKeyOp,
  OperationError,
  primaryKeyOp,
  renameOp,
  sqlText,
  tableRef as ref,
  uniqueConstraintOp,
  type AlterColumnOptions,
  type CreateIndexOptions,
  type ForeignKeyOptions,
  type SchemaOption,
  type UniqueConstraintOptions,
} from './build-ops.js'
import { opCallSite, type OpCallSite } from './call-site.js'
import type { Op } from './op.js'
import type { OpSink } from './op-sink.js'

export {
  OperationError,
  type AlterColumnOptions,
  type CreateIndexOptions,
  type ForeignKeyOptions,
  type SchemaOption,
  type UniqueConstraintOptions,
} from './build-ops.js'
export type { BatchOperations } from './batch-operations.js'

/**
 * The `op` of a revision file (Alembic's `op`). Each method builds an op and
 * hands it to the sink, which runs it inside the migration's transaction (or
 * prints it with `--sql`). Generated and hand-written revisions share this path.
 */
export interface Operations {
  /**
   * Kysely inside the migration's transaction, for data migrations. Its
   * queries run after every op written above them (on SQLite, table changes
   * held back to make one rebuild are carried out first).
   */
  readonly db: Kysely<any>
  createTable<TColumns extends ColumnMap>(
    name: string,
    columns: TColumns,
    extras?: (t: TableColumns<TColumns>) => TableExtras,
    options?: SchemaOption & { readonly comment?: string | null },
  ): Promise<void>
  dropTable(name: string, options?: SchemaOption): Promise<void>
  renameTable(name: string, newName: string, options?: SchemaOption): Promise<void>
  addColumn(table: string, name: string, column: AnyColumnBuilder, options?: SchemaOption): Promise<void>
  dropColumn(table: string, name: string, options?: SchemaOption): Promise<void>
  alterColumn(table: string, name: string, changes: AlterColumnOptions, options?: SchemaOption): Promise<void>
  createIndex(name: string, table: string, elements: readonly IndexElementInput[], options?: CreateIndexOptions): Promise<void>
  dropIndex(name: string, table: string, options?: SchemaOption): Promise<void>
  /** Rename an index in place (PostgreSQL `ALTER INDEX … RENAME`; SQLite builds it again under the new name). */
  renameIndex(table: string, name: string, newName: string, options?: SchemaOption): Promise<void>
  createUniqueConstraint(name: string, table: string, columns: readonly string[], options?: UniqueConstraintOptions): Promise<void>
  createForeignKey(
    name: string,
    table: string,
    referencedTable: string,
    columns: readonly string[],
    referencedColumns: readonly string[],
    options?: ForeignKeyOptions,
  ): Promise<void>
  createCheckConstraint(name: string, table: string, expression: SqlFragment | string, options?: SchemaOption): Promise<void>
  createPrimaryKey(name: string, table: string, columns: readonly string[], options?: SchemaOption): Promise<void>
  dropConstraint(name: string, table: string, options?: SchemaOption): Promise<void>
  /** Rename a constraint in place (PostgreSQL `ALTER TABLE … RENAME CONSTRAINT`; SQLite rebuilds the table). */
  renameConstraint(table: string, name: string, newName: string, options?: SchemaOption): Promise<void>
  /**
   * Several changes to one table as one step (Alembic's `batch_alter_table`):
   * on SQLite a single table rebuild (when any change needs one), on
   * PostgreSQL ordinary `ALTER TABLE`s. The ops run when `body` returns.
   *
   * ```ts
   * await op.batchAlterTable('users', (batch) => {
   *   batch.alterColumn('email', { type: varchar(320), nullable: false })
   *   batch.createCheckConstraint('ck_users_email', sql`email LIKE '%@%'`)
   *   batch.dropColumn('legacy')
   * })
   * ```
   */
  batchAlterTable(table: string, body: (batch: BatchOperations) => void | Promise<void>, options?: SchemaOption): Promise<void>
  createEnum(name: string, values: readonly string[], options?: SchemaOption): Promise<void>
  dropEnum(name: string, options?: SchemaOption): Promise<void>
  addEnumValue(name: string, value: string, options?: SchemaOption & { readonly before?: string; readonly after?: string }): Promise<void>
  /** Replace an enum's values (rebuilds the type; rows keep their values). */
  recreateEnum(name: string, values: readonly string[], options?: SchemaOption): Promise<void>
  setTableComment(table: string, comment: string | null, options?: SchemaOption): Promise<void>
  /** Run SQL as is: a string or `sql\`…\``. */
  execute(statement: SqlFragment | string): Promise<void>
}

const inSchema = (options: SchemaOption | undefined) => (options?.schema === undefined ? {} : { schema: options.schema })

/** The `op` object handed to `upgrade`/`downgrade`. Each call's site goes with its ops to the sink. */
export function createOperations(sink: OpSink): Operations {
  const run = (op: Op, site: OpCallSite) => sink.run(op, site)
  const runAll = async (ops: readonly Op[], site: OpCallSite) => {
    for (const op of ops) await run(op, site)
  }
  const at = opCallSite
  return {
    // A getter: offline `--sql` has no database, and says so only when a revision touches it.
    get db() {
      return sink.db
    },
    createTable: (name, columns, extras, options) => run(createTableOp(name, columns, extras, options), at('createTable', name)),
    dropTable: (name, options) => run({ kind: 'dropTable', table: ref(name, options) }, at('dropTable', name)),
    renameTable: (name, newName, options) => run({ kind: 'renameTable', table: ref(name, options), newName }, at('renameTable', name)),
    addColumn: async (table, name, builder, options) => runAll(addColumnOps(ref(table, options), name, builder), at('addColumn', table)),
    dropColumn: (table, name, options) => run({ kind: 'dropColumn', table: ref(table, options), column: name }, at('dropColumn', table)),
    alterColumn: async (table, name, changes, options) => run(alterColumnOp(ref(table, options), name, changes), at('alterColumn', table)),
    createIndex: async (name, table, elements, options) => run(createIndexOp(name, ref(table, options), elements, options), at('createIndex', name)),
    dropIndex: (name, table, options) => run({ kind: 'dropIndex', table: ref(table, options), name }, at('dropIndex', name)),
    renameIndex: (table, name, newName, options) => run(renameOp('renameIndex', ref(table, options), name, newName), at('renameIndex', table)),
    createUniqueConstraint: async (name, table, columns, options) =>
      run(uniqueConstraintOp(name, ref(table, options), columns, options), at('createUniqueConstraint', name)),
    createForeignKey: async (name, table, referencedTable, columns, referencedColumns, options) =>
      run(foreignKeyOp(name, ref(table, options), referencedTable, columns, referencedColumns, options), at('createForeignKey', name)),
    createCheckConstraint: async (name, table, expression, options) =>
      run(checkConstraintOp(name, ref(table, options), expression), at('createCheckConstraint', name)),
    createPrimaryKey: async (name, table, columns, options) => run(primaryKeyOp(name, ref(table, options), columns), at('createPrimaryKey', name)),
    dropConstraint: (name, table, options) => run({ kind: 'dropConstraint', table: ref(table, options), name }, at('dropConstraint', name)),
    renameConstraint: (table, name, newName, options) =>
      run(renameOp('renameConstraint', ref(table, options), name, newName), at('renameConstraint', table)),
    async batchAlterTable(table, body, options) {
      const site = at('batchAlterTable', table)
      const target = ref(table, options)
      if (typeof body !== 'function') throw new OperationError(`batchAlterTable ${table}: the second argument must be a function (batch) => { … }`)
      const ops: Op[] = []
      let open = true
      await body(
        recordingBatch(target, (op) => {
          if (!open) throw new OperationError(`batchAlterTable ${table}: the batch was used after its callback returned`)
          ops.push(op)
        }),
      )
      open = false
      await runAll(ops, site)
      // The batch ends here: its rebuild runs now, and a failure points at this call.
      await sink.flush?.()
    },
    createEnum: (name, values, options) => run({ kind: 'createEnum', enum: { ...inSchema(options), name, values } }, at('createEnum', name)),
    dropEnum: (name, options) => run({ kind: 'dropEnum', ...inSchema(options), name }, at('dropEnum', name)),
    addEnumValue: (name, value, options) =>
      run(
        {
          kind: 'addEnumValue',
          ...inSchema(options),
          name,
          value,
          ...(options?.before === undefined ? {} : { before: options.before }),
          ...(options?.after === undefined ? {} : { after: options.after }),
        },
        at('addEnumValue', name),
      ),
    recreateEnum: (name, values, options) => run({ kind: 'recreateEnum', ...inSchema(options), name, values }, at('recreateEnum', name)),
    setTableComment: (table, comment, options) => run({ kind: 'setTableComment', table: ref(table, options), comment }, at('setTableComment', table)),
    execute: async (statement) => {
      const text = sqlText(statement, 'execute')
      return run({ kind: 'execute', sql: text }, at('execute', text))
    },
  }
}
