import { QUOTE_REQUIRED_KEYWORDS } from './keywords.js'

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
export const MAX_IDENTIFIER_BYTES = 63

/** Always-quoted identifier: `"user"`, `"a""b"`. What tsmig writes in DDL. */
export function quotePostgresIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/**
 * Quoted only when needed, by PostgreSQL's own `quote_ident` rule (lower-case
 * letters, digits, `_`, not starting with a digit, not a non-unreserved
 * keyword): the spelling `pg_get_expr` and `format_type` use.
 */
export function quotePostgresIdentifierIfNeeded(name: string): string {
  const simple = /^[a-z_][a-z0-9_$]*$/.test(name) && !QUOTE_REQUIRED_KEYWORDS.has(name)
  return simple ? name : quotePostgresIdentifier(name)
}

/**
 * The name PostgreSQL stores for an identifier: cut to 63 bytes without
 * splitting a UTF-8 character (it does the same, with a NOTICE).
 */
export function truncatePostgresIdentifier(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name
  let out = ''
  let bytes = 0
  for (const ch of name) {
    const size = Buffer.byteLength(ch, 'utf8')
    if (bytes + size > MAX_IDENTIFIER_BYTES) break
    out += ch
    bytes += size
  }
  return out
}
