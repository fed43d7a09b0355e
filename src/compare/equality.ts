import type {
  CheckIR,
  ColumnType,
  ForeignKeyIR,
  IdentityIR,
  IndexElement,
  IndexIR,
  PrimaryKeyIR,
  UniqueIR,
} from '../schema/ir.js'

/**
 * Typed equality for IR values. Both sides arrive normalized by the dialect,
 * so equality here is exact field by field: no text munging in the comparator.
 */

export function sameType(a: ColumnType, b: ColumnType): boolean {
  if (a.kind !== b.kind) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  // Every variant's fields are optional scalars; compare the ones either side has.
  for (const key of ['length', 'precision', 'scale', 'withTimezone', 'name', 'schema', 'sql']) {
    if (x[key] !== y[key]) return false
  }
  return true
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}

export function sameIdentity(a: IdentityIR | null, b: IdentityIR | null): boolean {
  return a === null || b === null ? a === b : a.always === b.always
}

function sameElement(a: IndexElement, b: IndexElement): boolean {
  if (a.desc !== b.desc || a.nulls !== b.nulls) return false
  if ('column' in a) return 'column' in b && a.column === b.column
  return 'expression' in b && a.expression === b.expression
}

export function formatElement(e: IndexElement): string {
  const base = 'column' in e ? e.column : `(${e.expression})`
  return `${base}${e.desc ? ' DESC' : ''}${e.nulls ? ` NULLS ${e.nulls.toUpperCase()}` : ''}`
}

/** How an index differs, as reasons; empty when equal. */
export function indexDifferences(db: IndexIR, model: IndexIR): string[] {
  const reasons: string[] = []
  if (db.unique !== model.unique) reasons.push(model.unique ? 'became unique' : 'no longer unique')
  if (db.elements.length !== model.elements.length || !db.elements.every((e, i) => sameElement(e, model.elements[i]))) {
    reasons.push(`columns (${db.elements.map(formatElement).join(', ')}) → (${model.elements.map(formatElement).join(', ')})`)
  }
  if (db.where !== model.where) {
    reasons.push(`predicate ${db.where === null ? 'none' : `(${db.where})`} → ${model.where === null ? 'none' : `(${model.where})`}`)
  }
  if (db.using !== model.using) reasons.push(`method ${db.using ?? 'btree'} → ${model.using ?? 'btree'}`)
  if (!sameList(db.include, model.include)) {
    reasons.push(`include (${db.include.join(', ')}) → (${model.include.join(', ')})`)
  }
  return reasons
}

export function primaryKeyDifferences(db: PrimaryKeyIR, model: PrimaryKeyIR): string[] {
  const reasons: string[] = []
  if (!sameList(db.columns, model.columns)) {
    reasons.push(`columns (${db.columns.join(', ')}) → (${model.columns.join(', ')})`)
  }
  if (db.name !== model.name && db.name !== null && model.name !== null) {
    reasons.push(`name ${db.name} → ${model.name}`)
  }
  return reasons
}

export function uniqueDifferences(db: UniqueIR, model: UniqueIR): string[] {
  return sameList(db.columns, model.columns)
    ? []
    : [`columns (${db.columns.join(', ')}) → (${model.columns.join(', ')})`]
}

export function checkDifferences(db: CheckIR, model: CheckIR): string[] {
  return db.expression === model.expression ? [] : [`expression (${db.expression}) → (${model.expression})`]
}

function formatTarget(fk: ForeignKeyIR): string {
  const table = fk.references.schema === undefined ? fk.references.table : `${fk.references.schema}.${fk.references.table}`
  return `${table}(${fk.references.columns.join(', ')})`
}

export function foreignKeyDifferences(db: ForeignKeyIR, model: ForeignKeyIR): string[] {
  const reasons: string[] = []
  if (!sameList(db.columns, model.columns)) {
    reasons.push(`columns (${db.columns.join(', ')}) → (${model.columns.join(', ')})`)
  }
  if (formatTarget(db) !== formatTarget(model)) reasons.push(`references ${formatTarget(db)} → ${formatTarget(model)}`)
  if (db.onDelete !== model.onDelete) reasons.push(`on delete ${db.onDelete} → ${model.onDelete}`)
  if (db.onUpdate !== model.onUpdate) reasons.push(`on update ${db.onUpdate} → ${model.onUpdate}`)
  if (db.deferrable !== model.deferrable) {
    reasons.push(`deferrable ${db.deferrable ?? 'not deferrable'} → ${model.deferrable ?? 'not deferrable'}`)
  }
  return reasons
}
