import type { ColumnChanges, Op } from '../ops/op.js'
import type { SchemaIR, TableRef } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'
import { WrittenText, writtenCheck, writtenColumn, writtenIndex, writtenTable } from '../schema/written-text.js'
import type { Change } from './change.js'
import type { RenameHints } from './compare-schema.js'

/** Both sides of a comparison with their own expression texts (see `src/schema/written-text.ts`). */
export interface WrittenSchemas {
  /** The database as it reported itself. */
  readonly database: SchemaIR
  /** The model as its author wrote it. */
  readonly model: SchemaIR
}

/**
 * The changes of a comparison made on normalized schemas, with each op
 * carrying the written text instead: what an upgrade creates or sets comes
 * from the model, what it drops (`old`, which the generated downgrade writes
 * back) from the database. So a revision says `now()` where the model does,
 * and `downgrade` restores the database's own text exactly.
 */
export function withWrittenText(changes: readonly Change[], written: WrittenSchemas, renames: RenameHints): Change[] {
  const model = new WrittenText(written.model)
  const database = new WrittenText(written.database)
  // Ops on a renamed table name it by its new name; the database knows it by the old one.
  const oldRefs = new Map<string, TableRef>()
  for (const table of written.database.tables) {
    const newName = renames.tables.get(tableKey(table))
    if (newName !== undefined) oldRefs.set(tableKey({ schema: table.schema, name: newName }), table)
  }
  const inDatabase = (ref: TableRef): TableRef => oldRefs.get(tableKey(ref)) ?? ref
  return changes.map((change) => {
    const op = withWrittenOp(change.op, model, database, inDatabase)
    return op === change.op ? change : { ...change, op }
  })
}

function withWrittenOp(op: Op, model: WrittenText, database: WrittenText, inDatabase: (ref: TableRef) => TableRef): Op {
  switch (op.kind) {
    case 'createTable':
      return { ...op, table: writtenTable(op.table, model.table(op.table)) }
    case 'dropTable':
      return op.old === undefined ? op : { ...op, old: writtenTable(op.old, database.table(op.table)) }
    case 'addColumn':
      return { ...op, column: writtenColumn(op.column, model.column(op.table, op.column.name)) }
    case 'dropColumn':
      return op.old === undefined ? op : { ...op, old: writtenColumn(op.old, database.column(inDatabase(op.table), op.column)) }
    case 'alterColumn': {
      const target = model.column(op.table, op.changes.newName ?? op.column)
      const changes: ColumnChanges = {
        ...op.changes,
        ...(op.changes.default == null ? {} : { default: target?.default ?? op.changes.default }),
        ...(op.changes.generated == null ? {} : { generated: target?.generated ?? op.changes.generated }),
      }
      const old = op.old === undefined ? undefined : writtenColumn(op.old, database.column(inDatabase(op.table), op.column))
      return { ...op, changes, ...(old === undefined ? {} : { old }) }
    }
    case 'createIndex':
      return { ...op, index: writtenIndex(op.index, model.index(op.table, op.index.name)) }
    case 'dropIndex':
      return op.old === undefined ? op : { ...op, old: writtenIndex(op.old, database.index(inDatabase(op.table), op.name)) }
    case 'addConstraint':
      return op.constraint.type !== 'check' ? op : { ...op, constraint: writtenCheck(op.constraint, model.check(op.table, op.constraint.name)) }
    case 'dropConstraint':
      return op.old?.type !== 'check' ? op : { ...op, old: writtenCheck(op.old, database.check(inDatabase(op.table), op.name)) }
    default:
      // Renames, enums, comments, execute: no expression text.
      return op
  }
}
