import type { ColumnIR, ConstraintIR, ForeignKeyIR, TableRef, UniqueIR } from '../schema/ir.js'
import { displayTableName } from '../schema/names.js'
import { columnStateOf, type AnyColumnBuilder, type ColumnState } from './column-builder.js'
import { isColumnRef } from './column-ref.js'
import { ModelError } from './model-error.js'
import { foreignKeyName, primaryKeyName, uniqueConstraintName } from './pg-names.js'

export function tableRef(name: string, schema: string | undefined): TableRef {
  return schema === undefined ? { name } : { schema, name }
}

export function referencesIR(target: TableRef, columns: readonly string[]): ForeignKeyIR['references'] {
  return target.schema === undefined
    ? { table: target.name, columns }
    : { schema: target.schema, table: target.name, columns }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** What makes a column's modifiers contradict each other, or null when nothing does. */
function modifierConflict(state: ColumnState): string | null {
  if (state.identity !== null && state.default !== null) return 'an identity column cannot have a default'
  if (state.generated !== null && state.default !== null) return 'a generated column cannot have a default'
  if (state.generated !== null && state.identity !== null) return 'a column cannot be both generated and identity'
  if (state.autoIncrement && state.identity !== null) return 'serial columns cannot also be identity columns'
  if (state.autoIncrement && state.default !== null) return 'serial columns cannot have a default'
  // Text types take a collation, and a custom one may (citext).
  if (state.collation !== undefined && !['text', 'varchar', 'char', 'custom'].includes(state.type.kind)) {
    return `a collation applies to text types only, not ${state.type.kind}`
  }
  return null
}

/** `tableName` is a TableRef when the display name is built only for an error (a schema has thousands of columns). */
export function checkModifiers(state: ColumnState, tableName: string | TableRef, name: string): void {
  const conflict = modifierConflict(state)
  if (conflict === null) return
  const display = typeof tableName === 'string' ? tableName : displayTableName(tableName)
  throw new ModelError(`table ${display}, column ${name}: ${conflict}`)
}

/** A ColumnIR of checked modifiers (`collation` only when stated); `nullable` is the caller's, as a primary key overrides the state. */
export function columnOfState(name: string, state: ColumnState, nullable: boolean): ColumnIR {
  const column: ColumnIR = {
    name,
    type: state.type,
    nullable,
    default: state.default,
    comment: state.comment,
    identity: state.identity,
    generated: state.generated,
    autoIncrement: state.autoIncrement,
  }
  const collated = state.collation === undefined ? column : { ...column, collation: state.collation }
  // A virtual generated column is rare: the common column keeps the one literal shape.
  return state.virtual === true && state.generated !== null ? { ...collated, virtual: true } : collated
}

/** The column itself: type, nullability, default and so on, without the constraints it implies. */
export function columnIR(name: string, builder: AnyColumnBuilder, tableName: string): ColumnIR {
  const state = columnStateOf(builder)
  checkModifiers(state, tableName, name)
  return columnOfState(name, state, !state.notNull)
}

/** An error about a column's `.references()`; its text is built only when thrown (a schema has thousands of references). */
function referenceError(table: TableRef, column: string, problem: string, options?: { cause: unknown }): ModelError {
  return new ModelError(`table ${displayTableName(table)}, column ${column}: ${problem}`, options)
}

export function columnForeignKey(table: TableRef, column: string, state: ColumnState): ForeignKeyIR | null {
  if (state.references === null) return null
  let target: unknown
  try {
    target = state.references.target()
  } catch (error) {
    throw referenceError(table, column, `the .references() target failed: ${errorText(error)}`, { cause: error })
  }
  if (!isColumnRef(target)) throw referenceError(table, column, '.references() must return a table column, like () => users.id')
  if (target.table === undefined) {
    throw referenceError(table, column, `.references() target ${target.name} names no table; use columnRef('${target.name}', 'table')`)
  }
  const { options } = state.references
  const columns = [column]
  return {
    name: options.name ?? foreignKeyName(table.name, columns),
    columns,
    references: referencesIR(target.table, [target.name]),
    onDelete: options.onDelete ?? 'no action',
    onUpdate: options.onUpdate ?? 'no action',
    deferrable: options.deferrable ?? null,
  }
}

export function columnUnique(table: TableRef, column: string, state: ColumnState): UniqueIR | null {
  if (state.unique === null) return null
  const columns = [column]
  const name = state.unique.name ?? uniqueConstraintName(table.name, columns)
  return state.unique.nullsNotDistinct === true ? { name, columns, nullsNotDistinct: true } : { name, columns }
}

/**
 * A standalone column (`op.addColumn(table, name, builder)`) as its ColumnIR
 * plus the constraints its modifiers imply (primary key, unique, foreign key).
 */
export function columnWithConstraints(
  table: TableRef,
  name: string,
  builder: AnyColumnBuilder,
): { readonly column: ColumnIR; readonly constraints: readonly ConstraintIR[] } {
  const column = columnIR(name, builder, displayTableName(table))
  const state = columnStateOf(builder)
  const constraints: ConstraintIR[] = []
  if (state.primaryKey) constraints.push({ type: 'primaryKey', name: primaryKeyName(table.name), columns: [name] })
  const uniqueIR = columnUnique(table, name, state)
  if (uniqueIR !== null) constraints.push({ type: 'unique', ...uniqueIR })
  const foreignKeyIR = columnForeignKey(table, name, state)
  if (foreignKeyIR !== null) constraints.push({ type: 'foreignKey', ...foreignKeyIR })
  return { column, constraints }
}
