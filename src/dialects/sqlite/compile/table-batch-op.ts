import type { RenameTableOp, Op, OpKind } from '../../../ops/op.js'
import type { TableOp } from '../../../ops/apply-op.js'
import type { TableRef } from '../../../schema/ir.js'

/** The ops that change one table in place and may share a rebuild with their neighbours. */
export type TableBatchOp = Exclude<TableOp, RenameTableOp>

/**
 * Which ops join a batch. A rename stays alone: ops after it name the table
 * by its new name, and a rebuild never needs it. Exhaustive: a new op kind
 * must say whether it joins.
 */
const joinsBatch: { readonly [K in OpKind]: boolean } = {
  createTable: false,
  dropTable: false,
  renameTable: false,
  addColumn: true,
  dropColumn: true,
  alterColumn: true,
  createIndex: true,
  dropIndex: true,
  renameIndex: true,
  addConstraint: true,
  dropConstraint: true,
  renameConstraint: true,
  createEnum: false,
  dropEnum: false,
  addEnumValue: false,
  recreateEnum: false,
  setTableComment: true,
  execute: false,
}

export function isTableBatchOp(op: Op): op is TableBatchOp {
  return joinsBatch[op.kind]
}

/** `OpBatching.batchTable` of SQLite: the table of an op that may share a rebuild. */
export function sqliteBatchTable(op: Op): TableRef | undefined {
  return isTableBatchOp(op) ? op.table : undefined
}
