import type { CheckIR, ColumnIR, ForeignKeyIR, IndexIR, ReferentialAction, TableIR } from '../../schema/ir.js'
import { renderSqliteType } from './column-type.js'
import { isLiteralDefault } from './normalize-expression.js'
import { quoteSqliteIdentifier as q } from './quote.js'

/**
 * DDL text for a normalized table. Every constraint is written with
 * `CONSTRAINT "name"` so that introspection reads the same names back.
 */

/** What the IR does not carry but a rebuild keeps from the stored table. */
export interface TableExtras {
  /** Column name → collation (`NOCASE`). */
  readonly collations?: ReadonlyMap<string, string>
  readonly withoutRowid?: boolean
  readonly strict?: boolean
}

/** The single-column primary key written on its column: needed for AUTOINCREMENT. */
function inlinePrimaryKey(table: TableIR): string | null {
  const pk = table.primaryKey
  if (pk === null || pk.columns.length !== 1) return null
  const column = table.columns.find((c) => c.name === pk.columns[0])
  return column?.autoIncrement ? column.name : null
}

export function renderCreateTable(table: TableIR, extras: TableExtras = {}, createAs: string = table.name): string {
  const inlinePk = inlinePrimaryKey(table)
  const lines = table.columns.map((column) =>
    renderColumn(column, {
      primaryKeyName: column.name === inlinePk ? table.primaryKey!.name ?? `${table.name}_pkey` : null,
      collate: extras.collations?.get(column.name) ?? null,
    }),
  )
  if (table.primaryKey !== null && inlinePk === null) {
    lines.push(`${constraintName(table.primaryKey.name)}PRIMARY KEY (${columnList(table.primaryKey.columns)})`)
  }
  for (const unique of table.uniques) lines.push(`${constraintName(unique.name)}UNIQUE (${columnList(unique.columns)})`)
  for (const check of table.checks) lines.push(renderCheck(check))
  for (const fk of table.foreignKeys) {
    lines.push(`${constraintName(fk.name)}FOREIGN KEY (${columnList(fk.columns)}) ${renderReferences(fk)}`)
  }
  const options = [extras.withoutRowid ? 'WITHOUT ROWID' : null, extras.strict ? 'STRICT' : null].filter((o) => o !== null)
  const suffix = options.length === 0 ? '' : ` ${options.join(', ')}`
  return `CREATE TABLE ${q(createAs)} (\n  ${lines.join(',\n  ')}\n)${suffix}`
}

export interface ColumnOptions {
  /** Write `CONSTRAINT "<name>" PRIMARY KEY [AUTOINCREMENT]` on the column. */
  readonly primaryKeyName?: string | null
  readonly collate?: string | null
  /** CHECKs written on the column (`ADD COLUMN` cannot add table constraints). */
  readonly checks?: readonly CheckIR[]
}

export function renderColumn(column: ColumnIR, options: ColumnOptions = {}): string {
  const parts = [q(column.name)]
  const type = renderSqliteType(column.type)
  if (type !== '') parts.push(type)
  if (!column.nullable) parts.push('NOT NULL')
  if (options.primaryKeyName != null) {
    parts.push(`CONSTRAINT ${q(options.primaryKeyName)} PRIMARY KEY${column.autoIncrement ? ' AUTOINCREMENT' : ''}`)
  }
  if (column.default !== null) parts.push(`DEFAULT ${renderDefault(column.default)}`)
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`)
  if (options.collate != null) parts.push(`COLLATE ${q(options.collate)}`)
  for (const check of options.checks ?? []) parts.push(renderCheck(check))
  return parts.join(' ')
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
  return columns.map(q).join(', ')
}

export function renderCreateIndex(tableName: string, index: IndexIR): string {
  const elements = index.elements.map((element) => {
    const target = 'column' in element ? q(element.column) : element.expression
    return element.desc ? `${target} DESC` : target
  })
  const where = index.where === null ? '' : ` WHERE ${index.where}`
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(tableName)} (${elements.join(', ')})${where}`
}
