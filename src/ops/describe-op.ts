import { displayTableName } from '../schema/names.js'
import type { Op, OpKind, OpOfKind } from './op.js'

/**
 * An op in a few words, for messages: `addColumn parent.note`,
 * `addConstraint parent.ck_code`, `execute "UPDATE …"`.
 */
export function describeOp(op: Op): string {
  return `${op.kind} ${(objects[op.kind] as (op: Op) => string)(op)}`
}

const onTable = (op: { readonly table: { readonly schema?: string; readonly name: string } }, name: string): string =>
  `${displayTableName(op.table)}.${name}`
const enumName = (op: { readonly schema?: string; readonly name: string }): string => displayTableName(op)

const objects: { readonly [K in OpKind]: (op: OpOfKind<K>) => string } = {
  createTable: (op) => displayTableName(op.table),
  dropTable: (op) => displayTableName(op.table),
  renameTable: (op) => `${displayTableName(op.table)} → ${op.newName}`,
  addColumn: (op) => onTable(op, op.column.name),
  dropColumn: (op) => onTable(op, op.column),
  alterColumn: (op) => onTable(op, op.column),
  createIndex: (op) => onTable(op, op.index.name),
  dropIndex: (op) => onTable(op, op.name),
  renameIndex: (op) => `${onTable(op, op.name)} → ${op.newName}`,
  addConstraint: (op) => onTable(op, op.constraint.name),
  dropConstraint: (op) => onTable(op, op.name),
  renameConstraint: (op) => `${onTable(op, op.name)} → ${op.newName}`,
  createEnum: (op) => enumName(op.enum),
  dropEnum: enumName,
  addEnumValue: (op) => `${enumName(op)} '${op.value}'`,
  recreateEnum: enumName,
  setTableComment: (op) => displayTableName(op.table),
  execute: (op) => JSON.stringify(op.sql.length > 60 ? `${op.sql.slice(0, 57)}…` : op.sql),
}
