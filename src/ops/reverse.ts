import { TsmigError } from '../errors.js'
import type { ColumnChanges, Op, OpKind, OpOfKind } from './op.js'

export class IrreversibleOpError extends TsmigError {}

function missingOld(op: Op, what: string): never {
  throw new IrreversibleOpError(
    `cannot reverse ${op.kind}: the old definition of ${what} is unknown (write the downgrade by hand)`,
  )
}

function reverseColumnChanges(op: OpOfKind<'alterColumn'>): ColumnChanges {
  const old = op.old ?? missingOld(op, `column ${op.table.name}.${op.column}`)
  const back: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {}
  const changes = op.changes
  if ('type' in changes) back.type = old.type
  if ('nullable' in changes) back.nullable = old.nullable
  if ('default' in changes) back.default = old.default
  if ('comment' in changes) back.comment = old.comment
  if ('identity' in changes) back.identity = old.identity
  if ('generated' in changes) back.generated = old.generated
  if ('virtual' in changes) back.virtual = old.virtual === true
  if ('autoIncrement' in changes) back.autoIncrement = old.autoIncrement
  if ('collation' in changes) back.collation = old.collation ?? null
  if (changes.newName !== undefined) back.newName = op.column
  return back
}

/**
 * The inverse of each op kind. Exhaustive: a new kind without an entry does
 * not compile. Drops need the old definition the comparator attaches.
 */
const reversers: { readonly [K in OpKind]: (op: OpOfKind<K>) => Op } = {
  createTable: (op) => ({ kind: 'dropTable', table: { schema: op.table.schema, name: op.table.name }, old: op.table }),
  dropTable: (op) => ({ kind: 'createTable', table: op.old ?? missingOld(op, `table ${op.table.name}`) }),
  renameTable: (op) => ({ kind: 'renameTable', table: { schema: op.table.schema, name: op.newName }, newName: op.table.name }),
  addColumn: (op) => ({ kind: 'dropColumn', table: op.table, column: op.column.name, old: op.column }),
  dropColumn: (op) => ({ kind: 'addColumn', table: op.table, column: op.old ?? missingOld(op, `column ${op.table.name}.${op.column}`) }),
  alterColumn: (op) => {
    const changes = reverseColumnChanges(op)
    const newName = op.changes.newName
    const after = { ...op.old!, ...op.changes, name: newName ?? op.column }
    delete (after as { newName?: string }).newName
    return { kind: 'alterColumn', table: op.table, column: newName ?? op.column, changes, old: after }
  },
  createIndex: (op) => ({ kind: 'dropIndex', table: op.table, name: op.index.name, old: op.index }),
  dropIndex: (op) => ({ kind: 'createIndex', table: op.table, index: op.old ?? missingOld(op, `index ${op.name}`) }),
  renameIndex: (op) => ({ kind: 'renameIndex', table: op.table, name: op.newName, newName: op.name }),
  addConstraint: (op) => ({ kind: 'dropConstraint', table: op.table, name: op.constraint.name, old: op.constraint }),
  dropConstraint: (op) => ({ kind: 'addConstraint', table: op.table, constraint: op.old ?? missingOld(op, `constraint ${op.name}`) }),
  renameConstraint: (op) => ({ kind: 'renameConstraint', table: op.table, name: op.newName, newName: op.name }),
  createEnum: (op) => ({ kind: 'dropEnum', schema: op.enum.schema, name: op.enum.name, old: op.enum }),
  dropEnum: (op) => ({ kind: 'createEnum', enum: op.old ?? missingOld(op, `enum ${op.name}`) }),
  addEnumValue: (op) => {
    const old = op.old ?? missingOld(op, `enum ${op.name}`)
    return { kind: 'recreateEnum', schema: op.schema, name: op.name, values: old.values, old: { ...old, values: insertValue(old.values, op) } }
  },
  recreateEnum: (op) => {
    const old = op.old ?? missingOld(op, `enum ${op.name}`)
    return { kind: 'recreateEnum', schema: op.schema, name: op.name, values: old.values, old: { ...old, values: op.values } }
  },
  setTableComment: (op) => {
    if (op.old === undefined) missingOld(op, `the comment of ${op.table.name}`)
    return { kind: 'setTableComment', table: op.table, comment: op.old, old: op.comment }
  },
  execute: (op) => {
    throw new IrreversibleOpError(`cannot reverse execute(${JSON.stringify(op.sql.slice(0, 60))}): write the downgrade by hand`)
  },
}

/** The value list after `addEnumValue` (PostgreSQL's placement rules). */
export function insertValue(values: readonly string[], op: OpOfKind<'addEnumValue'>): string[] {
  const result = [...values]
  const anchor = op.before ?? op.after
  const at = anchor === undefined ? -1 : result.indexOf(anchor)
  if (at < 0) result.push(op.value)
  else result.splice(op.before !== undefined ? at : at + 1, 0, op.value)
  return result
}

export function reverseOp(op: Op): Op {
  return (reversers[op.kind] as (op: Op) => Op)(op)
}

/** The downgrade of an upgrade: each op reversed, in reverse order. */
export function reverseOps(ops: readonly Op[]): Op[] {
  return [...ops].reverse().map(reverseOp)
}
