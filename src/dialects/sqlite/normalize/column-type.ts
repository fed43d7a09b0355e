import type { ColumnType } from '../../../schema/ir.js'
import { TsmigError } from '../../../errors.js'
import { assertNever } from '../../../util/assert-never.js'
import { memoizedByText } from '../../../util/memoize-by-text.js'

/**
 * Column types on SQLite. A column keeps the type name it was declared with
 * (`varchar(255)`, `timestamp`, `boolean`) and SQLite derives its affinity
 * from that name, so tsmig writes the natural declared name of each IR type
 * and reads declared names back into the IR.
 */

const simpleTypes: Record<string, ColumnType> = {
  integer: { kind: 'integer' },
  int: { kind: 'integer' },
  int4: { kind: 'integer' },
  bigint: { kind: 'bigint' },
  int8: { kind: 'bigint' },
  smallint: { kind: 'smallint' },
  int2: { kind: 'smallint' },
  text: { kind: 'text' },
  boolean: { kind: 'boolean' },
  bool: { kind: 'boolean' },
  date: { kind: 'date' },
  real: { kind: 'real' },
  float4: { kind: 'real' },
  'double precision': { kind: 'doublePrecision' },
  float8: { kind: 'doublePrecision' },
  json: { kind: 'json' },
  jsonb: { kind: 'jsonb' },
  uuid: { kind: 'uuid' },
  blob: { kind: 'bytea' },
  bytea: { kind: 'bytea' },
}

const timeTypes: Record<string, { kind: 'timestamp' | 'time'; withTimezone: boolean }> = {
  timestamp: { kind: 'timestamp', withTimezone: false },
  'timestamp without time zone': { kind: 'timestamp', withTimezone: false },
  timestamptz: { kind: 'timestamp', withTimezone: true },
  'timestamp with time zone': { kind: 'timestamp', withTimezone: true },
  time: { kind: 'time', withTimezone: false },
  'time without time zone': { kind: 'time', withTimezone: false },
  timetz: { kind: 'time', withTimezone: true },
  'time with time zone': { kind: 'time', withTimezone: true },
}

/**
 * A declared SQLite type name (`pragma_table_xinfo.type`) as an IR type;
 * unknown ones are custom, lower-cased. A schema declares a few dozen
 * distinct names across thousands of columns: each is parsed once.
 */
export const parseSqliteType: (declared: string) => ColumnType = memoizedByText(parseDeclaredType, 1000)

function parseDeclaredType(declared: string): ColumnType {
  const text = declared.trim().replace(/\s+/g, ' ').toLowerCase()
  const match = /^([a-z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(text)
  if (match === null) return { kind: 'custom', sql: text }
  const name = match[1]
  const first = match[2] === undefined ? undefined : Number(match[2])
  const second = match[3] === undefined ? undefined : Number(match[3])
  if (first === undefined && name in simpleTypes) return simpleTypes[name]
  if (second === undefined) {
    if (name === 'varchar' || name === 'character varying') return withLength('varchar', first)
    if (name === 'char' || name === 'character') return withLength('char', first)
    if (name in timeTypes) {
      const { kind, withTimezone } = timeTypes[name]
      return first === undefined ? { kind, withTimezone } : { kind, withTimezone, precision: first }
    }
  }
  if (name === 'numeric' || name === 'decimal') {
    if (first === undefined) return { kind: 'numeric' }
    return second === undefined ? { kind: 'numeric', precision: first } : { kind: 'numeric', precision: first, scale: second }
  }
  return { kind: 'custom', sql: text }
}

function withLength(kind: 'varchar' | 'char', length: number | undefined): ColumnType {
  return length === undefined ? { kind } : { kind, length }
}

/** The declared type name tsmig writes for an IR type. */
export function renderSqliteType(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'smallint':
    case 'text':
    case 'boolean':
    case 'date':
    case 'real':
    case 'json':
    case 'jsonb':
    case 'uuid':
      return type.kind
    case 'doublePrecision':
      return 'double precision'
    case 'bytea':
      // `blob` gives BLOB affinity; `bytea` would give NUMERIC.
      return 'blob'
    case 'varchar':
    case 'char':
      return type.length === undefined ? type.kind : `${type.kind}(${type.length})`
    case 'numeric':
      if (type.precision === undefined) return 'numeric'
      return type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision},${type.scale})`
    case 'timestamp':
    case 'time': {
      // SQLite only allows the `(n)` at the end of a type name, hence `timestamptz(3)`.
      const name = type.withTimezone ? `${type.kind}tz` : type.kind
      return type.precision === undefined ? name : `${name}(${type.precision})`
    }
    case 'enum':
      // normalizeTable turns enum columns into text with a CHECK before anything is rendered.
      throw new TsmigError(`SQLite has no enum types (enum ${type.name}); the column must be normalized to text first`)
    case 'custom':
      return type.sql
    default:
      return assertNever(type)
  }
}
