import type { SchemaIR, TableIR, TableRef } from '../schema/ir.js'
import { displayTableName, tableKey } from '../schema/names.js'
import type { Change, CompareWarning, Comparison } from './change.js'
import { compareColumns } from './compare-columns.js'
import { compareEnums } from './compare-enums.js'
import { rebuildEnumsWhoseNewValuesAreUsed } from './enum-value-usage.js'
import { compareTableObjects } from './compare-table-objects.js'
import { orderTablesByDependency } from './order-tables.js'
import { applyRenames, noRenames, type RenameHints } from './apply-renames.js'
import { orderTableChanges, type TableChanges } from './order-changes.js'

export { noRenames, type RenameHints } from './apply-renames.js'

/**
 * Compare the database (`db`) with the model: the changes that turn the
 * first into the second, in an order the database accepts — enums and new
 * tables before what uses them (parents before children), renames first,
 * then each changed table's changes together (see `orderTableChanges`),
 * foreign keys dropped before what they need goes and added after it
 * comes, table drops children first, enum drops last. Pure: both sides
 * arrive normalized by the dialect.
 */
export function compareSchemas(db: SchemaIR, model: SchemaIR, renames: RenameHints = noRenames): Comparison {
  const warnings: CompareWarning[] = []
  const modelByKey = new Map(model.tables.map((t) => [tableKey(t), t]))
  const renamed = applyRenames(db, model, renames)
  const renameTables: Change[] = []
  const tableChanges: TableChanges[] = []
  const createTables: Change[] = []
  const dropTables: Change[] = []
  const cycleForeignKeyDrops: Change[] = []
  const cycleForeignKeyAdds: Change[] = []

  const matched = new Set<string>()
  const dropped: TableIR[] = []
  for (let i = 0; i < db.tables.length; i++) {
    const dbTable = db.tables[i]
    const renamedTable = renamed.schema.tables[i]
    const modelTable = modelByKey.get(tableKey(renamedTable))
    if (!modelTable) {
      dropped.push(dbTable)
      continue
    }
    matched.add(tableKey(modelTable))
    if (renamedTable.name !== dbTable.name) {
      renameTables.push({
        op: { kind: 'renameTable', table: { schema: dbTable.schema, name: dbTable.name }, newName: renamedTable.name },
        symbol: '~',
        object: displayTableName(dbTable),
        reason: `renamed to ${renamedTable.name}`,
      })
    }
    const changes = compareTablePair(dbTable, renamedTable, modelTable, renames, renamed.touched.has(tableKey(modelTable)), warnings)
    if (changes !== undefined) tableChanges.push(changes)
  }
  const created = model.tables.filter((t) => !matched.has(tableKey(t)))
  warnings.push(...guessedRenames(dropped, created))

  const creates = orderTablesByDependency(created)
  for (const table of creates.tables) {
    createTables.push({ op: { kind: 'createTable', table }, symbol: '+', object: displayTableName(table), reason: 'table added' })
  }
  for (const { table, foreignKey } of creates.deferred) {
    cycleForeignKeyAdds.push({
      op: { kind: 'addConstraint', table: refOf(table), constraint: { type: 'foreignKey', ...foreignKey } },
      symbol: '+',
      object: `${displayTableName(table)}.${foreignKey.name}`,
      reason: 'foreign key added (closes a reference cycle)',
    })
  }
  // Drops mirror creates exactly, so that reversing a drop list gives the create list.
  const drops = orderTablesByDependency(dropped)
  for (const { table, foreignKey } of drops.deferred) {
    cycleForeignKeyDrops.push({
      op: { kind: 'dropConstraint', table: refOf(table), name: foreignKey.name, old: { type: 'foreignKey', ...foreignKey } },
      symbol: '-',
      object: `${displayTableName(table)}.${foreignKey.name}`,
      reason: 'foreign key dropped (closes a reference cycle)',
    })
  }
  for (const table of [...drops.tables].reverse()) {
    dropTables.push({ op: { kind: 'dropTable', table: refOf(table), old: table }, symbol: '-', object: displayTableName(table), reason: 'table dropped' })
  }
  const ordered = orderTableChanges(tableChanges, new Set(created.map(tableKey)), new Set(dropped.map(tableKey)))

  const enums = compareEnums(db.enums, model.enums)
  warnings.push(...enums.warnings)
  const changes = [
    ...enums.creates,
    ...enums.alters,
    // Renames first: every later op of a renamed table names it by its new name.
    ...renameTables,
    ...ordered.earlyForeignKeyDrops,
    ...cycleForeignKeyDrops,
    ...ordered.tables,
    ...createTables,
    ...dropTables,
    ...cycleForeignKeyAdds,
    ...ordered.lateForeignKeyAdds,
    ...enums.drops,
  ]
  return { changes: rebuildEnumsWhoseNewValuesAreUsed(changes), warnings }
}

