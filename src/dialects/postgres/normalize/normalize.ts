import { sql } from 'kysely'
import type { Queryable } from '../../dialect.js'
import type { CheckIR, ColumnIR, ColumnType, ForeignKeyIR, IndexElement, IndexIR, PrimaryKeyIR, SchemaIR, TableIR, UniqueIR } from '../../../schema/ir.js'
import { MAX_IDENTIFIER_BYTES, postgresObjectName, truncatePostgresIdentifier } from '../identifiers.js'
import { normalizePostgresSchema, type PostgresNormalizeOptions } from './normalize-table.js'
import { postgresServerVersion, requireVirtualGeneratedColumns } from '../server-version.js'
import { dropDefaultOpclasses } from './default-opclasses.js'

export {
  normalizePostgresSchema,
  normalizePostgresTable,
  normalizePostgresColumnType,
  normalizePostgresEnum,
  type PostgresNormalizeOptions,
} from './normalize-table.js'
export { normalizePostgresExpression } from './normalize-expression.js'
export { normalizePostgresDefault } from './normalize-default.js'

/**
 * Turn the model's IR into what PostgreSQL would report for it after running
 * the DDL tsmig generates: the declaration-only rules below, then the same
 * normalization the introspector applies to what it reads.
 *
 * With `db`, the connection's `current_schema()` is read so that model objects
 * placed explicitly in it (`schema: 'public'`) compare equal to what the
 * introspector reports (`schema: undefined`). This is also where expression
 * normalization by the server itself would plug in.
 */
export async function normalizePostgresModel(model: SchemaIR, db?: Queryable): Promise<SchemaIR> {
  // Refused here, at autogenerate and check, rather than at upgrade: only when the model has one (one query).
  if (db !== undefined && model.tables.some((t) => t.columns.some((c) => c.virtual === true && c.generated !== null))) {
    const version = await postgresServerVersion(db)
    for (const table of model.tables) requireVirtualGeneratedColumns(table, table.columns, version)
  }
  if (db === undefined) return normalizePostgresModelWith(model, {})
  const [currentSchema, withoutDefaults] = await Promise.all([currentSchemaOf(db), dropDefaultOpclasses(model, db)])
  return normalizePostgresModelWith(withoutDefaults, { currentSchema })
}

/** The pure part of `normalizePostgresModel`. */
export function normalizePostgresModelWith(model: SchemaIR, options: PostgresNormalizeOptions): SchemaIR {
  return normalizePostgresSchema(
    {
      tables: model.tables.map(applyDeclarationRules),
      enums: model.enums.map((e) => ({ ...e, name: cut(e.name), ...(e.schema === undefined ? {} : { schema: cut(e.schema) }) })),
    },
    options,
  )
}

async function currentSchemaOf(db: Queryable): Promise<string | undefined> {
  const { rows } = await sql<{ current_schema: string | null }>`select current_schema() as current_schema`.execute(db)
  return rows[0]?.current_schema ?? undefined
}

/** A UTF-16 code unit is at most 3 bytes of UTF-8: a name this short fits whatever it holds. */
const alwaysFittingLength = Math.floor(MAX_IDENTIFIER_BYTES / 3)

/** The name as the server stores it (cut to 63 bytes); most names are short enough to skip measuring. */
function cut(name: string): string {
  return name.length <= alwaysFittingLength ? name : truncatePostgresIdentifier(name)
}

/** `char` without a length declares char(1). */
function declaredType(type: ColumnType): ColumnType {
  if (type.kind === 'char' && type.length === undefined) return { kind: 'char', length: 1 }
  if (type.kind === 'enum') return { ...type, name: cut(type.name), ...(type.schema === undefined ? {} : { schema: cut(type.schema) }) }
  return type
}

/**
 * `list.map(declare)`, or the very list when `declare` changes no item. The
 * declaration rules feed `normalizePostgresSchema`, which copies everything
 * anyway; most names are too short to be cut, so most of a model passes
 * through them untouched and uncopied.
 */
