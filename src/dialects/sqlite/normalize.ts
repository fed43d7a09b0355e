import type {
  CheckIR,
  ColumnIR,
  ColumnType,
  EnumIR,
  ForeignKeyIR,
  IndexElement,
  IndexIR,
  SchemaIR,
  TableIR,
  TableRef,
} from '../../schema/ir.js'
import { displayTableName } from '../../schema/names.js'
import { TsmigError } from '../../errors.js'
import { parseSqliteType, renderSqliteType } from './column-type.js'
import { normalizeModelDefault, normalizeSqlExpression } from './normalize-expression.js'
import { quoteSqliteIdentifier, quoteSqliteString } from './quote.js'

/** A model feature SQLite cannot express; the message names the table and column. */
export class SqliteUnsupportedError extends TsmigError {}

/** The values of an enum type, or undefined when unknown. */
export type EnumLookup = (type: { readonly name: string; readonly schema?: string }) => readonly string[] | undefined

/**
 * The model as SQLite stores and reports it, so that a model and the database
 * tsmig created from it compare equal. What SQLite lacks degrades as follows:
 *
 * - enum column → `text` plus a CHECK `<table>_<column>_enum`:
 *   `"col" IN ('a', 'b')`; `schema.enums` becomes empty;
 * - comments → null; index `using` → null (SQLite has one index kind);
 *   `include` → [];
 * - `serial`/`bigserial` (autoIncrement) and identity columns must be the
 *   table's single-column primary key: they become `integer PRIMARY KEY`
 *   (the rowid), with `AUTOINCREMENT` for serial. Identity `always` cannot be
 *   enforced by SQLite (explicit ids are accepted). Elsewhere: an error;
 * - the default `now()` → `CURRENT_TIMESTAMP`;
 * - `NULLS FIRST/LAST` in an index: dropped when it is SQLite's natural
 *   order (NULLs sort first ascending), an error otherwise;
 * - a table in a schema (or a foreign key into one): an error.
 */
export function normalizeModel(model: SchemaIR): SchemaIR {
  const lookup = enumLookupOf(model.enums)
  return { tables: model.tables.map((table) => normalizeTable(table, lookup)), enums: [] }
}

const noEnums: EnumLookup = () => undefined

/**
 * A pure function of a string, computed once per distinct string. A schema
 * repeats the same few type names, defaults and expressions thousands of
 * times (`varchar(255)`, `false`, `CURRENT_TIMESTAMP`), each costing a
 * tokenization or a parse. Bounded, in case a long-lived process sees
 * endless distinct texts.
 */
function memoizedByText<T>(compute: (text: string) => T, limit = 20_000): (text: string) => T {
  const results = new Map<string, T>()
  return (text) => {
    if (results.has(text)) return results.get(text) as T
    const result = compute(text)
    if (results.size >= limit) results.clear()
    results.set(text, result)
    return result
  }
}

const normalizeExpressionText = memoizedByText(normalizeSqlExpression)
const normalizeDefaultText = memoizedByText(normalizeModelDefault)
// Callers share the parsed type objects, which like all IR are never modified.
const parseTypeText = memoizedByText(parseSqliteType)

/** One table as SQLite would report it; idempotent. */
export function normalizeTable(table: TableIR, enums: EnumLookup = noEnums): TableIR {
  requireMainSchema(table)
  const primaryKey = table.primaryKey === null ? null : { name: table.primaryKey.name ?? `${table.name}_pkey`, columns: table.primaryKey.columns }
  const pkColumns = primaryKey?.columns ?? []
  const enumChecks: CheckIR[] = []
  const columns = table.columns.map((column) => {
    const normalized = normalizeColumn(table, column, pkColumns)
    if (column.type.kind === 'enum') {
      const values = enums(column.type)
      if (values === undefined) {
        throw new SqliteUnsupportedError(
          `column ${displayTableName(table)}.${column.name}: SQLite has no enum types and the values of enum ${column.type.name} are unknown here; ` +
            'declare the column as text with a check constraint',
        )
      }
      enumChecks.push(enumCheck(table.name, column.name, values))
    }
    return normalized
  })
  const checks = table.checks.map((c) => ({ name: c.name, expression: normalizeExpressionText(c.expression) }))
  for (const check of enumChecks) if (!checks.some((c) => c.name === check.name)) checks.push(check)
  return {
    name: table.name,
    columns,
    primaryKey,
    indexes: table.indexes.map((index) => normalizeIndex(table, index)),
    uniques: table.uniques.map((u) => ({ name: u.name, columns: u.columns })),
    checks,
    foreignKeys: table.foreignKeys.map((fk) => normalizeForeignKey(table, fk)),
    comment: null,
  }
}

