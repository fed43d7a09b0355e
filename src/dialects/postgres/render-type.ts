import type { ColumnType } from '../../schema/ir.js'
import { assertNever } from '../../util/assert-never.js'
import { quoteQualified } from './compile-quote.js'

/**
 * The PostgreSQL DDL spelling of an IR type: `varchar(255)`, `numeric(10,2)`,
 * `timestamp(3) with time zone`, `"audit"."mood"`. The result is also valid
 * after `::` in a cast, which `ALTER COLUMN … TYPE … USING` relies on.
 */
export function renderPostgresType(type: ColumnType): string {
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
      // A scale without a precision is not expressible in PostgreSQL; the precision carries it.
      if (type.precision === undefined) return 'numeric'
      return type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision},${type.scale})`
    case 'timestamp':
    case 'time': {
      const precision = type.precision === undefined ? '' : `(${type.precision})`
      return `${type.kind}${precision}${type.withTimezone ? ' with time zone' : ''}`
    }
    case 'enum':
      return quoteQualified(type.schema, type.name)
    case 'custom':
      return type.sql
    default:
      return assertNever(type)
  }
}
