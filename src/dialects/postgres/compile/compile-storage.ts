import type { StorageParameters } from '../../../schema/ir.js'

/**
 * ` NULLS NOT DISTINCT` and ` WITH (fillfactor=70)` of an index or unique
 * constraint, in the order PostgreSQL's grammar puts them after the column
 * list. Parameter names are identifiers (lower-case, as the IR keeps them);
 * a value that is not a plain number or word is written as a string literal.
 */
export function compileNullsNotDistinct(nullsNotDistinct: boolean | undefined): string {
  return nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : ''
}

export function compileStorageParameters(parameters: StorageParameters | undefined): string {
  if (parameters === undefined) return ''
  const keys = Object.keys(parameters)
  if (keys.length === 0) return ''
  const value = (text: string): string => (/^(-?\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)$/.test(text) ? text : `'${text.replace(/'/g, "''")}'`)
  return ` WITH (${keys.map((key) => `${key}=${value(parameters[key])}`).join(', ')})`
}
