import type { AnyColumnBuilder } from '../model/column-builder.js'
import type { IndexElementInput } from '../model/extras.js'
import type { SqlFragment } from '../model/sql.js'
import type { TableRef } from '../schema/ir.js'
import {
  addColumnOps,
  alterColumnOp,
  checkConstraintOp,
  createIndexOp,
  foreignKeyOp,
  primaryKeyOp,
  renameOp,
  uniqueConstraintOp,
  type AlterColumnOptions,
  type CreateIndexOptions,
  type ForeignKeyOptions,
  type UniqueConstraintOptions,
} from './build-ops.js'
import type { Op } from './op.js'

/**
 * The `batch` of `op.batchAlterTable(table, (batch) => { … })` (Alembic's
 * `batch_alter_table`): the table-changing methods of `op`, without the table
 * argument. Each call records an op; when the callback returns they run in
 * order, as ONE table rebuild on SQLite (where one is needed at all) and as
 * ordinary `ALTER TABLE` statements on PostgreSQL.
 */
export interface BatchOperations {
  addColumn(name: string, column: AnyColumnBuilder): void
  dropColumn(name: string): void
  alterColumn(name: string, changes: AlterColumnOptions): void
  createIndex(name: string, elements: readonly IndexElementInput[], options?: Omit<CreateIndexOptions, 'schema'>): void
  dropIndex(name: string): void
  renameIndex(name: string, newName: string): void
  createUniqueConstraint(name: string, columns: readonly string[], options?: Omit<UniqueConstraintOptions, 'schema'>): void
  createForeignKey(
    name: string,
    referencedTable: string,
    columns: readonly string[],
    referencedColumns: readonly string[],
    options?: Omit<ForeignKeyOptions, 'schema'>,
  ): void
  createCheckConstraint(name: string, expression: SqlFragment | string): void
  createPrimaryKey(name: string, columns: readonly string[]): void
  dropConstraint(name: string): void
  renameConstraint(name: string, newName: string): void
}

/** A `batch` whose methods hand their ops, built and checked at once, to `record`. */
export function recordingBatch(target: TableRef, record: (op: Op) => void): BatchOperations {
  return {
    addColumn: (name, column) => addColumnOps(target, name, column).forEach(record),
    dropColumn: (name) => record({ kind: 'dropColumn', table: target, column: name }),
    alterColumn: (name, changes) => record(alterColumnOp(target, name, changes)),
    createIndex: (name, elements, options) => record(createIndexOp(name, target, elements, options)),
    dropIndex: (name) => record({ kind: 'dropIndex', table: target, name }),
    renameIndex: (name, newName) => record(renameOp('renameIndex', target, name, newName)),
    createUniqueConstraint: (name, columns, options) => record(uniqueConstraintOp(name, target, columns, options)),
    createForeignKey: (name, referencedTable, columns, referencedColumns, options) =>
      record(foreignKeyOp(name, target, referencedTable, columns, referencedColumns, options)),
    createCheckConstraint: (name, expression) => record(checkConstraintOp(name, target, expression)),
    createPrimaryKey: (name, columns) => record(primaryKeyOp(name, target, columns)),
    dropConstraint: (name) => record({ kind: 'dropConstraint', table: target, name }),
    renameConstraint: (name, newName) => record(renameOp('renameConstraint', target, name, newName)),
  }
}
