import type { IndexIR, StorageParameters, UniqueIR } from '../../../schema/ir.js'

/**
 * Normalization of the index options PostgreSQL reports as names and text:
 * operator classes, `NULLS NOT DISTINCT` and storage parameters. Both sides
 * of a comparison go through it.
 */

const bareName = /^[A-Za-z_][A-Za-z0-9_$]*$/

/** `JSONB_PATH_OPS` → `jsonb_path_ops` (unquoted names fold to lower case); `pg_catalog.` is implied. */
export function normalizeOpclass(opclass: string): string {
  const parts = opclass.split('.').map((part) => (bareName.test(part) ? part.toLowerCase() : part))
  if (parts.length === 2 && parts[0] === 'pg_catalog') return parts[1]
  return parts.join('.')
}

/** Storage parameters PostgreSQL takes as booleans, which it stores as written (`on`, `true`, `1`…). */
const BOOLEAN_PARAMETERS = new Set(['deduplicate_items', 'fastupdate', 'autosummarize'])
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1'])
const FALSE_WORDS = new Set(['false', 'off', 'no', '0'])

function normalizeParameterValue(name: string, value: string): string {
  const lower = value.toLowerCase()
  if (BOOLEAN_PARAMETERS.has(name)) {
    if (TRUE_WORDS.has(lower)) return 'true'
    if (FALSE_WORDS.has(lower)) return 'false'
  }
  // Numbers compare by value (`70` = `70.0`); anything else as written, case folded like an unquoted word.
  if (/^-?\d+(\.\d+)?$/.test(value)) return String(Number(value))
  return bareName.test(value) ? lower : value
}

/** Names lower-cased and sorted, values canonical; undefined when there are none. */
export function normalizeStorageParameters(parameters: StorageParameters | undefined): StorageParameters | undefined {
  if (parameters === undefined) return undefined
  const names = Object.keys(parameters)
  if (names.length === 0) return undefined
  const result: Record<string, string> = {}
  for (const name of names.map((n) => n.toLowerCase()).sort()) {
    const original = names.find((n) => n.toLowerCase() === name)!
    result[name] = normalizeParameterValue(name, parameters[original])
  }
  return result
}

/** `nullsNotDistinct` and `with`, present only when set (so that equal IRs are strictly equal). */
export function normalizeUniqueness(object: IndexIR | UniqueIR): Pick<IndexIR, 'nullsNotDistinct' | 'with'> {
  const parameters = normalizeStorageParameters(object.with)
  // NULLS NOT DISTINCT means nothing on a non-unique index.
  const nullsNotDistinct = object.nullsNotDistinct === true && ('unique' in object ? object.unique : true)
  if (!nullsNotDistinct) return parameters === undefined ? {} : { with: parameters }
  return parameters === undefined ? { nullsNotDistinct: true } : { nullsNotDistinct: true, with: parameters }
}
