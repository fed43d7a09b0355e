import type { Deferrable, ForeignKeyIR, ReferentialAction, SchemaIR, TableIR } from '../schema/ir.js'
import { displayTableName, tableKey } from '../schema/names.js'
import type { ModelProblem } from './model-problem.js'

const actions: readonly ReferentialAction[] = ['no action', 'restrict', 'cascade', 'set null', 'set default']
const deferrables: readonly Deferrable[] = ['initially immediate', 'initially deferred']

function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ')
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value)
}

/**
 * An option the types forbid but a schema module (loaded without type
 * checking) can still pass: `deferrable: true` used to be written into the
 * revision and fail only at upgrade. A revision's `op.createForeignKey` is
 * held to the same rule when it is called.
 */
export function foreignKeyOptionProblem(foreignKey: Pick<ForeignKeyIR, 'onDelete' | 'onUpdate' | 'deferrable'>): string | undefined {
  for (const option of ['onDelete', 'onUpdate'] as const) {
    const value: unknown = foreignKey[option]
    if (!actions.includes(value as ReferentialAction)) return `${option} must be one of ${quoted(actions)}, not ${shown(value)}`
  }
  const deferrable: unknown = foreignKey.deferrable
  if (deferrable !== null && !deferrables.includes(deferrable as Deferrable)) {
    return `deferrable must be ${quoted(deferrables)} or null, not ${shown(deferrable)}`
  }
  return undefined
}

function sameColumnSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column) => b.includes(column))
}

/** The referenced columns are the primary key, a unique constraint or a plain unique index: what both engines require of a parent key. */
function isKey(table: TableIR, columns: readonly string[]): boolean {
  if (table.primaryKey !== null && sameColumnSet(table.primaryKey.columns, columns)) return true
  if (table.uniques.some((unique) => sameColumnSet(unique.columns, columns))) return true
  return table.indexes.some(
    (index) =>
      index.unique &&
      index.where === null &&
      index.elements.every((element) => 'column' in element) &&
      sameColumnSet(index.elements.map((element) => ('column' in element ? element.column : '')), columns),
  )
}

function targetProblem(foreignKey: ForeignKeyIR, target: TableIR | undefined): string | undefined {
  const { references } = foreignKey
  const targetName = displayTableName({ schema: references.schema, name: references.table })
  if (target === undefined) {
    return `references table ${targetName}, which is not in the model (export it from a schema module; declare a table tsmig should not manage and leave it out with \`include\`)`
  }
  if (references.columns.length !== foreignKey.columns.length) {
    return `has ${foreignKey.columns.length} column(s) but references ${references.columns.length} (${references.columns.join(', ')})`
  }
  const missing = references.columns.find((column) => !target.columns.some((c) => c.name === column))
  if (missing !== undefined) return `references column ${targetName}.${missing}, which does not exist`
  if (!isKey(target, references.columns)) {
    const list = references.columns.map((column) => `${targetName}.${column}`).join(', ')
    return `references ${list}, which is neither the primary key nor unique; the database needs a primary key or unique constraint on exactly these columns`
  }
  return undefined
}

/**
 * The first foreign key of the model the database would refuse: a target
 * table that is not in the model (defined but not exported), an unknown
 * column, column counts that differ, target columns without a primary key or
 * unique constraint, or an option value the database does not know.
 */
export function foreignKeyProblem(model: SchemaIR): ModelProblem | undefined {
  const byKey = new Map<string, TableIR>()
  for (const table of model.tables) byKey.set(tableKey(table), table)
  for (const table of model.tables) {
    for (const foreignKey of table.foreignKeys) {
      const { references } = foreignKey
      const target = byKey.get(tableKey({ schema: references.schema, name: references.table }))
      const problem = foreignKeyOptionProblem(foreignKey) ?? targetProblem(foreignKey, target)
      if (problem === undefined) continue
      const columns = foreignKey.columns.length === 1 ? `column ${foreignKey.columns[0]}` : `columns ${foreignKey.columns.join(', ')}`
      return { table, message: `table ${displayTableName(table)}, ${columns}: foreign key ${foreignKey.name}: ${problem}` }
    }
  }
  return undefined
}
