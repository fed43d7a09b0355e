import type { TableRef } from '../../../schema/ir.js'
import { quoteIdentifier } from '../../../util/sql-quote.js'

export { quoteIdentifier, quoteString as quoteLiteral } from '../../../util/sql-quote.js'

/** An object name, schema-qualified when the IR gives a schema (undefined = current schema). */
export function quoteQualified(schema: string | undefined, name: string): string {
  return schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
}

export function quoteTable(ref: TableRef): string {
  return quoteQualified(ref.schema, ref.name)
}

export function quoteColumnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(', ')
}

/**
 * A dollar-quoted string whose tag does not occur in the body, for DO blocks
 * that embed identifiers (which may contain anything, `$$` included).
 */
export function dollarQuote(body: string): string {
  let tag = '$tsmig$'
  for (let i = 1; body.includes(tag); i++) tag = `$tsmig${i}$`
  return `${tag}${body}${tag}`
}
