import type { CompileContext } from '../../dialect.js'
import type { AlterColumnOp } from '../../../ops/op.js'
import type { ColumnIR, TableIR } from '../../../schema/ir.js'
import { displayTableName } from '../../../schema/names.js'
import { TsmigError } from '../../../errors.js'
import { compileColumnComment } from './compile-comment.js'
import { compileColumnDefinition } from './compile-column.js'
import { compileConstraintDefinition, compilePrimaryKeyDefinition } from './compile-constraint.js'
import { compileCreateIndex } from './compile-index.js'
import { quoteIdentifier, quoteTable } from './quote.js'
import { SqlLexError, tokenizeSql } from '../expression/sql-tokens.js'

/** `server_version_num` of the first release with `ALTER COLUMN … SET EXPRESSION` (PostgreSQL 17). */
export const SET_EXPRESSION_SINCE = 170000

/**
 * Can the server change this column's generation expression in place? Only
 * PostgreSQL 17+ can (`SET EXPRESSION`), and only on a column that is
 * generated already; without a known server version (`--sql`), no.
 */
export function changesExpressionInPlace(old: ColumnIR | undefined, serverVersion: number | undefined): boolean {
  return old?.generated != null && serverVersion !== undefined && serverVersion >= SET_EXPRESSION_SINCE
}

/**
 * A new generation expression on PostgreSQL: `SET EXPRESSION` where the
 * server has it. Elsewhere the column is dropped and added again with the
 * new expression and every other change of the op — its values are derived
 * from other columns, so nothing is lost — and the indexes and constraints
 * that `DROP COLUMN` took with it are created again as they were.
 */
export async function compileReplaceGeneratedColumn(op: AlterColumnOp, old: ColumnIR | undefined, ctx: CompileContext): Promise<string[]> {
  const { table, column, changes } = op
  const current = await ctx.currentTable(table)
  const before = old ?? current?.columns.find((c) => c.name === column)
  if (before === undefined) {
    throw new TsmigError(`cannot change the generated expression of ${displayTableName(table)}.${column}: the column is unknown`)
  }
  const { newName: _newName, ...rest } = changes
  // A generated column has no default or identity of its own.
  const replacement: ColumnIR = { ...before, ...rest, name: column, default: null, identity: null, autoIncrement: false }
  const statements = [
    `ALTER TABLE ${quoteTable(table)} DROP COLUMN ${quoteIdentifier(column)}`,
    `ALTER TABLE ${quoteTable(table)} ADD COLUMN ${compileColumnDefinition(table, replacement)}`,
  ]
  if (replacement.comment !== null) statements.push(compileColumnComment(table, column, replacement.comment))
  if (current !== undefined) statements.push(...recreateDependents(current, column))
  if (changes.newName !== undefined && changes.newName !== column) {
    statements.push(`ALTER TABLE ${quoteTable(table)} RENAME COLUMN ${quoteIdentifier(column)} TO ${quoteIdentifier(changes.newName)}`)
  }
  return statements
}

export function setExpression(op: AlterColumnOp, expression: string): string {
  return `ALTER TABLE ${quoteTable(op.table)} ALTER COLUMN ${quoteIdentifier(op.column)} SET EXPRESSION AS (${expression})`
}

/** Does the expression name the column? By token, so a string or a longer name never counts. */
function mentions(expression: string | null, column: string): boolean {
  if (expression === null) return false
  try {
    return tokenizeSql(expression).some((t) => (t.kind === 'word' || t.kind === 'qident') && t.value === column)
  } catch (error) {
    // Text that does not lex: assume it does, so the object is not lost.
    if (error instanceof SqlLexError) return true
    throw error
  }
}

/** The indexes and constraints of `table` that use `column`, as statements that create them. */
function recreateDependents(table: TableIR, column: string): string[] {
  const statements: string[] = []
  const add = (definition: string) => statements.push(`ALTER TABLE ${quoteTable(table)} ADD ${definition}`)
  if (table.primaryKey !== null && table.primaryKey.columns.includes(column)) add(compilePrimaryKeyDefinition(table.primaryKey.name, table.primaryKey.columns))
  for (const unique of table.uniques) if (unique.columns.includes(column)) add(compileConstraintDefinition({ type: 'unique', ...unique }))
  for (const check of table.checks) if (mentions(check.expression, column)) add(compileConstraintDefinition({ type: 'check', ...check }))
  for (const fk of table.foreignKeys) if (fk.columns.includes(column)) add(compileConstraintDefinition({ type: 'foreignKey', ...fk }))
  for (const index of table.indexes) {
    const uses =
      index.include.includes(column) ||
      mentions(index.where, column) ||
      index.elements.some((e) => ('column' in e ? e.column === column : mentions(e.expression, column)))
    if (uses) statements.push(compileCreateIndex(table, index))
  }
  return statements
}
