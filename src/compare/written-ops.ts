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
  // A table renamed, or with columns renamed, is compared with the renames applied to the
  // database's expressions; its own text still names the old names, which a downgrade running
  // before the reverse rename could not use. Such tables keep the compared text.
  const renamed = (table: TableRef): boolean => renames.tables.has(tableKey(table)) || renames.columns.has(tableKey(table))
  const database = new WrittenText({ ...written.database, tables: written.database.tables.filter((t) => !renamed(t)) })
  return changes.map((change) => {
    const op = withWrittenOp(change.op, model, database)
    return op === change.op ? change : { ...change, op }
  })
}

function withWrittenOp(op: Op, model: WrittenText, database: WrittenText): Op {
  switch (op.kind) {
    case 'createTable':
      return { ...op, table: writtenTable(op.table, model.table(op.table)) }
    case 'dropTable':
      return op.old === undefined ? op : { ...op, old: writtenTable(op.old, database.table(op.table)) }
    case 'addColumn':
      return { ...op, column: writtenColumn(op.column, model.column(op.table, op.column.name)) }
    case 'dropColumn':
      return op.old === undefined ? op : { ...op, old: writtenColumn(op.old, database.column(op.table, op.column)) }
    case 'alterColumn': {
      const target = model.column(op.table, op.changes.newName ?? op.column)
      const changes: ColumnChanges = {
        ...op.changes,
        ...(op.changes.default == null ? {} : { default: target?.default ?? op.changes.default }),
        ...(op.changes.generated == null ? {} : { generated: target?.generated ?? op.changes.generated }),
      }
      const old = op.old === undefined ? undefined : writtenColumn(op.old, database.column(op.table, op.column))
      return { ...op, changes, ...(old === undefined ? {} : { old }) }
    }
    case 'createIndex':
      return { ...op, index: writtenIndex(op.index, model.index(op.table, op.index.name)) }
    case 'dropIndex':
      return op.old === undefined ? op : { ...op, old: writtenIndex(op.old, database.index(op.table, op.name)) }
    case 'addConstraint':
      return op.constraint.type !== 'check' ? op : { ...op, constraint: writtenCheck(op.constraint, model.check(op.table, op.constraint.name)) }
    case 'dropConstraint':
      return op.old?.type !== 'check' ? op : { ...op, old: writtenCheck(op.old, database.check(op.table, op.name)) }
    default:
      // Renames, enums, comments, execute: no expression text.
      return op
  }
}
