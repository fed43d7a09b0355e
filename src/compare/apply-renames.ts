import { applyOp } from '../ops/apply-op.js'
import type { SchemaIR } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'

export interface RenameHints {
  /** Old table name → new table name (same schema). Keys are `tableKey` of the old table. */
  readonly tables: ReadonlyMap<string, string>
  /** `tableKey` of the (new) table → old column → new column. */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>
}

export const noRenames: RenameHints = { tables: new Map(), columns: new Map() }

/** The database as it will be right after the hinted renames, and which tables they touch. */
export interface RenamedDatabase {
  /** Same tables in the same order as the database, renamed. */
  readonly schema: SchemaIR
  /** `tableKey` (new name) of every table a rename changes: renamed, with a renamed column, or pointing at one. */
  readonly touched: ReadonlySet<string>
}

/**
 * Apply `--rename` hints to the database's IR the way the database applies
 * `RENAME`: a renamed table or column is followed into the indexes,
 * constraints and expressions of its table and into the foreign keys of every
 * table that references it, while every name of an index or constraint stays.
 * Comparing this with the model leaves only real differences: a dependent that
 * needs nothing, or one whose name alone differs (a rename op, never a drop
 * and a re-create). A hint that matches nothing is left out here.
 */
export function applyRenames(db: SchemaIR, model: SchemaIR, renames: RenameHints): RenamedDatabase {
  const touched = new Set<string>()
  if (renames.tables.size === 0 && renames.columns.size === 0) return { schema: db, touched }
  // Only a rename the model confirms: one that leads nowhere must not rewrite other tables' foreign keys.
  const modelTables = new Map(model.tables.map((t) => [tableKey(t), t]))
  let schema = db
  for (const table of db.tables) {
    const newName = renames.tables.get(tableKey(table))
    if (newName === undefined || newName === table.name) continue
    const target = { schema: table.schema, name: newName }
    if (!modelTables.has(tableKey(target)) || schema.tables.some((t) => tableKey(t) === tableKey(target))) continue
    schema = applyOp(schema, { kind: 'renameTable', table: { schema: table.schema, name: table.name }, newName })
  }
  for (const table of schema.tables) {
    const columns = renames.columns.get(tableKey(table))
    const modelTable = modelTables.get(tableKey(table))
    if (columns === undefined || modelTable === undefined) continue
    for (const [from, to] of columns) {
      const current = schema.tables.find((t) => tableKey(t) === tableKey(table))!
      if (from === to || !modelTable.columns.some((c) => c.name === to)) continue
      if (!current.columns.some((c) => c.name === from) || current.columns.some((c) => c.name === to)) continue
      schema = applyOp(schema, { kind: 'alterColumn', table: { schema: table.schema, name: table.name }, column: from, changes: { newName: to } })
    }
  }
  // `applyOp` keeps every table it leaves alone as the same object.
  schema.tables.forEach((table, i) => {
    if (table !== db.tables[i]) touched.add(tableKey(table))
  })
  return { schema, touched }
}
