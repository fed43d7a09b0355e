import { isDeepStrictEqual } from 'node:util'
import type { OpKind, OpOfKind } from '../../../ops/op.js'
import { applyOpToTable } from '../../../ops/apply-op.js'
import type { TableIR } from '../../../schema/ir.js'
import { isConstantDefault } from '../normalize/normalize-expression.js'
import { normalizeTable } from '../normalize/normalize.js'
import { quoteSqliteIdentifier as q } from './quote.js'
import { renderColumn, renderCreateIndex } from './create-table-sql.js'
import type { TableBatchOp } from './table-batch-op.js'

type NativeCompiler<K extends OpKind> = (op: OpOfKind<K>, before: TableIR, after: TableIR) => string[] | null

/**
 * The statements that carry out a table op with SQLite's own `ALTER TABLE`
 * (rename or add or drop a plain column) or `CREATE`/`DROP INDEX`, or null
 * when the op needs a table rebuild. `before` and `after` are the table
 * around the op, normalized as SQLite reports it.
 */
export function nativeTableOp(op: TableBatchOp, before: TableIR, after: TableIR): string[] | null {
  return (nativeCompilers[op.kind] as NativeCompiler<TableBatchOp['kind']>)(op, before, after)
}

const unchangedOrRebuild = (_op: TableBatchOp, before: TableIR, after: TableIR): string[] | null =>
  isDeepStrictEqual(before, after) ? [] : null

const nativeCompilers: { readonly [K in TableBatchOp['kind']]: NativeCompiler<K> } = {
  addColumn: (op, before, after) => {
    const column = after.columns.find((c) => c.name === op.column.name)!
    // SQLite's ADD COLUMN refuses generated STORED columns (VIRTUAL ones it takes), key columns, a
    // non-constant default, and NOT NULL without a default.
    const native =
      (column.generated === null || column.virtual === true) &&
      !column.autoIncrement &&
      !(after.primaryKey?.columns.includes(column.name) ?? false) &&
      isConstantDefault(column.default) &&
      (column.nullable || column.default !== null)
    if (!native) return null
    // The CHECK an enum column brings goes on the column: ADD COLUMN cannot add table constraints.
    const checks = after.checks.filter((c) => !before.checks.some((old) => old.name === c.name))
    return [`ALTER TABLE ${q(before.name)} ADD COLUMN ${renderColumn(column, { checks })}`]
  },
  dropColumn: (op, before, after) => {
    // Native DROP COLUMN works when nothing else in the table uses the column.
    const onlyTheColumn = isDeepStrictEqual({ ...before, columns: before.columns.filter((c) => c.name !== op.column) }, after)
    return onlyTheColumn ? [`ALTER TABLE ${q(before.name)} DROP COLUMN ${q(op.column)}`] : null
  },
  alterColumn: (op, before, after) => {
    if (isDeepStrictEqual(before, after)) return [] // e.g. a comment change: SQLite has none
    const newName = op.changes.newName
    if (newName === undefined || newName === op.column) return null
    const renamedOnly = normalizeTable(applyOpToTable(before, { ...op, changes: { newName } }))
    if (!isDeepStrictEqual(renamedOnly, after)) return null
    return [`ALTER TABLE ${q(before.name)} RENAME COLUMN ${q(op.column)} TO ${q(newName)}`]
  },
  createIndex: (op, before, after) => [renderCreateIndex(before.name, after.indexes.find((i) => i.name === op.index.name)!)],
  dropIndex: (op) => [`DROP INDEX ${q(op.name)}`],
  // SQLite has no ALTER INDEX: the index is built again under its new name (the table stays).
  renameIndex: (op, before, after) => [`DROP INDEX ${q(op.name)}`, renderCreateIndex(before.name, after.indexes.find((i) => i.name === op.newName)!)],
  addConstraint: unchangedOrRebuild,
  dropConstraint: unchangedOrRebuild,
  // A constraint's name is text in CREATE TABLE: a new one takes a rebuild.
  renameConstraint: unchangedOrRebuild,
  setTableComment: () => [],
}
