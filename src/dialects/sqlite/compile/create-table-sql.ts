import type { CheckIR, ColumnIR, ForeignKeyIR, IndexIR, ReferentialAction, TableIR } from '../../../schema/ir.js'
import { renderSqliteType } from '../normalize/column-type.js'
import { isLiteralDefault } from '../normalize/normalize-expression.js'
import { quoteSqliteIdentifier as q } from './quote.js'

/**
 * DDL text for a normalized table. Every constraint is written with
 * `CONSTRAINT "name"` so that introspection reads the same names back.
 */

/** What the IR does not carry but a rebuild keeps from the stored table. */
export interface TableExtras {
  readonly withoutRowid?: boolean
  readonly strict?: boolean
}

/** The single-column primary key written on its column: needed for AUTOINCREMENT. */
function inlinePrimaryKey(table: TableIR): string | null {
  const pk = table.primaryKey
  if (pk === null || pk.columns.length !== 1) return null
  for (let i = 0; i < table.columns.length; i++) {
    const column = table.columns[i]
    if (column.name === pk.columns[0]) return column.autoIncrement ? column.name : null
  }
  return null
}

// The renderers below use indexed loops and append to strings rather than
// `map` callbacks and option objects: a migration renders every table once,
// mostly before V8 has optimized anything.

export function renderCreateTable(table: TableIR, extras: TableExtras = {}, createAs: string = table.name): string {
  const inlinePk = inlinePrimaryKey(table)
  const lines: string[] = []
  for (let i = 0; i < table.columns.length; i++) {
    const column = table.columns[i]
    const primaryKeyName = column.name === inlinePk ? table.primaryKey!.name ?? `${table.name}_pkey` : null
    lines.push(columnDefinition(column, primaryKeyName, column.collation ?? null, noChecks))
  }
  if (table.primaryKey !== null && inlinePk === null) {
    lines.push(`${constraintName(table.primaryKey.name)}PRIMARY KEY (${columnList(table.primaryKey.columns)})`)
  }
  for (let i = 0; i < table.uniques.length; i++) {
    const unique = table.uniques[i]
    lines.push(`${constraintName(unique.name)}UNIQUE (${columnList(unique.columns)})`)
  }
  for (let i = 0; i < table.checks.length; i++) lines.push(renderCheck(table.checks[i]))
  for (let i = 0; i < table.foreignKeys.length; i++) {
    const fk = table.foreignKeys[i]
    lines.push(`${constraintName(fk.name)}FOREIGN KEY (${columnList(fk.columns)}) ${renderReferences(fk)}`)
  }
  return `CREATE TABLE ${q(createAs)} (\n  ${lines.join(',\n  ')}\n)${tableOptions(extras)}`
}

/** ` WITHOUT ROWID, STRICT`, either, or nothing. */
function tableOptions(extras: TableExtras): string {
  if (extras.withoutRowid) return extras.strict ? ' WITHOUT ROWID, STRICT' : ' WITHOUT ROWID'
  return extras.strict ? ' STRICT' : ''
}

export interface ColumnOptions {
  /** Write `CONSTRAINT "<name>" PRIMARY KEY [AUTOINCREMENT]` on the column. */
  readonly primaryKeyName?: string | null
  readonly collate?: string | null
  /** CHECKs written on the column (`ADD COLUMN` cannot add table constraints). */
  readonly checks?: readonly CheckIR[]
}

const noChecks: readonly CheckIR[] = []

export function renderColumn(column: ColumnIR, options: ColumnOptions = {}): string {
  return columnDefinition(column, options.primaryKeyName ?? null, options.collate ?? column.collation ?? null, options.checks ?? noChecks)
}

function columnDefinition(column: ColumnIR, primaryKeyName: string | null, collate: string | null, checks: readonly CheckIR[]): string {
  let text = q(column.name)
  const type = renderSqliteType(column.type)
  if (type !== '') text += ` ${type}`
  if (!column.nullable) text += ' NOT NULL'
  if (primaryKeyName !== null) text += ` CONSTRAINT ${q(primaryKeyName)} PRIMARY KEY${column.autoIncrement ? ' AUTOINCREMENT' : ''}`
  if (column.default !== null) text += ` DEFAULT ${renderDefault(column.default)}`
  if (column.generated !== null) text += ` GENERATED ALWAYS AS (${column.generated}) ${column.virtual === true ? 'VIRTUAL' : 'STORED'}`
  if (collate !== null) text += ` COLLATE ${q(collate)}`
  for (let i = 0; i < checks.length; i++) text += ` ${renderCheck(checks[i])}`
  return text
}

/** A literal as written; anything else in parentheses, as SQLite requires. */
export function renderDefault(text: string): string {
  return isLiteralDefault(text) ? text : `(${text})`
}

function renderCheck(check: CheckIR): string {
  return `${constraintName(check.name)}CHECK (${check.expression})`
}

function renderReferences(fk: ForeignKeyIR): string {
  let text = `REFERENCES ${q(fk.references.table)} (${columnList(fk.references.columns)})`
  if (fk.onDelete !== 'no action') text += ` ON DELETE ${action(fk.onDelete)}`
  if (fk.onUpdate !== 'no action') text += ` ON UPDATE ${action(fk.onUpdate)}`
  if (fk.deferrable !== null) text += ` DEFERRABLE ${fk.deferrable.toUpperCase()}`
  return text
}

function action(value: ReferentialAction): string {
  return value.toUpperCase()
}

function constraintName(name: string | null): string {
  return name === null ? '' : `CONSTRAINT ${q(name)} `
}

function columnList(columns: readonly string[]): string {
  let text = ''
  for (let i = 0; i < columns.length; i++) text += i === 0 ? q(columns[i]) : `, ${q(columns[i])}`
  return text
}

export function renderCreateIndex(tableName: string, index: IndexIR): string {
  let elements = ''
  for (let i = 0; i < index.elements.length; i++) {
    const element = index.elements[i]
    const target = 'column' in element ? q(element.column) : element.expression
    elements += `${i === 0 ? '' : ', '}${target}${element.desc ? ' DESC' : ''}`
  }
  const where = index.where === null ? '' : ` WHERE ${index.where}`
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(tableName)} (${elements})${where}`
}
