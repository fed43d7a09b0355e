import { dropImplicitCasts, type DropCastOptions } from './drop-implicit-casts.js'
import { emptyExpressionContext, type ExpressionContext } from '../expression/expression-context.js'
import { reshapeExpression } from '../expression/expression-tree.js'
import { NormalizeMemo } from './normalize-memo.js'
import {
  canonicalizeCastTypes,
  rewriteBetween,
  rewriteCastCalls,
  rewriteFunctionSpellings,
  rewriteInLists,
  rewriteOperatorSpellings,
} from './rewrite-spellings.js'
import { printSqlTokens } from '../expression/sql-print.js'
import { SqlLexError, tokenizeSql, type SqlToken } from '../expression/sql-tokens.js'
import { isComparison, isPunct, isWord, matchingClose, operandStart, stripOuterParens } from '../expression/token-utils.js'

export { emptyExpressionContext, type ExpressionContext } from '../expression/expression-context.js'

/**
 * Canonical text of a SQL expression (check, index expression, partial-index
 * predicate, generated column), such that what a model author writes and what
 * `pg_get_expr(…, true)` prints for it come out equal in the common cases.
 *
 * Every rewrite is meaning-preserving for PostgreSQL, because the result is
 * also what tsmig executes:
 * - whitespace, comments and keyword case are canonical; `"email"` → `email`
 *   when the quotes are not needed; `E'…'` strings become standard literals;
 * - `CAST(x AS t)` → `x::t`, type names in their `format_type` spelling;
 * - `!=` → `<>`, `LIKE` → `~~` (and `NOT LIKE`, `ILIKE`, `NOT ILIKE`);
 * - `x IN (constants)` → `x = ANY (ARRAY[…])`, `x BETWEEN a AND b` → `x >= a AND x <= b`;
 * - `now()` → `CURRENT_TIMESTAMP`, `nextval('s')` → `nextval('s'::regclass)`;
 * - casts PostgreSQL adds and re-adds by itself are dropped (see
 *   `dropImplicitCasts`): `col::text` on a text-like column, `'x'::text` compared
 *   with text, `'-1'::integer`, `2::numeric` next to a numeric operand;
 * - the implicit numeric casts PostgreSQL writes into mixed-type arithmetic are
 *   written out (`price * qty` → `price * qty::numeric`, see `coerceNumericOperands`);
 * - parentheses are those `pg_get_expr(…, true)` prints (see `reshapeExpression`).
 *
 * The model's column types (`context`) drive the type-aware rules. Expressions
 * PostgreSQL rewrites more deeply (sub-selects, constants it evaluates such as
 * `'2020-01-01'::timestamp`) may still differ; a server-assisted normalization
 * in `normalizePostgresModel` is the place to close that gap.
 *
 * Text that does not lex (an unterminated quote) is returned trimmed.
 */
export function normalizePostgresExpression(text: string, context: ExpressionContext = emptyExpressionContext): string {
  return memo.get(text, undefined, context, () => normalizeExpressionText(text, context))!
}

const memo = new NormalizeMemo()

function normalizeExpressionText(text: string, context: ExpressionContext): string {
  try {
    return printSqlTokens(normalizeExpressionTokens(tokenizeSql(text), context))
  } catch (error) {
    if (error instanceof SqlLexError) return text.trim()
    throw error
  }
}

export function normalizeExpressionTokens(input: readonly SqlToken[], context: ExpressionContext): SqlToken[] {
  let tokens = rewriteCastCalls([...input])
  tokens = canonicalizeCastTypes(tokens)
  tokens = rewriteOperatorSpellings(tokens)
  tokens = rewriteFunctionSpellings(tokens)
  tokens = unwrapSingleOperands(tokens)
  tokens = rewriteInLists(tokens)
  tokens = rewriteBetween(tokens)
  tokens = dropCastsToFixpoint(tokens, context, { numericConstants: false })
  const reshaped = reshapeExpression(tokens, context)
  if (reshaped !== null) return reshaped
  // Without a tree, token-level rules stand in for the type-aware ones.
  return stripOuterParens(parenthesizeArrayComparisons(dropCastsToFixpoint(tokens, context, { numericConstants: true })))
}

