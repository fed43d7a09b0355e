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
  UniqueIR,
} from '../../../schema/ir.js'
import { normalizePostgresDefault } from './normalize-default.js'
import { normalizePostgresExpression, type ExpressionContext } from './normalize-expression.js'
import { parsePostgresType } from './parse-type.js'
import { SqlLexError, tokenizeSql } from '../expression/sql-tokens.js'
import { normalizeOpclass, normalizeUniqueness } from './normalize-index-options.js'

/**
 * The normalization both sides of a comparison go through: the introspector
 * runs it on what it reads, `normalizeModel` on the model. Two equivalent
 * schemas come out field-for-field equal. Pure; idempotent.
 */
export interface PostgresNormalizeOptions {
  /** The connection's `current_schema()`: references to it become `schema: undefined`. */
  readonly currentSchema?: string
}

function localSchema(schema: string | undefined, options: PostgresNormalizeOptions): string | undefined {
  return schema !== undefined && schema === options.currentSchema ? undefined : schema
}

/**
 * Canonical IR for a column type: custom spellings that are built-in types
 * become those (`customType('int4')` → integer), `numeric(p)` has scale 0, the
 * default timestamp/time precision (6) is no precision, enums of the current
 * schema have no schema.
 */
export function normalizePostgresColumnType(type: ColumnType, options: PostgresNormalizeOptions = {}): ColumnType {
  switch (type.kind) {
    case 'custom': {
      const parsed = parsePostgresType(type.sql)
      return parsed.kind === 'custom' ? parsed : normalizePostgresColumnType(parsed, options)
    }
    case 'numeric':
      if (type.precision === undefined) return { kind: 'numeric' }
      return { kind: 'numeric', precision: type.precision, scale: type.scale ?? 0 }
    // Optional keys are left out rather than set to undefined, so that IRs compare strictly equal.
    case 'timestamp':
    case 'time': {
      const { kind, withTimezone, precision } = type
      return precision === undefined || precision === 6 ? { kind, withTimezone } : { kind, withTimezone, precision }
    }
    case 'enum': {
      const schema = localSchema(type.schema, options)
      return schema === undefined ? { kind: 'enum', name: type.name } : { kind: 'enum', name: type.name, schema }
    }
    case 'varchar':
    case 'char':
      return type.length === undefined ? { kind: type.kind } : { kind: type.kind, length: type.length }
    default:
      return type
  }
}

export function expressionContextOf(columns: readonly ColumnIR[]): ExpressionContext {
  return { columns: new Map(columns.map((c) => [c.name, c.type])) }
}

function normalizeComment(comment: string | null): string | null {
  // COMMENT ... IS '' removes the comment.
  return comment === null || comment === '' ? null : comment
}

/** `type` is the column's type, already normalized. */
function normalizeColumn(column: ColumnIR, type: ColumnType, context: ExpressionContext, inPrimaryKey: boolean): ColumnIR {
  const generated = column.generated === null ? null : normalizePostgresExpression(column.generated, context)
  // serial's nextval(), identity and generated columns have no default of their own.
  const ownsDefault = !column.autoIncrement && column.identity === null && generated === null
  const normalized: ColumnIR = {
    name: column.name,
    type,
    // Primary-key, identity and serial columns are NOT NULL whatever was declared.
    nullable: column.nullable && !inPrimaryKey && column.identity === null && !column.autoIncrement,
    default: ownsDefault ? normalizePostgresDefault(column.default, type, context) : null,
    comment: normalizeComment(column.comment),
    // Sequence options are kept as given: the model's stated ones, or all of the database's.
    identity: column.identity === null ? null : { ...column.identity },
    generated,
    autoIncrement: column.autoIncrement,
  }
  const withCollation = column.collation == null ? normalized : { ...normalized, collation: column.collation }
  return generated !== null && column.virtual === true ? { ...withCollation, virtual: true } : withCollation
}

/** The direction's default NULLS order (ASC: last, DESC: first) is no explicit order. */
function normalizeElement(element: IndexElement, context: ExpressionContext): IndexElement {
  const plain = normalizePlainElement(element, context)
  return element.opclass === undefined ? plain : { ...plain, opclass: normalizeOpclass(element.opclass) }
}

function normalizePlainElement(element: IndexElement, context: ExpressionContext): IndexElement {
  const nulls = element.nulls === (element.desc ? 'first' : 'last') ? null : element.nulls
  if ('column' in element) return { column: element.column, desc: element.desc, nulls }
  const expression = normalizePostgresExpression(element.expression, context)
  const column = bareIdentifier(expression)
  if (column !== null && context.columns.has(column)) return { column, desc: element.desc, nulls }
  return { expression, desc: element.desc, nulls }
}

