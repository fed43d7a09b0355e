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
} from '../../schema/ir.js'
import { normalizePostgresDefault } from './normalize-default.js'
import { normalizePostgresExpression, type ExpressionContext } from './normalize-expression.js'
import { parsePostgresType } from './parse-type.js'
import { SqlLexError, tokenizeSql } from './sql-tokens.js'

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
  return {
    name: column.name,
    type,
    // Primary-key, identity and serial columns are NOT NULL whatever was declared.
    nullable: column.nullable && !inPrimaryKey && column.identity === null && !column.autoIncrement,
    default: ownsDefault ? normalizePostgresDefault(column.default, type, context) : null,
    comment: normalizeComment(column.comment),
    identity: column.identity === null ? null : { always: column.identity.always },
    generated,
    autoIncrement: column.autoIncrement,
  }
}

/** The direction's default NULLS order (ASC: last, DESC: first) is no explicit order. */
function normalizeElement(element: IndexElement, context: ExpressionContext): IndexElement {
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
  return {
    name: index.name,
    unique: index.unique,
    elements: index.elements.map((e) => normalizeElement(e, context)),
    where: index.where === null ? null : normalizePostgresExpression(index.where, context),
    using: using === 'btree' ? null : using,
    include: [...index.include],
  }
}

function normalizeCheck(check: CheckIR, context: ExpressionContext): CheckIR {
  return { name: check.name, expression: normalizePostgresExpression(check.expression, context) }
}

function normalizeForeignKey(fk: ForeignKeyIR, options: PostgresNormalizeOptions): ForeignKeyIR {
  const schema = localSchema(fk.references.schema, options)
  const references = { table: fk.references.table, columns: [...fk.references.columns] }
  return {
    name: fk.name,
    columns: [...fk.columns],
    references: schema === undefined ? references : { ...references, schema },
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    deferrable: fk.deferrable,
  }
}

export function normalizePostgresTable(table: TableIR, options: PostgresNormalizeOptions = {}): TableIR {
  const types = table.columns.map((c) => normalizePostgresColumnType(c.type, options))
  const contextColumns = new Map<string, ColumnType>()
  table.columns.forEach((c, i) => contextColumns.set(c.name, types[i]))
  const context: ExpressionContext = { columns: contextColumns }
  const pkColumns = table.primaryKey?.columns ?? []
  const base = {
    name: table.name,
    columns: table.columns.map((c, i) => normalizeColumn(c, types[i], context, pkColumns.includes(c.name))),
    primaryKey: table.primaryKey === null ? null : { name: table.primaryKey.name, columns: [...table.primaryKey.columns] },
    indexes: table.indexes.map((i) => normalizeIndex(i, context)),
    uniques: table.uniques.map((u) => ({ name: u.name, columns: [...u.columns] })),
    checks: table.checks.map((c) => normalizeCheck(c, context)),
    foreignKeys: table.foreignKeys.map((fk) => normalizeForeignKey(fk, options)),
    comment: normalizeComment(table.comment),
  }
  const schema = localSchema(table.schema, options)
  return schema === undefined ? base : { schema, ...base }
}

export function normalizePostgresEnum(enumIR: EnumIR, options: PostgresNormalizeOptions = {}): EnumIR {
  const schema = localSchema(enumIR.schema, options)
  const base = { name: enumIR.name, values: [...enumIR.values] }
  return schema === undefined ? base : { schema, ...base }
}

export function normalizePostgresSchema(schema: SchemaIR, options: PostgresNormalizeOptions = {}): SchemaIR {
  return {
    tables: schema.tables.map((t) => normalizePostgresTable(t, options)),
    enums: schema.enums.map((e) => normalizePostgresEnum(e, options)),
  }
}