function declaredList<T>(list: readonly T[], declare: (item: T) => T): readonly T[] {
  // An indexed loop, and a copy only from the first changed item on: `every`
  // with a closure, then `map`, cost more than the declaration rules themselves.
  for (let i = 0; i < list.length; i++) {
    const item = declare(list[i])
    if (item === list[i]) continue
    const declared = list.slice(0, i)
    declared.push(item)
    for (let k = i + 1; k < list.length; k++) declared.push(declare(list[k]))
    return declared
  }
  return list
}

function cutColumns(columns: readonly string[]): readonly string[] {
  return declaredList(columns, cut)
}

function declaredColumn(column: ColumnIR): ColumnIR {
  const name = cut(column.name)
  const type = declaredType(column.type)
  return name === column.name && type === column.type ? column : { ...column, name, type }
}

function cutElement(element: IndexElement): IndexElement {
  if (!('column' in element)) return element
  const column = cut(element.column)
  return column === element.column ? element : { ...element, column }
}

function declaredIndex(index: IndexIR): IndexIR {
  const name = cut(index.name)
  const elements = declaredList(index.elements, cutElement)
  const include = cutColumns(index.include)
  return name === index.name && elements === index.elements && include === index.include ? index : { ...index, name, elements, include }
}

function declaredUnique(unique: UniqueIR): UniqueIR {
  const name = cut(unique.name)
  const columns = cutColumns(unique.columns)
  return name === unique.name && columns === unique.columns ? unique : { ...unique, name, columns }
}

function declaredCheck(check: CheckIR): CheckIR {
  const name = cut(check.name)
  return name === check.name ? check : { ...check, name }
}

function declaredForeignKey(fk: ForeignKeyIR): ForeignKeyIR {
  const { references } = fk
  const referencedSchema = references.schema === undefined ? undefined : cut(references.schema)
  const referencedTable = cut(references.table)
  const referencedColumns = cutColumns(references.columns)
  const name = cut(fk.name)
  const columns = cutColumns(fk.columns)
  const unchanged =
    name === fk.name &&
    columns === fk.columns &&
    referencedSchema === references.schema &&
    referencedTable === references.table &&
    referencedColumns === references.columns
  if (unchanged) return fk
  return {
    ...fk,
    name,
    columns,
    references: {
      ...references,
      ...(referencedSchema === undefined ? {} : { schema: referencedSchema }),
      table: referencedTable,
      columns: referencedColumns,
    },
  }
}

function declaredPrimaryKey(table: TableIR): PrimaryKeyIR | null {
  const key = table.primaryKey
  if (key === null) return null
  // An unnamed primary key gets PostgreSQL's own name for it.
  const name = key.name === null ? postgresObjectName(cut(table.name), null, 'pkey') : cut(key.name)
  const columns = cutColumns(key.columns)
  return name === key.name && columns === key.columns ? key : { name, columns }
}

/**
 * What only the DDL implies: identifiers longer than 63 bytes are truncated by
 * the server (names included), `char` means char(1), an unnamed primary key is
 * `<table>_pkey`.
 */
function applyDeclarationRules(table: TableIR): TableIR {
  // Every key `normalizePostgresTable` reads, as a literal: quicker to build than a spread of the table.
  const declared: TableIR = {
    name: cut(table.name),
    columns: declaredList(table.columns, declaredColumn),
    primaryKey: declaredPrimaryKey(table),
    indexes: declaredList(table.indexes, declaredIndex),
    uniques: declaredList(table.uniques, declaredUnique),
    checks: declaredList(table.checks, declaredCheck),
    foreignKeys: declaredList(table.foreignKeys, declaredForeignKey),
    comment: table.comment,
  }
  return table.schema === undefined ? declared : { schema: cut(table.schema), ...declared }
}
