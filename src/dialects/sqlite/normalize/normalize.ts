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
  UniqueIR,
} from '../../../schema/ir.js'
import { displayTableName } from '../../../schema/names.js'
import { TsmigError } from '../../../errors.js'
import { parseSqliteType, renderSqliteType } from './column-type.js'
import { comparableDefault, comparableSqlExpression, normalizeModelDefault, normalizeSqlExpression } from './normalize-expression.js'
import { memoizedByText } from '../../../util/memoize-by-text.js'
import { quoteSqliteIdentifier, quoteSqliteString } from '../compile/quote.js'

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
 *   enforced by SQLite (explicit ids are accepted), and the rowid has no
 *   sequence options (`start`, `increment`…): ignored. Elsewhere: an error;
 * - the default `now()` → `CURRENT_TIMESTAMP`;
 * - `NULLS FIRST/LAST` in an index: dropped when it is SQLite's natural
 *   order (NULLs sort first ascending), an error otherwise;
 * - index operator classes and storage parameters (`.op()`, `.with()`):
 *   dropped (SQLite has neither; they tune, they do not change what is stored);
 * - `NULLS NOT DISTINCT` on a unique constraint or index: an error (SQLite
 *   always lets NULLs repeat; dropping it would silently allow duplicates);
 * - a table in a schema (or a foreign key into one): an error.
 */
export function normalizeModel(model: SchemaIR): SchemaIR {
  const declared = declareModel(model)
  return { tables: declared.tables.map(comparableTable), enums: [] }
}

/**
 * The model as SQLite stores it (`normalizeTable`: enum CHECKs, rowid types,
 * `CURRENT_TIMESTAMP` for `now()`), each expression as written: what tsmig
 * writes for it, where `normalizeModel` is what it compares.
 */
export function declareModel(model: SchemaIR): SchemaIR {
  const lookup = enumLookupOf(model.enums)
  return { tables: model.tables.map((table) => normalizeTable(table, lookup)), enums: [] }
}

const noEnums: EnumLookup = () => undefined

const normalizeDefaultText = memoizedByText(normalizeModelDefault)

/**
 * The table with every expression in the form two are compared in
 * (`comparableSqlExpression`, `comparableDefault`): what both sides go
 * through before the comparator sees them, never what is written.
 */
export function comparableTable(table: TableIR): TableIR {
  const columns: ColumnIR[] = []
  for (const column of table.columns) {
    const defaultText = column.default === null ? null : comparableDefault(column.default, column.type)
    const generated = column.generated === null ? null : comparableSqlExpression(column.generated)
    columns.push(defaultText === column.default && generated === column.generated ? column : { ...column, default: defaultText, generated })
  }
  const checks = table.checks.map((c) => ({ ...c, expression: comparableSqlExpression(c.expression) }))
  const indexes = table.indexes.map((index) => ({
    ...index,
    elements: index.elements.map((e) => ('column' in e ? e : { ...e, expression: comparableSqlExpression(e.expression) })),
    where: index.where === null ? null : comparableSqlExpression(index.where),
  }))
  return { ...table, columns, checks, indexes }
}

/**
 * One table as SQLite would store it — the DDL tsmig writes for it, with each
 * expression as written (SQLite keeps it verbatim) — idempotent. Comparing
 * needs `comparableTable` on top.
 */
export function normalizeTable(table: TableIR, enums: EnumLookup = noEnums): TableIR {
  requireMainSchema(table)
  // Indexed loops rather than `map` callbacks: this runs once per table of a
  // migration, mostly before V8 has optimized anything.
  const primaryKey = table.primaryKey === null ? null : { name: table.primaryKey.name ?? `${table.name}_pkey`, columns: table.primaryKey.columns }
  const rowidColumn = primaryKey !== null && primaryKey.columns.length === 1 ? primaryKey.columns[0] : null
  const columns: ColumnIR[] = []
  let enumChecks: CheckIR[] | undefined
  for (let i = 0; i < table.columns.length; i++) {
    const column = table.columns[i]
    columns.push(normalizeColumn(table, column, rowidColumn))
    if (column.type.kind === 'enum') (enumChecks ??= []).push(enumCheckOf(table, column.name, column.type, enums))
  }
  const checks: CheckIR[] = []
  for (let i = 0; i < table.checks.length; i++) {
    const check = table.checks[i]
    checks.push({ name: check.name, expression: check.expression.trim() })
  }
  if (enumChecks !== undefined) for (const check of enumChecks) if (!checks.some((c) => c.name === check.name)) checks.push(check)
  const indexes: IndexIR[] = []
  for (let i = 0; i < table.indexes.length; i++) indexes.push(normalizeIndex(table, table.indexes[i]))
  const uniques: UniqueIR[] = []
  for (let i = 0; i < table.uniques.length; i++) {
    const unique = table.uniques[i]
    if (unique.nullsNotDistinct === true) throw nullsNotDistinctError(table, `unique constraint ${unique.name}`)
    uniques.push({ name: unique.name, columns: unique.columns })
  }
  const foreignKeys: ForeignKeyIR[] = []
  for (let i = 0; i < table.foreignKeys.length; i++) foreignKeys.push(normalizeForeignKey(table, table.foreignKeys[i]))
  return { name: table.name, columns, primaryKey, indexes, uniques, checks, foreignKeys, comment: null }
}

