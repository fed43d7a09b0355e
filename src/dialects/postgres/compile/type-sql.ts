import type { ColumnType } from '../../../schema/ir.js'
import { formatType } from '../../../schema/format-type.js'
import { quoteQualified } from './quote.js'

/**
 * The PostgreSQL DDL spelling of an IR type: `varchar(255)`, `numeric(10,2)`,
 * `timestamp(3) with time zone`, `"audit"."mood"`. tsmig's neutral display of
 * a type is PostgreSQL's own spelling, so only enum names (identifiers that
 * need quoting) differ. The result is also valid after `::` in a cast, which
 * `ALTER COLUMN … TYPE … USING` relies on.
 */
export function renderPostgresType(type: ColumnType): string {
  return type.kind === 'enum' ? quoteQualified(type.schema, type.name) : formatType(type)
}
