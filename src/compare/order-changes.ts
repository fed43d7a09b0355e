import type { Op } from '../ops/op.js'
import type { TableRef } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'
import type { Change } from './change.js'

/** The changes of one table that exists on both sides, each list in the order it runs in. */
export interface TableChanges {
  readonly dropForeignKeys: readonly Change[]
  readonly dropObjects: readonly Change[]
  readonly renameObjects: readonly Change[]
  readonly addColumns: readonly Change[]
  readonly alterColumns: readonly Change[]
  readonly createObjects: readonly Change[]
  readonly dropColumns: readonly Change[]
  readonly addForeignKeys: readonly Change[]
  readonly comments: readonly Change[]
}

export interface OrderedChanges {
  /** Foreign keys dropped before anything else changes: another table's change needs them gone. */
  readonly earlyForeignKeyDrops: readonly Change[]
  /** Each table's changes, one run per table. */
  readonly tables: readonly Change[]
  /** Foreign keys added after everything else: they need what another table's changes bring. */
  readonly lateForeignKeyAdds: readonly Change[]
}

function referencedTable(change: Change): TableRef | undefined {
  const op = change.op
  if (op.kind !== 'addConstraint' && op.kind !== 'dropConstraint') return undefined
  const fk = op.kind === 'addConstraint' ? op.constraint : op.old
  if (fk?.type !== 'foreignKey') return undefined
  // A foreign key without a schema points into its own table's schema.
  return { schema: fk.references.schema ?? op.table.schema, name: fk.references.table }
}

/** An op that may take away what a foreign key of another table relies on. */
function mayBreakReference(op: Op): boolean {
  switch (op.kind) {
    case 'dropColumn':
      return true
    case 'alterColumn':
      return op.changes.type !== undefined || op.changes.newName !== undefined
    case 'dropConstraint':
      return op.old === undefined || op.old.type === 'primaryKey' || op.old.type === 'unique'
    case 'dropIndex':
      return op.old === undefined || op.old.unique
    default:
      return false
  }
}

/** An op that may bring what a new foreign key of another table needs. */
function mayProvideReference(op: Op): boolean {
  switch (op.kind) {
    case 'addColumn':
      return true
    case 'alterColumn':
      return op.changes.type !== undefined || op.changes.newName !== undefined
    case 'addConstraint':
      return op.constraint.type === 'primaryKey' || op.constraint.type === 'unique'
    case 'createIndex':
      return op.index.unique
    default:
      return false
  }
}

/**
 * Each table's changes as one run, so that SQLite carries them out in one
 * table rebuild (never a primary key dropped in one rebuild and added in the
 * next, which leaves a serial column without its key in between), and
 * PostgreSQL gets them in an order it accepts. A foreign key leaves its
 * table's run only when another table's changes depend on it: dropped first
 * when the table it references loses or changes what it points at (or is
 * dropped), added last when that table brings what it points at (or is created).
 */
export function orderTableChanges(
  tables: readonly TableChanges[],
  createdTables: ReadonlySet<string>,
  droppedTables: ReadonlySet<string>,
): OrderedChanges {
  const breaking = new Set<string>(droppedTables)
  const providing = new Set<string>(createdTables)
  for (const table of tables) {
    const all = [...table.dropObjects, ...table.addColumns, ...table.alterColumns, ...table.createObjects, ...table.dropColumns]
    for (const change of all) {
      const key = tableKey((change.op as { readonly table: TableRef }).table)
      if (mayBreakReference(change.op)) breaking.add(key)
      if (mayProvideReference(change.op)) providing.add(key)
    }
  }
  const crossesTo = (change: Change, set: ReadonlySet<string>): boolean => {
    const target = referencedTable(change)
    if (target === undefined) return false
    const own = tableKey((change.op as { readonly table: TableRef }).table)
    return tableKey(target) !== own && set.has(tableKey(target))
  }
  const earlyForeignKeyDrops: Change[] = []
  const lateForeignKeyAdds: Change[] = []
  const ordered: Change[] = []
  for (const table of tables) {
    for (const change of table.dropForeignKeys) (crossesTo(change, breaking) ? earlyForeignKeyDrops : ordered).push(change)
    ordered.push(...table.dropObjects, ...table.renameObjects, ...table.addColumns, ...table.alterColumns, ...table.createObjects, ...table.dropColumns)
    for (const change of table.addForeignKeys) (crossesTo(change, providing) ? lateForeignKeyAdds : ordered).push(change)
    ordered.push(...table.comments)
  }
  return { earlyForeignKeyDrops, tables: ordered, lateForeignKeyAdds }
}
