import type { ColumnIR, IdentityIR, TableIR } from '../schema/ir.js'
import { compactIdentity, identityOptionKeys } from '../schema/identity.js'
import type { ColumnChanges } from '../ops/op.js'
import { formatType } from '../schema/format-type.js'
import { displayTableName } from '../schema/names.js'
import { ByName } from './by-name.js'
import { sameCollation, sameIdentity, sameType } from './equality.js'
import type { Change } from './change.js'

function show(value: string | null): string {
  return value === null ? 'none' : value
}

function showGenerated(column: ColumnIR): string {
  return column.generated === null ? 'none' : `${column.generated}${column.virtual === true ? ' (virtual)' : ''}`
}

function formatIdentity(column: ColumnIR): string {
  if (column.identity) {
    const kind = column.identity.always ? 'identity always' : 'identity by default'
    const options = identityOptionKeys.filter((k) => column.identity![k] !== undefined).map((k) => `${k} ${column.identity![k]}`)
    return options.length === 0 ? kind : `${kind} (${options.join(', ')})`
  }
  return column.autoIncrement ? 'serial' : 'none'
}

/**
 * The identity `alterColumn` sets: the database's options with the ones the
 * model states laid over them, so options the model leaves out keep their values.
 */
function targetIdentity(db: ColumnIR, model: IdentityIR | null): IdentityIR | null {
  // The database's options as far as they differ from the defaults of its type: a type change
  // in the same alter then moves bounds left at the old type's limits, as PostgreSQL does.
  return db.identity === null || model === null ? model : { ...compactIdentity(db.identity, db.type), ...model }
}

/** Nothing of the column differs: what `columnDifferences` would find empty, without building its result. */
function sameColumn(db: ColumnIR, model: ColumnIR): boolean {
  return (
    sameType(db.type, model.type) &&
    db.nullable === model.nullable &&
    db.default === model.default &&
    db.comment === model.comment &&
    sameIdentity(db.identity, model.identity) &&
    db.autoIncrement === model.autoIncrement &&
    db.generated === model.generated &&
    sameCollation(db.collation, model.collation) &&
    (db.virtual === true) === (model.virtual === true)
  )
}

/** What differs between two versions of one column: the changes for `alterColumn` and a reason each. */
export function columnDifferences(db: ColumnIR, model: ColumnIR): { changes: ColumnChanges; reasons: string[] } {
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {}
  const reasons: string[] = []
  if (!sameType(db.type, model.type)) {
    changes.type = model.type
    reasons.push(`type ${formatType(db.type)} → ${formatType(model.type)}`)
  }
  if (db.nullable !== model.nullable) {
    changes.nullable = model.nullable
    reasons.push(model.nullable ? 'NOT NULL dropped' : 'NOT NULL added')
  }
  if (db.default !== model.default) {
    changes.default = model.default
    reasons.push(`default ${show(db.default)} → ${show(model.default)}`)
  }
  if (db.comment !== model.comment) {
    changes.comment = model.comment
    reasons.push(`comment ${JSON.stringify(db.comment)} → ${JSON.stringify(model.comment)}`)
  }
  if (!sameIdentity(db.identity, model.identity) || db.autoIncrement !== model.autoIncrement) {
    if (!sameIdentity(db.identity, model.identity)) changes.identity = targetIdentity(db, model.identity)
    if (db.autoIncrement !== model.autoIncrement) changes.autoIncrement = model.autoIncrement
    reasons.push(`${formatIdentity(db)} → ${formatIdentity(model)}`)
  }
  if (db.generated !== model.generated || (db.virtual === true) !== (model.virtual === true)) {
    changes.generated = model.generated
    // Carried when either side is virtual, so that the reverse restores the old kind too.
    if (db.virtual === true || model.virtual === true) changes.virtual = model.virtual === true
    reasons.push(`generated ${showGenerated(db)} → ${showGenerated(model)}`)
  }
  if (!sameCollation(db.collation, model.collation)) {
    changes.collation = model.collation
    reasons.push(`collation ${show(db.collation ?? null)} → ${show(model.collation ?? null)}`)
  }
  return { changes, reasons }
}

/**
 * Columns of a table present on both sides: added, dropped and altered
 * columns. `renames` maps an old column name to its new name (from
 * `--rename table.old:new`); `renamed` is `db` with the renames applied (its
 * columns in the same order), whose expressions name the new columns, as the
 * database's will after the rename.
 */
export function compareColumns(
  db: TableIR,
  model: TableIR,
  renames: ReadonlyMap<string, string>,
  renamed: TableIR = db,
): { adds: Change[]; alters: Change[]; drops: Change[] } {
  const table = { schema: model.schema, name: model.name }
  const tableName = displayTableName(model)
  const modelColumns = new ByName(model.columns)
  const adds: Change[] = []
  const alters: Change[] = []
  const drops: Change[] = []
  const renamedTo = new Set<string>()
  // Both sides usually list the same columns in the same order; then no model column is new.
  let pairedInOrder = renames.size === 0 && db.columns.length === model.columns.length

  for (let i = 0; i < db.columns.length; i++) {
    const dbColumn = db.columns[i]
    const compared = renamed.columns[i]
    const newName = renames.size === 0 ? undefined : renames.get(dbColumn.name)
    const target = modelColumns.get(newName ?? dbColumn.name)
    if (target !== model.columns[i]) pairedInOrder = false
    if (target !== undefined && newName === undefined && sameColumn(compared, target)) continue
    if (!target) {
      drops.push({
        op: { kind: 'dropColumn', table, column: dbColumn.name, old: dbColumn },
        symbol: '-',
        object: `${tableName}.${dbColumn.name}`,
        reason: 'column dropped',
      })
      continue
    }
    const { changes, reasons } = columnDifferences(compared, target)
    if (newName !== undefined && newName !== dbColumn.name) {
      renamedTo.add(newName)
      reasons.unshift(`renamed to ${newName}`)
      Object.assign(changes, { newName })
    }
    if (reasons.length > 0) {
      alters.push({
        op: { kind: 'alterColumn', table, column: dbColumn.name, changes, old: dbColumn },
        symbol: '~',
        object: `${tableName}.${dbColumn.name}`,
        reason: reasons.join(', '),
      })
    }
  }
  if (pairedInOrder) return { adds, alters, drops }
  const dbColumns = new ByName(db.columns)
  for (const modelColumn of model.columns) {
    if (dbColumns.has(modelColumn.name) && !renamedTo.has(modelColumn.name)) continue
    if (renamedTo.has(modelColumn.name)) continue
    adds.push({
      op: { kind: 'addColumn', table, column: modelColumn },
      symbol: '+',
      object: `${tableName}.${modelColumn.name}`,
      reason: `column added (${formatType(modelColumn.type)}${modelColumn.nullable ? '' : ' NOT NULL'})`,
    })
  }
  return { adds, alters, drops }
}
