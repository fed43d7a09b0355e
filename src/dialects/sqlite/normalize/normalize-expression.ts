import { sqliteKeywords } from '../expression/sqlite-keywords.js'
import { closingParenIndex, isPunct, joinTokens, tokenizeSql, type SqlToken } from '../expression/tokenize-sql.js'
import { memoizedByText } from '../../../util/memoize-by-text.js'
import { canonicalNumber } from '../../../util/canonical-number.js'
import type { ColumnType } from '../../../schema/ir.js'

/**
 * SQL expression text in the form both sides of a comparison share: comments
 * dropped, whitespace collapsed to single spaces, redundant outer parentheses
 * removed, a plain lower-case identifier unquoted (`"price"` → `price`:
 * `ALTER TABLE … RENAME COLUMN` writes the new name quoted into every
 * expression that uses it). The spelling is otherwise kept: SQLite stores
 * CHECK, index and generated expressions verbatim, so the model's text comes
 * back as written.
 */
export function normalizeSqlExpression(text: string): string {
  return joinTokens(stripOuterParens(tokenizeSql(text)).map(unquotePlainIdentifier))
}

function unquotePlainIdentifier(token: SqlToken): SqlToken {
  if (token.kind !== 'quoted' || !token.text.startsWith('"')) return token
  if (!/^[a-z_][a-z0-9_]*$/.test(token.value) || sqliteKeywords.has(token.value.toUpperCase())) return token
  return { ...token, kind: 'word', text: token.value, upper: token.value.toUpperCase() }
}

/** `((a > 0))` → `a > 0`; `(a) + (b)` stays as it is. */
export function stripOuterParens(tokens: readonly SqlToken[]): readonly SqlToken[] {
  let result = tokens
  while (
    result.length >= 2 &&
    isPunct(result[0], '(') &&
    closingParenIndex(result, 0) === result.length - 1
  ) {
    result = result.slice(1, -1)
  }
  return result
}

const upperKeywords = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME'])
const lowerKeywords = new Set(['TRUE', 'FALSE'])

const normalizeDefaultMemo = memoizedByText(normalizeDefaultText)

/**
 * A column default as SQLite reports it (`pragma_table_xinfo.dflt_value`,
 * which already drops the parentheses of `DEFAULT (expr)`), normalized:
 * `DEFAULT NULL` is no default, `TRUE`/`FALSE` are written lower-case and
 * `current_timestamp` upper-case, as the model writes them.
 */
export function normalizeDefault(text: string | null): string | null {
  return text === null ? null : normalizeDefaultMemo(text)
}

function normalizeDefaultText(text: string): string | null {
  const tokens = stripOuterParens(tokenizeSql(text))
  if (tokens.length === 0) return null
  if (tokens.length === 1 && tokens[0].kind === 'word') {
    const upper = tokens[0].upper
    if (upper === 'NULL') return null
    if (upperKeywords.has(upper)) return upper
    if (lowerKeywords.has(upper)) return upper.toLowerCase()
  }
  return joinTokens(tokens)
}

/**
 * A default the model wrote for PostgreSQL, in SQLite terms: `now()` and
 * `current_timestamp` both become `CURRENT_TIMESTAMP` (SQLite has no `now()`;
 * its `CURRENT_TIMESTAMP` is UTC text `YYYY-MM-DD HH:MM:SS`).
 */
export function normalizeModelDefault(text: string | null): string | null {
  const normalized = normalizeDefault(text)
  if (normalized === null) return null
  if (/^now\s*\(\s*\)$/i.test(normalized)) return 'CURRENT_TIMESTAMP'
  return normalized
}

/**
 * Can the default be written without parentheses? SQLite's grammar accepts a
 * bare literal, signed number or `CURRENT_*` keyword; anything else must be
 * `DEFAULT (expr)`. Memoized: every default of every table rendered asks.
 */
export const isLiteralDefault: (text: string) => boolean = memoizedByText(literalDefault)

function literalDefault(text: string): boolean {
  const tokens = tokenizeSql(text)
  if (tokens.length === 2 && tokens[0].kind === 'operator' && (tokens[0].text === '-' || tokens[0].text === '+')) {
    return tokens[1].kind === 'number'
  }
  if (tokens.length !== 1) return false
  const [token] = tokens
  if (token.kind === 'string' || token.kind === 'number' || token.kind === 'blob') return true
  const upper = token.upper
  return upper === 'NULL' || upperKeywords.has(upper) || lowerKeywords.has(upper)
}

/**
 * Is the default a constant SQLite accepts in `ALTER TABLE … ADD COLUMN`?
 * (It refuses `CURRENT_*` and any parenthesized expression there.)
 */
