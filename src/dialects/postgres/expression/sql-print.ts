import type { SqlToken } from './sql-tokens.js'
import { FUNCTION_LIKE_KEYWORDS, OPERATOR_KEYWORDS, UPPERCASE_KEYWORDS } from './keywords.js'
import { quotePostgresIdentifierIfNeeded } from '../identifiers.js'

/**
 * Print tokens with one canonical spacing and keyword case, whatever the input
 * looked like. The spacing imitates `pg_get_expr(…, true)` so normalized text
 * stays familiar; what matters is that equal token lists print equal text.
 */
export function printSqlTokens(tokens: readonly SqlToken[]): string {
  let out = ''
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (i > 0 && needsSpace(tokens, i)) out += ' '
    out += tokenText(token)
  }
  return out
}

export function tokenText(token: SqlToken): string {
  switch (token.kind) {
    case 'string':
    case 'verbatim':
      return token.raw
    case 'qident':
      return quotePostgresIdentifierIfNeeded(token.value)
    case 'word':
      if (UPPERCASE_KEYWORDS.has(token.value)) return token.value.toUpperCase()
      // An unquoted identifier with non-ASCII letters or `$` prints quoted, as PostgreSQL prints it.
      return /^[a-z_][a-z0-9_]*$/.test(token.value) ? token.value : quotePostgresIdentifierIfNeeded(token.value)
    case 'number':
    case 'param':
    case 'op':
    case 'punct':
    case 'type':
      return token.value
  }
}

function isPunct(token: SqlToken | undefined, ...values: string[]): boolean {
  return token !== undefined && token.kind === 'punct' && values.includes(token.value)
}

function isOp(token: SqlToken | undefined, value: string): boolean {
  return token !== undefined && token.kind === 'op' && token.value === value
}

/** Is the operator at `i` a prefix (sign, `NOT`-like) operator rather than a binary one? */
export function isPrefixOperator(tokens: readonly SqlToken[], i: number): boolean {
  const prev = tokens[i - 1]
  if (prev === undefined) return true
  if (prev.kind === 'op') return true
  if (isPunct(prev, '(', '[', ',')) return true
  return prev.kind === 'word' && OPERATOR_KEYWORDS.has(prev.value)
}

function needsSpace(tokens: readonly SqlToken[], i: number): boolean {
  const prev = tokens[i - 1]
  const cur = tokens[i]
  // `schema.table.column` sticks together; a stray dot next to a number must not become a decimal point.
  if (isPunct(cur, '.')) return !(prev.kind === 'word' || prev.kind === 'qident' || isPunct(prev, ')'))
  if (isPunct(prev, '.')) return !(cur.kind === 'word' || cur.kind === 'qident' || isOp(cur, '*'))
  if (isPunct(cur, ')', ']', ',', ';', '::', '[', ':')) return false
  if (isPunct(prev, '(', '[', '::', ':')) return false
  // A sign sticks to its number (`-1`); other prefix operators are spaced as PostgreSQL prints them (`- a`).
  // (Never `--`: that would start a comment.)
  if (prev.kind === 'op' && isPrefixOperator(tokens, i - 1)) return cur.kind !== 'number' || /^[+-]/.test(cur.value)
  if (isPunct(cur, '(')) {
    if (prev.kind === 'qident' || isPunct(prev, ')', ']')) return false
    // `lower(x)`, `COALESCE(x, y)` but `= ANY (…)`, `IN (…)`, `AND (…)`.
    if (prev.kind === 'word') return UPPERCASE_KEYWORDS.has(prev.value) && !FUNCTION_LIKE_KEYWORDS.has(prev.value)
    if (prev.kind === 'type') return false
  }
  return true
}
