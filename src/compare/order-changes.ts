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

interface Reference {
  readonly table: string
  readonly columns: readonly string[]
}

/** The table (as a `tableKey`) and columns a foreign-key change points at, if it is one. */
function referenceOf(change: Change): Reference | undefined {
  const op = change.op
  if (op.kind !== 'addConstraint' && op.kind !== 'dropConstraint') return undefined
  const fk = op.kind === 'addConstraint' ? op.constraint : op.old
  if (fk?.type !== 'foreignKey') return undefined
  // A foreign key without a schema points into its own table's schema.
  return { table: tableKey({ schema: fk.references.schema ?? op.table.schema, name: fk.references.table }), columns: fk.references.columns }
}

/** What a table's changes take away (or bring) that a foreign key may point at: columns and keys. */
class KeyEffects {
  readonly columns = new Set<string>()
  readonly keys: (readonly string[])[] = []
  /** A key whose columns are unknown (a hand-made drop without its old definition). */
  anyKey = false

  touches(columns: readonly string[]): boolean {
    if (this.anyKey || columns.some((c) => this.columns.has(c))) return true
    const wanted = [...columns].sort().join('\u0000')
    return this.keys.some((key) => [...key].sort().join('\u0000') === wanted)
  }
}

function indexColumns(elements: readonly ({ readonly column: string } | { readonly expression: string })[]): string[] {
  return elements.flatMap((e) => ('column' in e ? [e.column] : []))
}

/** Record what `op` may take away from foreign keys of other tables that point at its table. */
function recordBreaking(op: Op, effects: KeyEffects): void {
  switch (op.kind) {
    case 'dropColumn':
      effects.columns.add(op.column)
      return
    case 'alterColumn':
      if (op.changes.type === undefined && op.changes.newName === undefined) return
      effects.columns.add(op.column)
      if (op.changes.newName !== undefined) effects.columns.add(op.changes.newName)
      return
    case 'dropConstraint':
      if (op.old === undefined) effects.anyKey = true
      else if (op.old.type === 'primaryKey' || op.old.type === 'unique') effects.keys.push(op.old.columns)
      return
    case 'dropIndex':
      if (op.old === undefined) effects.anyKey = true
      else if (op.old.unique) effects.keys.push(indexColumns(op.old.elements))
      return
    default:
      return
  }
}

/** Record what `op` may bring that a new foreign key of another table needs. */
function recordProviding(op: Op, effects: KeyEffects): void {
  switch (op.kind) {
    case 'addColumn':
      effects.columns.add(op.column.name)
      return
    case 'alterColumn':
      if (op.changes.type === undefined && op.changes.newName === undefined) return
      effects.columns.add(op.changes.newName ?? op.column)
      return
    case 'addConstraint':
      if (op.constraint.type === 'primaryKey' || op.constraint.type === 'unique') effects.keys.push(op.constraint.columns)
      return
    case 'createIndex':
      if (op.index.unique) effects.keys.push(indexColumns(op.index.elements))
      return
    default:
      return
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
  const breaking = new Map<string, KeyEffects>()
  const providing = new Map<string, KeyEffects>()
  const effectsOf = (map: Map<string, KeyEffects>, key: string): KeyEffects => {
    let effects = map.get(key)
    if (effects === undefined) map.set(key, (effects = new KeyEffects()))
    return effects
  }
  for (const table of tables) {
    const all = [...table.dropObjects, ...table.addColumns, ...table.alterColumns, ...table.createObjects, ...table.dropColumns]
    for (const change of all) {
      const key = tableKey((change.op as { readonly table: TableRef }).table)
      recordBreaking(change.op, effectsOf(breaking, key))
      recordProviding(change.op, effectsOf(providing, key))
    }
  }
  const crosses = (change: Change, whole: ReadonlySet<string>, effects: ReadonlyMap<string, KeyEffects>): boolean => {
    const target = referenceOf(change)
    if (target === undefined || target.table === tableKey((change.op as { readonly table: TableRef }).table)) return false
    return whole.has(target.table) || (effects.get(target.table)?.touches(target.columns) ?? false)
  }
  const earlyForeignKeyDrops: Change[] = []
  const lateForeignKeyAdds: Change[] = []
  const ordered: Change[] = []
  for (const table of tables) {
    for (const change of table.dropForeignKeys) (crosses(change, droppedTables, breaking) ? earlyForeignKeyDrops : ordered).push(change)
    ordered.push(...table.dropObjects, ...table.renameObjects, ...table.addColumns, ...table.alterColumns, ...table.createObjects, ...table.dropColumns)
    for (const change of table.addForeignKeys) (crosses(change, createdTables, providing) ? lateForeignKeyAdds : ordered).push(change)
    ordered.push(...table.comments)
  }
  return { earlyForeignKeyDrops, tables: ordered, lateForeignKeyAdds }
}
