import { QUOTE_REQUIRED_KEYWORDS } from './expression/keywords.js'
import { quoteIdentifier } from '../../util/sql-quote.js'
import { cutUtf8 } from '../../util/cut-utf8.js'

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
export const MAX_IDENTIFIER_BYTES = 63

/** Always-quoted identifier: `"user"`, `"a""b"`. What tsmig writes in DDL. */
export const quotePostgresIdentifier = quoteIdentifier

/**
 * Quoted only when needed, by PostgreSQL's own `quote_ident` rule (ASCII
 * lower-case letters, digits and `_`, not starting with a digit, not a
 * non-unreserved keyword): the spelling `pg_get_expr` and `format_type` use.
 */
export function quotePostgresIdentifierIfNeeded(name: string): string {
  const simple = /^[a-z_][a-z0-9_]*$/.test(name) && !QUOTE_REQUIRED_KEYWORDS.has(name)
  return simple ? name : quotePostgresIdentifier(name)
}

/**
 * The name PostgreSQL stores for an identifier: cut to 63 bytes without
 * splitting a UTF-8 character (it does the same, with a NOTICE).
 */
export function truncatePostgresIdentifier(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name
  return cutUtf8(name, MAX_IDENTIFIER_BYTES)
}

/**
 * The name PostgreSQL chooses for an unnamed object (`makeObjectName`):
 * `<name1>_<name2>_<label>`, shortening the longer of name1/name2 first so the
 * whole fits in 63 bytes. `users_pkey`, `posts_author_id_fkey`.
 */
export function postgresObjectName(name1: string, name2: string | null, label: string): string {
  const overhead = (name2 === null ? 0 : 1) + label.length + 1
  const available = MAX_IDENTIFIER_BYTES - overhead
  let len1 = Buffer.byteLength(name1, 'utf8')
  let len2 = name2 === null ? 0 : Buffer.byteLength(name2, 'utf8')
  while (len1 + len2 > available) {
    if (len1 > len2) len1--
    else len2--
  }
  const part1 = cutUtf8(name1, len1)
  const part2 = name2 === null ? '' : `_${cutUtf8(name2, len2)}`
  return `${part1}${part2}_${label}`
}