export function isConstantDefault(text: string | null): boolean {
  if (text === null) return true
  if (!isLiteralDefault(text)) return false
  return !upperKeywords.has(text.trim().toUpperCase())
}

/**
 * The form two expressions are compared in (never written: SQLite stores
 * what tsmig writes verbatim, so tsmig writes each side's own text).
 * SQLite's identifiers, keywords and function names are case-insensitive and
 * spacing means nothing, so on top of `normalizeSqlExpression`: keywords
 * upper-case (`true`/`false` lower, as the model writes them), other words
 * lower-case, a quoted identifier that needs no quotes bare (`"Price"` →
 * `price`), and one spacing. `x>0` = `x > 0`; `"x" in ('a','b')` = `x IN ('a', 'b')`.
 */
export const comparableSqlExpression: (text: string) => string = memoizedByText(comparableExpressionText)

function comparableExpressionText(text: string): string {
  const tokens = stripOuterParens(tokenizeSql(text)).map(comparableToken)
  let out = ''
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && spaceBetween(tokens[i - 1], tokens[i], tokens[i - 2])) out += ' '
    out += tokens[i].text
  }
  return out
}

const isKeyword = (token: SqlToken | undefined): boolean => token?.kind === 'word' && sqliteKeywords.has(token.upper)

/** One canonical spacing: `f(a, b)`, `x IN (…)`, `a.b`, `-1`, spaces around binary operators. */
function spaceBetween(previous: SqlToken, token: SqlToken, beforePrevious: SqlToken | undefined): boolean {
  if (isPunct(previous, '(') || previous.text === '.' || isPunct(token, ')') || isPunct(token, ',') || token.text === '.') return false
  // A function call: `lower(x)`; a keyword before a parenthesis keeps its space: `IN (`.
  if (isPunct(token, '(')) return !(previous.kind === 'word' || previous.kind === 'quoted') || isKeyword(previous)
  // A sign: `-1`, `= -1`, `(-1`, `, -1`, `AND -1`.
  if (previous.kind === 'operator' && (previous.text === '-' || previous.text === '+')) {
    const unary = beforePrevious === undefined || beforePrevious.kind === 'operator' || (beforePrevious.kind === 'punct' && !isPunct(beforePrevious, ')')) || isKeyword(beforePrevious)
    if (unary) return false
  }
  return true
}

function comparableToken(token: SqlToken): SqlToken {
  if (token.kind === 'word') {
    const text = sqliteKeywords.has(token.upper) && token.upper !== 'TRUE' && token.upper !== 'FALSE' ? token.upper : token.text.toLowerCase()
    return { ...token, text }
  }
  if (token.kind === 'quoted' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(token.value) && !sqliteKeywords.has(token.value.toUpperCase())) {
    return { ...token, kind: 'word', text: token.value.toLowerCase(), upper: token.value.toUpperCase() }
  }
  return token
}

const numericKinds = new Set(['integer', 'bigint', 'smallint', 'numeric', 'real', 'doublePrecision'])

/**
 * A default in the form two defaults are compared in, for a column of type
 * `type`: as `normalizeDefault`, then numbers on numeric columns by value
 * (`5.0` = `5`, `'0'` = `0`), `1`/`0` on boolean columns as `true`/`false`
 * (SQLite stores both as the integer), expressions as `comparableSqlExpression`.
 */
export function comparableDefault(text: string | null, type: ColumnType): string | null {
  if (text === null) return null
  // Only the kind matters below: memoized on it and the text (a schema repeats a few defaults many times).
  return comparableDefaultMemo(`${type.kind}\u0000${text}`)
}

const comparableDefaultMemo = memoizedByText((key: string) => {
  const at = key.indexOf('\u0000')
  return comparableDefaultText(key.slice(at + 1), key.slice(0, at))
})

function comparableDefaultText(text: string, kind: string): string | null {
  const normalized = normalizeDefault(text)
  if (normalized === null) return null
  const tokens = tokenizeSql(normalized)
  if (numericKinds.has(kind)) {
    const literal = tokens.length === 1 && tokens[0].kind === 'string' ? tokens[0].text.slice(1, -1) : normalized
    const value = canonicalNumber(literal)
    if (value !== null) return value
  }
  if (kind === 'boolean' && tokens.length === 1 && tokens[0].kind === 'number') {
    if (canonicalNumber(tokens[0].text) === '1') return 'true'
    if (canonicalNumber(tokens[0].text) === '0') return 'false'
  }
  return comparableSqlExpression(normalized)
}