export function requireMainSchema(table: TableRef): void {
  if (table.schema !== undefined) {
    throw new SqliteUnsupportedError(
      `table ${displayTableName(table)}: SQLite has no schemas (attached databases are not supported); remove the schema option`,
    )
  }
}

/** The CHECK that stands in for an enum type. */
export function enumCheck(table: string, column: string, values: readonly string[]): CheckIR {
  return {
    name: `${table}_${column}_enum`,
    expression: normalizeSqlExpression(`${quoteSqliteIdentifier(column)} IN (${values.map(quoteSqliteString).join(', ')})`),
  }
}

function normalizeColumn(table: TableIR, column: ColumnIR, pkColumns: readonly string[]): ColumnIR {
  const isRowid = pkColumns.length === 1 && pkColumns[0] === column.name
  let type = normalizeType(column.type)
  if (column.autoIncrement || column.identity !== null) {
    const where = `column ${displayTableName(table)}.${column.name}`
    const what = column.autoIncrement ? 'serial/AUTOINCREMENT' : 'an identity'
    if (!isRowid) {
      throw new SqliteUnsupportedError(`${where}: SQLite supports ${what} column only as the table's single-column primary key`)
    }
    if (!['integer', 'bigint', 'smallint'].includes(type.kind)) {
      throw new SqliteUnsupportedError(`${where}: ${what} column must have an integer type on SQLite`)
    }
    // Only a column declared exactly `integer` is the rowid (and may be AUTOINCREMENT).
    type = { kind: 'integer' }
  }
  return {
    name: column.name,
    type,
    // Primary-key columns are NOT NULL in the model already; a live SQLite table may
    // legitimately have a nullable one, which a rebuild must keep as it is.
    nullable: column.nullable,
    default: column.generated === null && column.default !== null ? normalizeDefaultText(column.default) : null,
    comment: null,
    identity: null,
    generated: column.generated === null ? null : normalizeExpressionText(column.generated),
    autoIncrement: column.autoIncrement,
  }
}

/** The IR type SQLite reports back for a type: written as tsmig declares it, read back by name. */
export function normalizeType(type: ColumnType): ColumnType {
  if (type.kind === 'enum') return { kind: 'text' }
  return parseTypeText(renderSqliteType(type))
}

/** An index as SQLite stores it: no method, no INCLUDE, NULLS order only where natural. */
export function normalizeIndex(table: TableRef, index: IndexIR): IndexIR {
  const elements = index.elements.map((element): IndexElement => {
    // NULLs are the smallest values in SQLite: first ascending, last descending.
    const natural = element.desc ? 'last' : 'first'
    if (element.nulls !== null && element.nulls !== natural) {
      throw new SqliteUnsupportedError(
        `index ${index.name} on ${displayTableName(table)}: SQLite cannot order NULLs ${element.nulls} in ` +
          `${element.desc ? 'a descending' : 'an ascending'} index element`,
      )
    }
    return 'column' in element
      ? { column: element.column, desc: element.desc, nulls: null }
      : { expression: normalizeExpressionText(element.expression), desc: element.desc, nulls: null }
  })
  return {
    name: index.name,
    unique: index.unique,
    elements,
    where: index.where === null ? null : normalizeExpressionText(index.where),
    using: null,
    include: [],
  }
}

function normalizeForeignKey(table: TableIR, fk: ForeignKeyIR): ForeignKeyIR {
  if (fk.references.schema !== undefined) {
    throw new SqliteUnsupportedError(
      `foreign key ${fk.name} of ${displayTableName(table)}: SQLite has no schemas (it references ${fk.references.schema}.${fk.references.table})`,
    )
  }
  return {
    name: fk.name,
    columns: fk.columns,
    references: { table: fk.references.table, columns: fk.references.columns },
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    deferrable: fk.deferrable,
  }
}

/** An enum lookup over a list of enums (the model's). */
export function enumLookupOf(enums: readonly EnumIR[]): EnumLookup {
  return (type) => enums.find((e) => e.name === type.name && e.schema === type.schema)?.values
}