/** Cast removal can enable another (`st::text = ANY (ARRAY['a'::varchar]::text[])`): run to a fixpoint. */
function dropCastsToFixpoint(tokens: SqlToken[], context: ExpressionContext, options: DropCastOptions): SqlToken[] {
  let previous = ''
  while (printSqlTokens(tokens) !== previous) {
    previous = printSqlTokens(tokens)
    tokens = unwrapSingleOperands(dropImplicitCasts(tokens, context, options))
  }
  return tokens
}

/** A single token, a qualified name or a function call: needs no parentheses anywhere. */
function isAtom(tokens: readonly SqlToken[], start: number, end: number): boolean {
  if (end - start === 1) return tokens[start].kind !== 'op' && tokens[start].kind !== 'punct' && !isKeywordOperator(tokens[start])
  const head = tokens[start]
  if (head.kind !== 'word' && head.kind !== 'qident') return false
  if (isKeywordOperator(head)) return false
  let k = start + 1
  while (isPunct(tokens[k], '.') && (tokens[k + 1]?.kind === 'word' || tokens[k + 1]?.kind === 'qident')) k += 2
  if (k === end) return true
  return isPunct(tokens[k], '(') && matchingClose(tokens, k) === end - 1
}

function isKeywordOperator(token: SqlToken): boolean {
  return isWord(token, 'and', 'or', 'not', 'is', 'in', 'any', 'all', 'some', 'array', 'exists', 'case', 'null', 'distinct', 'between')
}

/** `(x)` → `x` where the parentheses are not a call's or a keyword's. */
function unwrapSingleOperands(tokens: SqlToken[]): SqlToken[] {
  for (let i = 0; i < tokens.length; i++) {
    if (!isPunct(tokens[i], '(')) continue
    const prev = tokens[i - 1]
    const opensCallOrSyntax = prev !== undefined && (prev.kind === 'qident' || prev.kind === 'type' || isPunct(prev, ')', ']') ||
      (prev.kind === 'word' && !isWord(prev, 'and', 'or', 'not', 'when', 'then', 'else')))
    if (opensCallOrSyntax) continue
    const close = matchingClose(tokens, i)
    if (close === -1 || !isAtom(tokens, i + 1, close)) continue
    // `(composite).field` keeps its parentheses.
    if (isPunct(tokens[close + 1], '.')) continue
    tokens = [...tokens.slice(0, i), ...tokens.slice(i + 1, close), ...tokens.slice(close + 1)]
    i--
  }
  return tokens
}

/**
 * `a AND x = ANY (…)` → `a AND (x = ANY (…))`: PostgreSQL parenthesizes an
 * array comparison that is an operand of AND, OR or NOT.
 */
function parenthesizeArrayComparisons(tokens: SqlToken[]): SqlToken[] {
  for (let i = 2; i < tokens.length; i++) {
    if (!isWord(tokens[i], 'any', 'all', 'some') || !isComparison(tokens[i - 1]) || !isPunct(tokens[i + 1], '(')) continue
    const close = matchingClose(tokens, i + 1)
    const start = operandStart(tokens, i - 2)
    if (close === -1 || start >= i - 1) continue
    const [prev, next] = [tokens[start - 1], tokens[close + 1]]
    const wrapped = isPunct(prev, '(') && matchingClose(tokens, start - 1) === close + 1
    if (wrapped || !(isWord(prev, 'and', 'or', 'not') || isWord(next, 'and', 'or'))) continue
    tokens = [...tokens.slice(0, start), { kind: 'punct', value: '(' }, ...tokens.slice(start, close + 1),
      { kind: 'punct', value: ')' }, ...tokens.slice(close + 1)]
    i += 2
  }
  return tokens
}
