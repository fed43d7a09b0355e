import type { ConstraintIR, TableIR, TableRef } from '../schema/ir.js'
import { displayTableName } from '../schema/names.js'
import { ByName } from './by-name.js'
import type { Change } from './change.js'
import {
  checkDifferences,
  foreignKeyDifferences,
  indexDifferences,
  primaryKeyDifferences,
  uniqueDifferences,
} from './equality.js'

/** Index and constraint changes of one table, split by the phase they run in. */
export interface TableObjectChanges {
  /** Foreign keys dropped (first, so referenced things can change). */
  readonly dropForeignKeys: Change[]
  /** Indexes and pk/unique/check constraints dropped. */
  readonly drops: Change[]
  /** Indexes and constraints whose name alone differs, renamed. */
  readonly renames: Change[]
  /** Indexes and pk/unique/check constraints created. */
  readonly creates: Change[]
  /** Foreign keys added (last, after every table and column they need exists). */
  readonly addForeignKeys: Change[]
}

interface Named {
  readonly name: string
}

/**
 * Match two lists of named objects: a name on one side only is a drop or an
 * add; a name on both sides whose definitions differ is a drop plus an add
 * (indexes and constraints have no ALTER), both carrying the reasons. With
 * `renames`, an object left on one side whose definition equals one left on
 * the other is the same object under a new name: a rename, not a drop + add.
 */
function matchByName<T extends Named>(
  db: readonly T[],
  model: readonly T[],
  differences: (db: T, model: T) => string[],
  emit: (kind: 'drop' | 'add', item: T, reason: string) => void,
  rename?: (from: T, to: T) => void,
): void {
  if (db.length === 0 && model.length === 0) return
  const modelByName = new ByName(model)
  const dropped: T[] = []
  // Both sides usually list the same objects in the same order; then nothing of the model is new.
  let pairedInOrder = db.length === model.length
  for (let i = 0; i < db.length; i++) {
    const d = db[i]
    const m = modelByName.get(d.name)
    if (m !== model[i]) pairedInOrder = false
    if (!m) dropped.push(d)
    else {
      const reasons = differences(d, m)
      if (reasons.length > 0) {
        emit('drop', d, reasons.join(', '))
        emit('add', m, reasons.join(', '))
      }
    }
  }
  if (pairedInOrder) return
  const dbByName = new ByName(db)
  const added = model.filter((m) => !dbByName.has(m.name))
  for (const d of dropped) {
    const twin = rename === undefined ? -1 : added.findIndex((m) => differences(d, m).length === 0)
    if (twin < 0) emit('drop', d, 'dropped')
    else {
      rename!(d, added[twin])
      added.splice(twin, 1)
    }
  }
  for (const m of added) emit('add', m, 'added')
}

function constraintLabel(c: ConstraintIR): string {
  switch (c.type) {
    case 'primaryKey':
      return 'primary key'
    case 'unique':
      return 'unique constraint'
    case 'check':
      return 'check constraint'
    case 'foreignKey':
      return 'foreign key'
  }
}

function constraintChange(table: TableRef, kind: 'drop' | 'add', c: ConstraintIR, reason: string): Change {
  const object = `${displayTableName(table)}.${c.name}`
  const label = constraintLabel(c)
  return kind === 'drop'
    ? { op: { kind: 'dropConstraint', table, name: c.name, old: c }, symbol: '-', object, reason: `${label} ${reason}` }
    : { op: { kind: 'addConstraint', table, constraint: c }, symbol: '+', object, reason: `${label} ${reason}` }
}

/**
 * Compare indexes and constraints of a table present on both sides. With
 * `findRenames` (a table renamed or with renamed columns), an object whose
 * name alone differs is renamed.
 */
export function compareTableObjects(db: TableIR, model: TableIR, findRenames = false): TableObjectChanges {
  const table: TableRef = { schema: model.schema, name: model.name }
  const result: TableObjectChanges = { dropForeignKeys: [], drops: [], renames: [], creates: [], addForeignKeys: [] }
  const tableName = displayTableName(model)
  const renameIndex = (from: Named, to: Named): void => {
    result.renames.push({
      op: { kind: 'renameIndex', table, name: from.name, newName: to.name },
      symbol: '~',
      object: `${tableName}.${from.name}`,
      reason: `index renamed to ${to.name}`,
    })
  }
  const renameConstraint = (label: string) => (from: Named, to: Named): void => {
    result.renames.push({
      op: { kind: 'renameConstraint', table, name: from.name, newName: to.name },
      symbol: '~',
      object: `${tableName}.${from.name}`,
      reason: `${label} renamed to ${to.name}`,
    })
  }
  const ifRenaming = <T extends Named>(f: (from: T, to: T) => void) => (findRenames ? f : undefined)

  matchByName(db.indexes, model.indexes, indexDifferences, (kind, index, reason) => {
    const object = `${tableName}.${index.name}`
    if (kind === 'drop') {
      result.drops.push({ op: { kind: 'dropIndex', table, name: index.name, old: index }, symbol: '-', object, reason: `index ${reason}` })
    } else {
      result.creates.push({ op: { kind: 'createIndex', table, index }, symbol: '+', object, reason: `index ${reason}` })
    }
  }, ifRenaming(renameIndex))

  const route = (kind: 'drop' | 'add', c: ConstraintIR, reason: string): void => {
    const change = constraintChange(table, kind, c, reason)
    if (c.type === 'foreignKey') (kind === 'drop' ? result.dropForeignKeys : result.addForeignKeys).push(change)
    else (kind === 'drop' ? result.drops : result.creates).push(change)
  }

  comparePrimaryKeys(db, model, route, ifRenaming(renameConstraint('primary key')))
  // Matched as they are; only what changes becomes a ConstraintIR.
  matchByName(db.uniques, model.uniques, uniqueDifferences, (kind, u, reason) => route(kind, { type: 'unique', ...u }, reason), ifRenaming(renameConstraint('unique constraint')))
  matchByName(db.checks, model.checks, checkDifferences, (kind, c, reason) => route(kind, { type: 'check', ...c }, reason), ifRenaming(renameConstraint('check constraint')))
  matchByName(
    db.foreignKeys,
    model.foreignKeys,
    foreignKeyDifferences,
    (kind, f, reason) => route(kind, { type: 'foreignKey', ...f }, reason),
    ifRenaming(renameConstraint('foreign key')),
  )
  return result
}

function comparePrimaryKeys(
  db: TableIR,
  model: TableIR,
  route: (kind: 'drop' | 'add', c: ConstraintIR, reason: string) => void,
  rename: ((from: Named, to: Named) => void) | undefined,
): void {
  const asConstraint = (t: TableIR): ConstraintIR | null =>
    t.primaryKey ? { type: 'primaryKey', name: t.primaryKey.name ?? `${t.name}_pkey`, columns: t.primaryKey.columns } : null
  const before = asConstraint(db)
  const after = asConstraint(model)
  if (before && !after) route('drop', before, 'dropped')
  else if (!before && after) route('add', after, 'added')
  else if (before && after && db.primaryKey && model.primaryKey) {
    const reasons = primaryKeyDifferences(db.primaryKey, model.primaryKey)
    if (rename !== undefined && before.name !== after.name && primaryKeyDifferences({ ...db.primaryKey, name: null }, model.primaryKey).length === 0) {
      rename(before, after)
    } else if (reasons.length > 0) {
      route('drop', before, reasons.join(', '))
      route('add', after, reasons.join(', '))
    }
  }
}
