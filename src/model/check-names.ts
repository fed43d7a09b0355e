import type { SchemaIR, TableIR, TableRef } from '../schema/ir.js'
import { displayTableName, tableKey } from '../schema/names.js'
import type { ModelProblem } from './model-problem.js'
import { maxIdentifierBytes as generatedNameBytes } from './pg-names.js'
import { cutUtf8 } from '../util/cut-utf8.js'

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


function tableLabel(table: TableRef): string {
  return `table ${displayTableName(table)}`
}

/**
 * A named object of a table: its name and how a message calls it. The label
 * is a function, built only for a message (a schema has thousands of names).
 */
interface Named {
  readonly name: string
  readonly label: () => string
}

/** The names of a table's objects that occupy the schema's namespace of relations. */
function relationNames(table: TableIR, rules: IdentifierRules): Named[] {
  const owner = () => tableLabel(table)
  const names: Named[] = []
  const { primaryKey } = table
  if (rules.keyNamesAreRelations) {
    if (primaryKey?.name) names.push({ name: primaryKey.name, label: () => `${owner()}: primary key ${primaryKey.name}` })
    for (const unique of table.uniques) names.push({ name: unique.name, label: () => `${owner()}: unique constraint ${unique.name}` })
  }
  for (const index of table.indexes) names.push({ name: index.name, label: () => `${owner()}: index ${index.name}` })
  return names
}

/** Every name of a table the database stores (the schema's, the table's, its columns' and objects'). */
function allNames(table: TableIR): Named[] {
  const owner = () => tableLabel(table)
  const names: Named[] = [{ name: table.name, label: owner }]
  if (table.schema !== undefined) names.push({ name: table.schema, label: () => `${owner()}: schema ${table.schema}` })
  for (const column of table.columns) names.push({ name: column.name, label: () => `${owner()}, column ${column.name}` })
  names.push(...relationNames(table, { keyNamesAreRelations: true }))
  for (const check of table.checks) names.push({ name: check.name, label: () => `${owner()}: check constraint ${check.name}` })
  for (const foreignKey of table.foreignKeys) names.push({ name: foreignKey.name, label: () => `${owner()}: foreign key ${foreignKey.name}` })
  return names
}

function tooLong(name: string, limit: number): number | undefined {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most names need no counting.
  if (name.length * 3 <= limit) return undefined
  const bytes = Buffer.byteLength(name, 'utf8')
  return bytes > limit ? bytes : undefined
}

function lengthProblem(named: Named, bytes: number, limit: number, dialect: string, clash = ''): string {
  const kept = cutUtf8(named.name, limit)
  return `${named.label()}: the name is ${bytes} bytes, longer than the ${dialect} limit of ${limit} bytes (the database would cut it to ${kept}${clash}); use a shorter name`
}

/**
 * The first name longer than the dialect keeps. PostgreSQL would cut it and
 * carry on, so `a…ax` and `a…ay` (sharing their first 63 bytes) became one
 * table and autogenerate then dropped a column that held data. Generated
 * names never are: the naming convention cuts them the way PostgreSQL does.
 */
function tooLongName(model: SchemaIR, limit: number, dialect: string): ModelProblem | undefined {
  for (const table of model.tables) {
    for (const named of allNames(table)) {
      const bytes = tooLong(named.name, limit)
      if (bytes === undefined) continue
      let clash = ''
      if (named.name === table.name) {
        const kept = cutUtf8(table.name, limit)
        const twin = model.tables.find((other) => other !== table && other.schema === table.schema && cutUtf8(other.name, limit) === kept)
        if (twin !== undefined) clash = `, the same as ${tableLabel(twin)}`
      }
      return { table, message: lengthProblem(named, bytes, limit, dialect, clash) }
    }
  }
  for (const type of model.enums) {
    const label = () => `enum ${displayTableName(type)}`
    const names: Named[] = [{ name: type.name, label }, ...type.values.map((value) => ({ name: value, label: () => `${label()}: value '${value}'` }))]
    for (const named of names) {
      const bytes = tooLong(named.name, limit)
      if (bytes !== undefined) return { message: lengthProblem(named, bytes, limit, dialect) }
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
  const owners = new Map<string, { readonly table: TableIR; readonly named: Named }>()
  const what = rules.keyNamesAreRelations ? 'tables, indexes, primary keys and unique constraints' : 'tables and indexes'
  for (const table of model.tables) owners.set(tableKey(table), { table, named: { name: table.name, label: () => tableLabel(table) } })
  for (const table of model.tables) {
    for (const named of relationNames(table, rules)) {
      const key = tableKey({ schema: table.schema, name: named.name })
      const earlier = owners.get(key)
      if (earlier === undefined) {
        owners.set(key, { table, named })
        continue
      }
      // Two objects of one table with the same name are reported when the table is built.
      if (earlier.table === table && earlier.named.name !== table.name) continue
      // A name this long is most likely a generated one, cut the way PostgreSQL cuts it.
      const cutNote = Buffer.byteLength(named.name, 'utf8') >= generatedNameBytes - 3 ? ` (generated names are cut to ${generatedNameBytes} bytes: give one a name of its own)` : ''
      return {
        table,
        message: `${named.label()}: the name is already taken by ${earlier.named.label()}; ${what} of one schema need different names${cutNote}`,
      }
    }
  }
  return undefined
}

/** The first name the dialect (named `dialect` in messages) cannot store as the model has it, or undefined. */
export function nameProblem(model: SchemaIR, rules: IdentifierRules, dialect: string): ModelProblem | undefined {
  const tooLongProblem = rules.maxBytes === undefined ? undefined : tooLongName(model, rules.maxBytes, dialect)
  return tooLongProblem ?? clashingRelationName(model, rules)
}
