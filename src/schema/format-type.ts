import type { ColumnType } from './ir.js'
import { assertNever } from '../util/assert-never.js'

/** Dialect-neutral display of a column type, for messages and `check` output. */
export function formatType(type: ColumnType): string {
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
    case 'bytea':
      return type.kind
    case 'doublePrecision':
      return 'double precision'
    case 'varchar':
    case 'char':
      return type.length === undefined ? type.kind : `${type.kind}(${type.length})`
    case 'numeric':
      if (type.precision === undefined) return 'numeric'
      return type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision},${type.scale})`
    case 'timestamp':
    case 'time': {
      const p = type.precision === undefined ? '' : `(${type.precision})`
      return `${type.kind}${p}${type.withTimezone ? ' with time zone' : ''}`
    }
    case 'enum':
      return type.schema === undefined ? type.name : `${type.schema}.${type.name}`
    case 'custom':
      return type.sql
    default:
      return assertNever(type)
  }
}
