import type { CompileContext } from '../../dialect.js'
import type { Op, OpKind, OpOfKind } from '../../../ops/op.js'
import type { TableIR } from '../../../schema/ir.js'
import { compileAlterColumn } from './compile-alter-column.js'
import { compileColumnComment, compileTableComment } from './compile-comment.js'
import { compileColumnDefinition } from './compile-column.js'
import { compileConstraintDefinition, compilePrimaryKeyDefinition } from './compile-constraint.js'
import { compileCreateIndex } from './compile-index.js'
import { compileRecreateEnum } from './compile-recreate-enum.js'
import { quoteIdentifier, quoteLiteral, quoteQualified, quoteTable } from './quote.js'
import { requireVirtualGeneratedColumns } from '../server-version.js'

type OpCompiler<K extends OpKind> = (op: OpOfKind<K>, ctx: CompileContext) => string[] | Promise<string[]>

/** One compiler per op kind: a kind added to `Op` and forgotten here fails to typecheck. */
const compilers: { readonly [K in OpKind]: OpCompiler<K> } = {
  createTable: async (op, ctx) => {
    requireVirtualGeneratedColumns(op.table, op.table.columns, await ctx.serverVersion?.())
    return [...ensureSchema(op.table.schema), ...compileCreateTable(op.table)]
  },
  dropTable: (op) => [`DROP TABLE ${quoteTable(op.table)}`],
  renameTable: (op) => [`ALTER TABLE ${quoteTable(op.table)} RENAME TO ${quoteIdentifier(op.newName)}`],
  addColumn: async (op, ctx) => {
    requireVirtualGeneratedColumns(op.table, [op.column], await ctx.serverVersion?.())
    const statements = [`ALTER TABLE ${quoteTable(op.table)} ADD COLUMN ${compileColumnDefinition(op.table, op.column)}`]
    if (op.column.comment !== null) statements.push(compileColumnComment(op.table, op.column.name, op.column.comment))
    return statements
  },
  dropColumn: (op) => [`ALTER TABLE ${quoteTable(op.table)} DROP COLUMN ${quoteIdentifier(op.column)}`],
  alterColumn: (op, ctx) => compileAlterColumn(op, ctx),
  createIndex: (op) => [compileCreateIndex(op.table, op.index)],
  // An index lives in its table's schema, so that is where DROP INDEX looks for it.
  dropIndex: (op) => [`DROP INDEX ${quoteQualified(op.table.schema, op.name)}`],
  // ALTER INDEX keeps the index itself (its storage, its parameters): only the name changes.
  renameIndex: (op) => [`ALTER INDEX ${quoteQualified(op.table.schema, op.name)} RENAME TO ${quoteIdentifier(op.newName)}`],
  addConstraint: (op) => [`ALTER TABLE ${quoteTable(op.table)} ADD ${compileConstraintDefinition(op.constraint)}`],
  dropConstraint: (op) => [`ALTER TABLE ${quoteTable(op.table)} DROP CONSTRAINT ${quoteIdentifier(op.name)}`],
  // Renames the constraint's index too (a primary key or unique constraint), which stays as it is.
  renameConstraint: (op) => [`ALTER TABLE ${quoteTable(op.table)} RENAME CONSTRAINT ${quoteIdentifier(op.name)} TO ${quoteIdentifier(op.newName)}`],
  createEnum: (op) => [
    ...ensureSchema(op.enum.schema),
    `CREATE TYPE ${quoteQualified(op.enum.schema, op.enum.name)} AS ENUM (${op.enum.values.map(quoteLiteral).join(', ')})`,
  ],
  dropEnum: (op) => [`DROP TYPE ${quoteQualified(op.schema, op.name)}`],
  addEnumValue: (op) => {
    const position =
      op.before !== undefined ? ` BEFORE ${quoteLiteral(op.before)}` : op.after !== undefined ? ` AFTER ${quoteLiteral(op.after)}` : ''
    return [`ALTER TYPE ${quoteQualified(op.schema, op.name)} ADD VALUE ${quoteLiteral(op.value)}${position}`]
  },
  recreateEnum: (op) => compileRecreateEnum(op),
  setTableComment: (op) => [compileTableComment(op.table, op.comment)],
  execute: (op) => [op.sql],
}

/**
 * The PostgreSQL statements, in order and without trailing semicolons, that
 * carry out one op. `ctx` supplies the current table when the op does not
 * carry the old column definition that an ALTER needs.
 */
export async function compilePostgresOp(op: Op, ctx: CompileContext): Promise<readonly string[]> {
  // TypeScript cannot correlate `op` with the compiler picked by `op.kind`; the mapped type above guarantees it.
  const compiler = compilers[op.kind] as OpCompiler<OpKind>
  return compiler(op as never, ctx)
}

/**
 * A table or type in a named schema creates that schema when it is missing:
 * the model names it, so the revision must be able to run on an empty
 * database. Idempotent, and left in place on downgrade (other objects may live there).
 */
function ensureSchema(schema: string | undefined): string[] {
  return schema === undefined ? [] : [`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`]
}

/** CREATE TABLE with constraints inline, then its indexes and comments. */
function compileCreateTable(table: TableIR): string[] {
  const elements = table.columns.map((column) => compileColumnDefinition(table, column))
  if (table.primaryKey !== null) elements.push(compilePrimaryKeyDefinition(table.primaryKey.name, table.primaryKey.columns))
  for (const unique of table.uniques) elements.push(compileConstraintDefinition({ type: 'unique', ...unique }))
  for (const check of table.checks) elements.push(compileConstraintDefinition({ type: 'check', ...check }))
  for (const fk of table.foreignKeys) elements.push(compileConstraintDefinition({ type: 'foreignKey', ...fk }))

  const statements = [`CREATE TABLE ${quoteTable(table)} (\n  ${elements.join(',\n  ')}\n)`]
  for (const index of table.indexes) statements.push(compileCreateIndex(table, index))
  if (table.comment !== null) statements.push(compileTableComment(table, table.comment))
  for (const column of table.columns) {
    if (column.comment !== null) statements.push(compileColumnComment(table, column.name, column.comment))
  }
  return statements
}
