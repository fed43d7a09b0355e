import type { SchemaIR, TableIR, TableRef } from '../schema/ir.js'
import { displayTableName } from '../schema/names.js'
import type { ModelProblem } from './model-problem.js'
import { maxIdentifierBytes as generatedNameBytes } from './pg-names.js'

/** What a dialect allows in names; the model is checked against it when it loads. */
export interface IdentifierRules {
  /**
   * The longest name the database keeps, in UTF-8 bytes (PostgreSQL: 63, and
   * it silently cuts longer ones, so two long names can become one).
   * Undefined: no practical limit.
   */
  readonly maxBytes?: number
  /**
   * Primary keys and unique constraints are indexes whose names live in the
   * schema's namespace of relations beside tables and indexes (PostgreSQL).
   * False: only index names share the tables' namespace (SQLite).
   */
  readonly keyNamesAreRelations: boolean
}

/** The first `bytes` bytes of `text`, without splitting a character (what PostgreSQL keeps). */
function cut(text: string, bytes: number): string {
  let result = ''
  let used = 0
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8')
    if (used + size > bytes) break
    result += char
    used += size
  }
  return result
}

/** A name the checks look at: the name, who owns it, and how a message calls it. */
interface NamedObject {
  readonly name: string
  readonly table?: TableRef
  readonly column?: string
  /** `table users`, `table users, column email`, `table users: index ix_users_email`, `enum mood`. */
  readonly label: string
}

function tableLabel(table: TableRef): string {
  return `table ${displayTableName(table)}`
}

/** Every name of a table the database stores, labelled for messages. */
function tableNames(table: TableIR, names: NamedObject[]): void {
  const owner = tableLabel(table)
  names.push({ name: table.name, table, label: owner })
  if (table.schema !== undefined) names.push({ name: table.schema, table, label: `${owner}: schema ${table.schema}` })
  for (const column of table.columns) names.push({ name: column.name, table, column: column.name, label: `${owner}, column ${column.name}` })
  if (table.primaryKey?.name) names.push({ name: table.primaryKey.name, table, label: `${owner}: primary key ${table.primaryKey.name}` })
  for (const index of table.indexes) names.push({ name: index.name, table, label: `${owner}: index ${index.name}` })
  for (const unique of table.uniques) names.push({ name: unique.name, table, label: `${owner}: unique constraint ${unique.name}` })
  for (const check of table.checks) names.push({ name: check.name, table, label: `${owner}: check constraint ${check.name}` })
  for (const foreignKey of table.foreignKeys) names.push({ name: foreignKey.name, table, label: `${owner}: foreign key ${foreignKey.name}` })
}

/**
 * The first name longer than the dialect keeps. PostgreSQL would cut it and
 * carry on, so `a…ax` and `a…ay` (sharing their first 63 bytes) became one
 * table and autogenerate then dropped a column that held data. Generated
 * names never are: the naming convention cuts them the way PostgreSQL does.
 */
function tooLongName(model: SchemaIR, rules: IdentifierRules, dialect: string): ModelProblem | undefined {
  const limit = rules.maxBytes
  if (limit === undefined) return undefined
  const names: NamedObject[] = []
  for (const table of model.tables) tableNames(table, names)
  for (const type of model.enums) {
    const label = `enum ${displayTableName(type)}`
    names.push({ name: type.name, label })
    for (const value of type.values) names.push({ name: value, label: `${label}: value '${value}'` })
  }
  for (const object of names) {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: most names need no counting.
    if (object.name.length * 3 <= limit) continue
    const bytes = Buffer.byteLength(object.name, 'utf8')
    if (bytes <= limit) continue
    const kept = cut(object.name, limit)
    const twin = object.column === undefined && object.table !== undefined && object.label === tableLabel(object.table)
      ? model.tables.find((other) => other !== object.table && other.schema === object.table!.schema && cut(other.name, limit) === kept)
      : undefined
    const clash = twin === undefined ? '' : `, the same as ${tableLabel(twin)}`
    return {
      table: object.table,
      message: `${object.label}: the name is ${bytes} bytes, longer than the ${dialect} limit of ${limit} bytes (the database would cut it to ${kept}${clash}); use a shorter name`,
    }
  }
  return undefined
}

/**
 * Two relations of one schema with the same name: the second `CREATE` would
 * fail at upgrade (`relation … already exists`). Generated names make this
 * easy to miss: `<table>_pkey` of two long table names sharing their first
 * 58 bytes is one name once cut to 63 bytes.
 */
function clashingRelationName(model: SchemaIR, rules: IdentifierRules): ModelProblem | undefined {
  const owners = new Map<string, NamedObject>()
  const claim = (schema: string | undefined, object: NamedObject): ModelProblem | undefined => {
    const key = `${schema ?? ''}\u0000${object.name}`
    const earlier = owners.get(key)
    if (earlier === undefined) {
      owners.set(key, object)
      return undefined
    }
    // A table's primary key or unique constraint repeating a name of its own table is checked with the table.
    if (earlier.table === object.table && earlier.label !== tableLabel(object.table!)) return undefined
    const what = rules.keyNamesAreRelations ? 'tables, indexes, primary keys and unique constraints' : 'tables and indexes'
    // A name this long is most likely a generated one, cut the way PostgreSQL cuts it.
    const cutNote = Buffer.byteLength(object.name, 'utf8') >= generatedNameBytes - 3 ? ` (generated names are cut to ${generatedNameBytes} bytes: give one a name of its own)` : ''
    return {
      table: object.table,
      message: `${object.label}: the name is already taken by ${earlier.label}; ${what} of one schema need different names${cutNote}`,
    }
  }
  for (const table of model.tables) {
    const problem = claim(table.schema, { name: table.name, table, label: tableLabel(table) })
    if (problem !== undefined) return problem
  }
  for (const table of model.tables) {
    const owner = tableLabel(table)
    const relations: NamedObject[] = []
    if (rules.keyNamesAreRelations) {
      if (table.primaryKey?.name) relations.push({ name: table.primaryKey.name, table, label: `${owner}: primary key ${table.primaryKey.name}` })
      for (const unique of table.uniques) relations.push({ name: unique.name, table, label: `${owner}: unique constraint ${unique.name}` })
    }
    for (const index of table.indexes) relations.push({ name: index.name, table, label: `${owner}: index ${index.name}` })
    for (const relation of relations) {
      const problem = claim(table.schema, relation)
      if (problem !== undefined) return problem
    }
  }
  return undefined
}

/** The first name the dialect (named `dialect` in messages) cannot store as the model has it, or undefined. */
export function nameProblem(model: SchemaIR, rules: IdentifierRules, dialect: string): ModelProblem | undefined {
  return tooLongName(model, rules, dialect) ?? clashingRelationName(model, rules)
}
