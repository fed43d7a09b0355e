import type { CompileContext } from '../../dialect.js'
import type { Op, OpKind, OpOfKind } from '../../../ops/op.js'
import type { TableRef } from '../../../schema/ir.js'
import { compileTableBatch } from './compile-table-batch.js'
import { normalizeTable, requireMainSchema } from '../normalize/normalize.js'
import { quoteSqliteIdentifier as q } from './quote.js'
import { renderCreateIndex, renderCreateTable } from './create-table-sql.js'

type Compiler<K extends OpKind> = (op: OpOfKind<K>, ctx: CompileContext) => Promise<readonly string[]>

/**
 * SQL for one op on SQLite. What `ALTER TABLE` can do (rename a table or
 * column, add or drop a plain column) is done natively; everything else
 * (column type, nullability, default, generated; any constraint) rebuilds the
 * table (see `compileTableBatch`, which also merges consecutive ops on one
 * table into a single rebuild). Enum and comment ops compile to nothing:
 * enums are text with a CHECK here, and SQLite has no comments.
 */
export function compileSqliteOp(op: Op, ctx: CompileContext): Promise<readonly string[]> {
  return (compilers[op.kind] as (op: Op, ctx: CompileContext) => Promise<readonly string[]>)(op, ctx)
}

const none = async (): Promise<readonly string[]> => []
const alone = (op: Op, ctx: CompileContext): Promise<readonly string[]> => compileTableBatch([op], ctx)

const compilers: { readonly [K in OpKind]: Compiler<K> } = {
  createTable: async (op) => {
    const table = normalizeTable(op.table)
    const statements = [renderCreateTable(table)]
    for (let i = 0; i < table.indexes.length; i++) statements.push(renderCreateIndex(table.name, table.indexes[i]))
    return statements
  },
  dropTable: async (op) => [`DROP TABLE ${tableName(op.table)}`],
  renameTable: async (op) => [`ALTER TABLE ${tableName(op.table)} RENAME TO ${q(op.newName)}`],
  addColumn: alone,
  dropColumn: alone,
  alterColumn: alone,
  createIndex: alone,
  dropIndex: alone,
  renameIndex: alone,
  addConstraint: alone,
  dropConstraint: alone,
  renameConstraint: alone,
  createEnum: none,
  dropEnum: none,
  addEnumValue: none,
  recreateEnum: none,
  setTableComment: alone,
  execute: async (op) => [op.sql],
}

function tableName(ref: TableRef): string {
  requireMainSchema(ref)
  return q(ref.name)
}