function nullsNotDistinctError(table: TableRef, what: string): SqliteUnsupportedError {
  return new SqliteUnsupportedError(
    `${what} on ${displayTableName(table)}: SQLite has no NULLS NOT DISTINCT (NULLs never conflict in a unique constraint or index); ` +
      'remove .nullsNotDistinct() or make the columns NOT NULL',
  )
}

/** The CHECK standing in for an enum column's type; its values must be known. */
function enumCheckOf(table: TableIR, column: string, type: Extract<ColumnType, { kind: 'enum' }>, enums: EnumLookup): CheckIR {
  const values = enums(type)
  if (values === undefined) {
    throw new SqliteUnsupportedError(
      `column ${displayTableName(table)}.${column}: SQLite has no enum types and the values of enum ${type.name} are unknown here; ` +
        'declare the column as text with a check constraint',
    )
  }
  return enumCheck(table.name, column, values)
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

/** `rowidColumn`: the column of a single-column primary key, if any. */
function normalizeColumn(table: TableIR, column: ColumnIR, rowidColumn: string | null): ColumnIR {
  const type = column.autoIncrement || column.identity !== null ? rowidType(table, column, rowidColumn) : normalizeType(column.type)
  const normalized: ColumnIR = {
    name: column.name,
    type,
    // Primary-key columns are NOT NULL in the model already; a live SQLite table may
    // legitimately have a nullable one, which a rebuild must keep as it is.
    nullable: column.nullable,
    default: column.generated === null && column.default !== null ? normalizeDefaultText(column.default) : null,
    comment: null,
    identity: null,
    generated: column.generated === null ? null : column.generated.trim(),
    autoIncrement: column.autoIncrement,
  }
  const collated = column.collation == null ? normalized : { ...normalized, collation: normalizeCollation(column.collation) }
  return column.generated !== null && column.virtual === true ? { ...collated, virtual: true } : collated
}

/** SQLite matches collation names case-insensitively: one spelling (`NOCASE`), upper case as the built-ins are documented. */
export function normalizeCollation(name: string): string {
  return name.toUpperCase()
}

/** The type of a serial or identity column, which SQLite can only make the rowid. */
function rowidType(table: TableIR, column: ColumnIR, rowidColumn: string | null): ColumnType {
  if (column.name !== rowidColumn) {
    throw rowidError(table, column, (what) => `SQLite supports ${what} column only as the table's single-column primary key`)
  }
  const kind = normalizeType(column.type).kind
  if (kind !== 'integer' && kind !== 'bigint' && kind !== 'smallint') {
    throw rowidError(table, column, (what) => `${what} column must have an integer type on SQLite`)
  }
  // Only a column declared exactly `integer` is the rowid (and may be AUTOINCREMENT).
  return integerType
}

const integerType: ColumnType = { kind: 'integer' }

/** Built only on error: the message needs the table's display name. */
function rowidError(table: TableIR, column: ColumnIR, problem: (what: string) => string): SqliteUnsupportedError {
  const what = column.autoIncrement ? 'serial/AUTOINCREMENT' : 'an identity'
  return new SqliteUnsupportedError(`column ${displayTableName(table)}.${column.name}: ${problem(what)}`)
}

/** The IR type SQLite reports back for a type: written as tsmig declares it, read back by name. */
export function normalizeType(type: ColumnType): ColumnType {
  if (type.kind === 'enum') return { kind: 'text' }
  return parseSqliteType(renderSqliteType(type))
}

/** An index as SQLite stores it: no method, no INCLUDE, NULLS order only where natural. */
export function normalizeIndex(table: TableRef, index: IndexIR): IndexIR {
  if (index.nullsNotDistinct === true && index.unique) throw nullsNotDistinctError(table, `index ${index.name}`)
  const elements: IndexElement[] = []
  for (let i = 0; i < index.elements.length; i++) elements.push(normalizeIndexElement(table, index, index.elements[i]))
  return {
    name: index.name,
    unique: index.unique,
    elements,
    where: index.where === null ? null : index.where.trim(),
    using: null,
    include: [],
  }
}

function normalizeIndexElement(table: TableRef, index: IndexIR, element: IndexElement): IndexElement {
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
    : { expression: element.expression.trim(), desc: element.desc, nulls: null }
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
