import type { TableRef } from './ir.js'

/** Key for maps of tables: unique per schema-qualified name. */
export function tableKey(ref: TableRef): string {
  return ref.schema === undefined ? ref.name : `${ref.schema}\u0000${ref.name}`
}

/** Human-readable name for messages: `users`, `audit.events`. */
export function displayTableName(ref: TableRef): string {
  return ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`
}

export function sameTable(a: TableRef, b: TableRef): boolean {
  return a.name === b.name && a.schema === b.schema
}