/** `email` / `"Email"` → the identifier; anything else → null. */
function bareIdentifier(expression: string): string | null {
  try {
    const tokens = tokenizeSql(expression)
    if (tokens.length !== 1) return null
    const [t] = tokens
    return t.kind === 'word' || t.kind === 'qident' ? t.value : null
  } catch (error) {
    if (error instanceof SqlLexError) return null
    throw error
  }
}

function normalizeIndex(index: IndexIR, context: ExpressionContext): IndexIR {
  const using = index.using === null ? null : index.using.toLowerCase()
  const elements: IndexElement[] = []
  for (let i = 0; i < index.elements.length; i++) elements.push(normalizeElement(index.elements[i], context))
  return {
    name: index.name,
    unique: index.unique,
    elements,
    where: index.where === null ? null : normalizePostgresExpression(index.where, context),
    using: using === 'btree' ? null : using,
    include: index.include.slice(),
    ...normalizeUniqueness(index),
  }
}

function normalizeCheck(check: CheckIR, context: ExpressionContext): CheckIR {
  return { name: check.name, expression: normalizePostgresExpression(check.expression, context) }
}

function normalizeForeignKey(fk: ForeignKeyIR, options: PostgresNormalizeOptions): ForeignKeyIR {
  const { table, columns } = fk.references
  const schema = localSchema(fk.references.schema, options)
  return {
    name: fk.name,
    columns: fk.columns.slice(),
    references: schema === undefined ? { table, columns: columns.slice() } : { table, columns: columns.slice(), schema },
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    deferrable: fk.deferrable,
  }
}

/*
 * The per-table work below runs once per table of both schemas, mostly in
 * unoptimized code (a CLI process is short): indexed loops and `slice()`
 * copies instead of callbacks and spreads keep it cheap.
 */

/** Each item of `list` through `normalize`, as a new array. */
function mapItems<T, C>(list: readonly T[], normalize: (item: T, context: C) => T, context: C): T[] {
  const out: T[] = []
  for (let i = 0; i < list.length; i++) out.push(normalize(list[i], context))
  return out
}

function copyUnique(unique: UniqueIR): UniqueIR {
  return { name: unique.name, columns: unique.columns.slice(), ...normalizeUniqueness(unique) }
}

export function normalizePostgresTable(table: TableIR, options: PostgresNormalizeOptions = {}): TableIR {
  const { columns: rawColumns, primaryKey } = table
  const types: ColumnType[] = []
  const contextColumns = new Map<string, ColumnType>()
  for (let i = 0; i < rawColumns.length; i++) {
    const type = normalizePostgresColumnType(rawColumns[i].type, options)
    types.push(type)
    contextColumns.set(rawColumns[i].name, type)
  }
  const context: ExpressionContext = { columns: contextColumns }
  const columns: ColumnIR[] = []
  for (let i = 0; i < rawColumns.length; i++) {
    const column = rawColumns[i]
    const inPrimaryKey = primaryKey !== null && primaryKey.columns.includes(column.name)
    columns.push(normalizeColumn(column, types[i], context, inPrimaryKey))
  }
  const base = {
    name: table.name,
    columns,
    primaryKey: primaryKey === null ? null : { name: primaryKey.name, columns: primaryKey.columns.slice() },
    indexes: mapItems(table.indexes, normalizeIndex, context),
    uniques: mapItems(table.uniques, copyUnique, undefined),
    checks: mapItems(table.checks, normalizeCheck, context),
    foreignKeys: mapItems(table.foreignKeys, normalizeForeignKey, options),
    comment: normalizeComment(table.comment),
  }
  const schema = localSchema(table.schema, options)
  return schema === undefined ? base : { schema, ...base }
}

export function normalizePostgresEnum(enumIR: EnumIR, options: PostgresNormalizeOptions = {}): EnumIR {
  const schema = localSchema(enumIR.schema, options)
  const base = { name: enumIR.name, values: enumIR.values.slice() }
  return schema === undefined ? base : { schema, ...base }
}

export function normalizePostgresSchema(schema: SchemaIR, options: PostgresNormalizeOptions = {}): SchemaIR {
  return {
    tables: mapItems(schema.tables, normalizePostgresTable, options),
    enums: mapItems(schema.enums, normalizePostgresEnum, options),
  }
}
