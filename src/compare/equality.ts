import type {
  CheckIR,
  ColumnType,
  ForeignKeyIR,
  IdentityIR,
  IndexElement,
  IndexIR,
  PrimaryKeyIR,
  StorageParameters,
  UniqueIR,
} from '../schema/ir.js'
import { identityOptionKeys } from '../schema/identity.js'

/**
 * Typed equality for IR values. Both sides arrive normalized by the dialect,
 * so equality here is exact field by field: no text munging in the comparator.
 */

/**
 * Same kind and same fields of that kind. A switch rather than a loop over
 * field names: the comparator calls this for every column of both sides, and
 * each variant then reads only its own fields.
 */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  switch (a.kind) {
    case 'varchar':
    case 'char':
      return b.kind === a.kind && a.length === b.length
    case 'numeric':
      return b.kind === 'numeric' && a.precision === b.precision && a.scale === b.scale
    case 'timestamp':
    case 'time':
      return b.kind === a.kind && a.withTimezone === b.withTimezone && a.precision === b.precision
    case 'enum':
      return b.kind === 'enum' && a.name === b.name && a.schema === b.schema
    case 'custom':
      return b.kind === 'custom' && a.sql === b.sql
    default:
      return b.kind === a.kind
  }
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Same identity kind, and each sequence option `model` states equal to `db`'s:
 * an option the model leaves out is the database's business (Alembic compares
 * `Identity(...)` the same way), so an identity without options is never a difference.
 */
export function sameIdentity(db: IdentityIR | null, model: IdentityIR | null): boolean {
  if (db === null || model === null) return db === model
  if (db.always !== model.always) return false
  for (const key of identityOptionKeys) if (model[key] !== undefined && model[key] !== db[key]) return false
  return true
}

/** A collation is compared only when the model names one: the database's default is no difference. */
export function sameCollation(db: string | null | undefined, model: string | null | undefined): boolean {
  return model == null || model === db
}

function sameElement(a: IndexElement, b: IndexElement): boolean {
  if (a.desc !== b.desc || a.nulls !== b.nulls || a.opclass !== b.opclass) return false
  if ('column' in a) return 'column' in b && a.column === b.column
  return 'expression' in b && a.expression === b.expression
}

function sameElements(a: readonly IndexElement[], b: readonly IndexElement[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!sameElement(a[i], b[i])) return false
  return true
}

export function formatElement(e: IndexElement): string {
  const base = 'column' in e ? e.column : `(${e.expression})`
  return `${base}${e.opclass === undefined ? '' : ` ${e.opclass}`}${e.desc ? ' DESC' : ''}${e.nulls ? ` NULLS ${e.nulls.toUpperCase()}` : ''}`
}

function formatParameters(parameters: StorageParameters | undefined): string {
  if (parameters === undefined) return 'none'
  return `(${Object.keys(parameters).sort().map((k) => `${k}=${parameters[k]}`).join(', ')})`
}

/**
 * `NULLS NOT DISTINCT` and storage parameters of an index or unique
 * constraint. Storage parameters count only when the model states them: a
 * database's own tuning (a fillfactor set by hand) is not a difference.
 */
function uniquenessDifferences(db: IndexIR | UniqueIR, model: IndexIR | UniqueIR, reasons: string[]): void {
  if ((db.nullsNotDistinct === true) !== (model.nullsNotDistinct === true)) {
    reasons.push(model.nullsNotDistinct === true ? 'NULLS NOT DISTINCT added' : 'NULLS NOT DISTINCT dropped')
  }
  if (model.with !== undefined && formatParameters(db.with) !== formatParameters(model.with)) {
    reasons.push(`storage parameters ${formatParameters(db.with)} → ${formatParameters(model.with)}`)
  }
}

/** How an index differs, as reasons; empty when equal. */
export function indexDifferences(db: IndexIR, model: IndexIR): string[] {
  const reasons: string[] = []
  if (db.unique !== model.unique) reasons.push(model.unique ? 'became unique' : 'no longer unique')
  if (!sameElements(db.elements, model.elements)) {
    reasons.push(`columns (${db.elements.map(formatElement).join(', ')}) → (${model.elements.map(formatElement).join(', ')})`)
  }
  if (db.where !== model.where) {
    reasons.push(`predicate ${db.where === null ? 'none' : `(${db.where})`} → ${model.where === null ? 'none' : `(${model.where})`}`)
  }
  if (db.using !== model.using) reasons.push(`method ${db.using ?? 'btree'} → ${model.using ?? 'btree'}`)
  if (!sameList(db.include, model.include)) {
    reasons.push(`include (${db.include.join(', ')}) → (${model.include.join(', ')})`)
  }
  uniquenessDifferences(db, model, reasons)
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
  const reasons = sameList(db.columns, model.columns) ? [] : [`columns (${db.columns.join(', ')}) → (${model.columns.join(', ')})`]
  uniquenessDifferences(db, model, reasons)
  return reasons
}

export function checkDifferences(db: CheckIR, model: CheckIR): string[] {
  return db.expression === model.expression ? [] : [`expression (${db.expression}) → (${model.expression})`]
}

function formatTarget(fk: ForeignKeyIR): string {
  const table = fk.references.schema === undefined ? fk.references.table : `${fk.references.schema}.${fk.references.table}`
  return `${table}(${fk.references.columns.join(', ')})`
}

/** Targets are the same when they print the same; equal fields, the usual case, are a shortcut. */
function sameTarget(a: ForeignKeyIR, b: ForeignKeyIR): boolean {
  const x = a.references
  const y = b.references
  if (x.schema === y.schema && x.table === y.table && sameList(x.columns, y.columns)) return true
  return formatTarget(a) === formatTarget(b)
}

export function foreignKeyDifferences(db: ForeignKeyIR, model: ForeignKeyIR): string[] {
  const reasons: string[] = []
  if (!sameList(db.columns, model.columns)) {
    reasons.push(`columns (${db.columns.join(', ')}) → (${model.columns.join(', ')})`)
  }
  if (!sameTarget(db, model)) reasons.push(`references ${formatTarget(db)} → ${formatTarget(model)}`)
  if (db.onDelete !== model.onDelete) reasons.push(`on delete ${db.onDelete} → ${model.onDelete}`)
  if (db.onUpdate !== model.onUpdate) reasons.push(`on update ${db.onUpdate} → ${model.onUpdate}`)
  if (db.deferrable !== model.deferrable) {
    reasons.push(`deferrable ${db.deferrable ?? 'not deferrable'} → ${model.deferrable ?? 'not deferrable'}`)
  }
  return reasons
}
