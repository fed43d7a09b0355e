import type { TableRef } from '../../../schema/ir.js'
import { quoteIdentifier, quoteLiteral, quoteTable } from './quote.js'

/** `COMMENT ON TABLE`; null removes the comment. */
export function compileTableComment(table: TableRef, comment: string | null): string {
  return `COMMENT ON TABLE ${quoteTable(table)} IS ${commentValue(comment)}`
}

/** `COMMENT ON COLUMN`; null removes the comment. */
export function compileColumnComment(table: TableRef, column: string, comment: string | null): string {
  return `COMMENT ON COLUMN ${quoteTable(table)}.${quoteIdentifier(column)} IS ${commentValue(comment)}`
}

function commentValue(comment: string | null): string {
  return comment === null ? 'NULL' : quoteLiteral(comment)
}