function refOf(table: TableRef): TableRef {
  return table.schema === undefined ? { name: table.name } : { schema: table.schema, name: table.name }
}

const noColumnRenames: ReadonlyMap<string, string> = new Map()

/** The changes of a table on both sides (`db` as it is, `renamed` after the hinted renames), or undefined when there are none. */
function compareTablePair(
  db: TableIR,
  renamed: TableIR,
  model: TableIR,
  renames: RenameHints,
  touchedByRename: boolean,
  warnings: CompareWarning[],
): TableChanges | undefined {
  const columnRenames = (renames.columns.size === 0 ? undefined : renames.columns.get(tableKey(model))) ?? noColumnRenames
  const columns = compareColumns(db, model, columnRenames, renamed)
  warnings.push(...guessedColumnRenames(model, columns.drops, columns.adds))
  const objects = compareTableObjects(renamed, model, touchedByRename)
  const comments: Change[] = []
  if (db.comment !== model.comment) {
    comments.push({
      op: { kind: 'setTableComment', table: refOf(model), comment: model.comment, old: db.comment },
      symbol: '~',
      object: displayTableName(model),
      reason: `comment ${JSON.stringify(db.comment)} → ${JSON.stringify(model.comment)}`,
    })
  }
  const changes: TableChanges = {
    dropForeignKeys: objects.dropForeignKeys,
    dropObjects: objects.drops,
    renameObjects: objects.renames,
    addColumns: columns.adds,
    alterColumns: columns.alters,
    createObjects: objects.creates,
    dropColumns: columns.drops,
    addForeignKeys: objects.addForeignKeys,
    comments,
  }
  return Object.values(changes).some((list: readonly Change[]) => list.length > 0) ? changes : undefined
}

function guessedColumnRenames(table: TableIR, drops: readonly Change[], adds: readonly Change[]): CompareWarning[] {
  const warnings: CompareWarning[] = []
  for (const drop of drops) {
    if (drop.op.kind !== 'dropColumn') continue
    for (const add of adds) {
      if (add.op.kind !== 'addColumn') continue
      const name = displayTableName(table)
      warnings.push({
        object: `${name}.${drop.op.column}`,
        message: `column ${name}.${drop.op.column} dropped and ${name}.${add.op.column.name} added: if this is a rename, pass --rename ${table.name}.${drop.op.column}:${add.op.column.name} (a drop loses its data)`,
      })
    }
  }
  return warnings
}

/**
 * Without a hint a rename is a drop plus an add, which loses data. Say so
 * when a dropped and an added table (or column) look like one renamed.
 */
function guessedRenames(dropped: readonly TableIR[], created: readonly TableIR[]): CompareWarning[] {
  const warnings: CompareWarning[] = []
  // A rename needs both a dropped and a created table; most runs have only one kind, or neither.
  if (dropped.length === 0 || created.length === 0) return warnings
  // Keyed by schema and column names: a model swapped for another must not cost dropped × created comparisons.
  const shapeOf = (t: TableIR) => `${t.schema ?? ''}\u0000${t.columns.map((c) => c.name).join(',')}`
  const createdByShape = new Map<string, TableIR>()
  for (const c of created) {
    const shape = shapeOf(c)
    if (!createdByShape.has(shape)) createdByShape.set(shape, c)
  }
  for (const d of dropped) {
    const twin = createdByShape.get(shapeOf(d))
    if (twin) {
      warnings.push({
        object: displayTableName(d),
        message: `table ${displayTableName(d)} dropped and ${displayTableName(twin)} added with the same columns: if this is a rename, pass --rename ${d.name}:${twin.name} (a drop loses its rows)`,
      })
    }
  }
  return warnings
}
