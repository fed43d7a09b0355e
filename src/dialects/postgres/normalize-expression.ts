import type { ColumnType } from '../../schema/ir.js'
import { reshapeExpression } from './expression-tree.js'
import { postgresCastBaseName, readTypeName, typeNameSpelling } from './parse-type.js'
import { printSqlTokens, isPrefixOperator } from './sql-print.js'
import { SqlLexError, tokenizeSql, type SqlToken } from './sql-tokens.js'
import {
  isComparison,
  isLeftBoundary,
  isOp,
  isPunct,
  isRightBoundary,
  isWord,
  matchingClose,
  matchingOpen,
  operandEnd,
  operandStart,
  splitArguments,
  stripOuterParens,
} from './token-utils.js'

/** What an expression may refer to: the columns of its table, by name. */
export interface ExpressionContext {
  readonly columns: ReadonlyMap<string, ColumnType>
}

export const emptyExpressionContext: ExpressionContext = { columns: new Map() }

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
 * - casts PostgreSQL adds and re-adds by itself are dropped: `col::text` on a
 *   text-like column, a string literal cast to a string type or a number cast to
 *   a numeric type when it is directly compared, `ARRAY['a'::text]::text[]`;
 * - parentheses around a single operand and around the whole expression go.
 *
 * Text that does not lex (an unterminated quote) is returned trimmed.
 */
export function normalizePostgresExpression(text: string, context: ExpressionContext = emptyExpressionContext): string {
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
  let previous = ''
  // Cast removal can enable another (`st::text = ANY (ARRAY['a'::varchar]::text[])`): run to a fixpoint.
  while (printSqlTokens(tokens) !== previous) {
    previous = printSqlTokens(tokens)
    tokens = unwrapSingleOperands(dropImplicitCasts(tokens, context))
  }
  return reshapeExpression(tokens) ?? stripOuterParens(parenthesizeArrayComparisons(tokens))
}

function typeToken(tokens: readonly SqlToken[], start: number): { token: SqlToken; end: number } | null {
  const parts = readTypeName(tokens, start)
  if (parts === null) return null
  return { token: { kind: 'type', value: typeNameSpelling(parts), base: typeNameSpelling(parts, false) }, end: parts.end }
}

/** `CAST(expr AS type)` → `(expr)::type`. */
function rewriteCastCalls(tokens: SqlToken[]): SqlToken[] {
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (!isWord(tokens[i], 'cast') || !isPunct(tokens[i + 1], '(')) continue
    const close = matchingClose(tokens, i + 1)
    if (close === -1) continue
    let depth = 0
    let as = -1
    for (let k = i + 1; k < close && as === -1; k++) {
      if (isPunct(tokens[k], '(', '[')) depth++
      else if (isPunct(tokens[k], ')', ']')) depth--
      else if (depth === 1 && isWord(tokens[k], 'as')) as = k
    }
    if (as === -1) continue
    const type = typeToken(tokens, as + 1)
    if (type === null || type.end !== close) continue
    const expression = tokens.slice(i + 2, as)
    const punct = (value: '(' | ')' | '::'): SqlToken => ({ kind: 'punct', value })
    tokens = [...tokens.slice(0, i), punct('('), ...expression, punct(')'), punct('::'), type.token, ...tokens.slice(close + 1)]
  }
  return tokens
}

function canonicalizeCastTypes(tokens: SqlToken[]): SqlToken[] {
  const out: SqlToken[] = []
  for (let i = 0; i < tokens.length; i++) {
    out.push(tokens[i])
    if (isPunct(tokens[i], '::') && tokens[i + 1]?.kind !== 'type') {
      const type = typeToken(tokens, i + 1)
      if (type === null) continue
      out.push(type.token)
      i = type.end - 1
    }
  }
  return out
}

const LIKE_OPERATORS: Readonly<Record<string, readonly [string, string]>> = {
  like: ['~~', '!~~'],
  ilike: ['~~*', '!~~*'],
}

function rewriteOperatorSpellings(tokens: SqlToken[]): SqlToken[] {
  // `LIKE … ESCAPE …` prints as a call to like_escape(); leave such expressions alone.
  const hasEscape = tokens.some((t) => isWord(t, 'escape'))
  const out: SqlToken[] = []
  for (const token of tokens) {
    if (isOp(token, '!=')) {
      out.push({ kind: 'op', value: '<>' })
    } else if (token.kind === 'word' && LIKE_OPERATORS[token.value] && !hasEscape && out.length > 0) {
      const [positive, negative] = LIKE_OPERATORS[token.value]
      const negated = isWord(out[out.length - 1], 'not')
      if (negated) out.pop()
      out.push({ kind: 'op', value: negated ? negative : positive })
    } else {
      out.push(token)
    }
  }
  return out
}

const CURRENT_TIMESTAMP_FUNCTIONS = new Set(['now', 'transaction_timestamp'])

function rewriteFunctionSpellings(tokens: SqlToken[]): SqlToken[] {
  const out: SqlToken[] = []
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    const qualified = isPunct(tokens[i - 1], '.')
    if (t.kind === 'word' && !qualified && CURRENT_TIMESTAMP_FUNCTIONS.has(t.value) && isPunct(tokens[i + 1], '(') && isPunct(tokens[i + 2], ')')) {
      out.push({ kind: 'word', value: 'current_timestamp' })
      i += 2
      continue
    }
    out.push(t)
    if (isWord(t, 'nextval') && !qualified && isPunct(tokens[i + 1], '(') && tokens[i + 2]?.kind === 'string' && isPunct(tokens[i + 3], ')')) {
      out.push(tokens[i + 1], tokens[i + 2], { kind: 'punct', value: '::' }, { kind: 'type', value: 'regclass', base: 'regclass' })
      i += 2
    }
  }
  return out
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

/** A literal operand: `'x'`, `1.5`, `-1`, optionally with one cast. */
function isConstant(part: readonly SqlToken[]): boolean {
  let k = 0
  if (isOp(part[0], '-', '+') && part[1]?.kind === 'number') k = 2
  else if (part[0]?.kind === 'string' || part[0]?.kind === 'number') k = 1
  else return false
  if (isPunct(part[k], '::') && part[k + 1]?.kind === 'type') k += 2
  return k === part.length
}

/** `x IN ('a', 'b')` → `x = ANY (ARRAY['a', 'b'])`, as PostgreSQL's parser turns it. */
function rewriteInLists(tokens: SqlToken[]): SqlToken[] {
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i], 'in') || !isPunct(tokens[i + 1], '(')) continue
    const close = matchingClose(tokens, i + 1)
    if (close === -1) continue
    const items = splitArguments(tokens, i + 1, close)
    if (items.length === 0 || !items.every(isConstant)) continue
    const negated = isWord(tokens[i - 1], 'not')
    const start = negated ? i - 1 : i
    const op: SqlToken = { kind: 'op', value: negated ? '<>' : '=' }
    let replacement: SqlToken[]
    if (items.length === 1) {
      // A one-element list becomes a plain comparison.
      replacement = [op, ...items[0]]
    } else {
      const elements = items.flatMap((item, k): SqlToken[] => (k === 0 ? item : [{ kind: 'punct', value: ',' }, ...item]))
      replacement = [op, { kind: 'word', value: negated ? 'all' : 'any' }, { kind: 'punct', value: '(' },
        { kind: 'word', value: 'array' }, { kind: 'punct', value: '[' }, ...elements, { kind: 'punct', value: ']' },
        { kind: 'punct', value: ')' }]
    }
    tokens = [...tokens.slice(0, start), ...replacement, ...tokens.slice(close + 1)]
  }
  return tokens
}

/** `x BETWEEN a AND b` → `x >= a AND x <= b` (not for NOT BETWEEN or SYMMETRIC, printed differently). */
function rewriteBetween(tokens: SqlToken[]): SqlToken[] {
  for (let i = 1; i < tokens.length; i++) {
    if (!isWord(tokens[i], 'between') || isWord(tokens[i - 1], 'not') || isWord(tokens[i + 1], 'symmetric', 'asymmetric')) continue
    const leftStart = operandStart(tokens, i - 1)
    const left = tokens.slice(leftStart, i)
    let and = -1
    let depth = 0
    for (let k = i + 1; k < tokens.length && and === -1; k++) {
      if (isPunct(tokens[k], '(', '[')) depth++
      else if (isPunct(tokens[k], ')', ']')) depth--
      else if (depth === 0 && isWord(tokens[k], 'and')) and = k
    }
    if (and === -1 || left.length === 0) continue
    const end = operandEnd(tokens, and + 1)
    const replacement: SqlToken[] = [...left, { kind: 'op', value: '>=' }, ...tokens.slice(i + 1, and),
      { kind: 'word', value: 'and' }, ...left, { kind: 'op', value: '<=' }, ...tokens.slice(and + 1, end)]
    tokens = [...tokens.slice(0, leftStart), ...replacement, ...tokens.slice(end)]
  }
  return tokens
}

const STRING_TYPES = new Set(['text', 'character varying', 'bpchar', 'character'])
const NUMERIC_TYPES = new Set(['integer', 'bigint', 'smallint', 'numeric', 'real', 'double precision'])
const NUMBER_TEXT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/

function isStringColumn(type: ColumnType | undefined): boolean {
  return type !== undefined && (type.kind === 'text' || type.kind === 'varchar' || type.kind === 'char')
}

/** The operand spanning [start, end) is directly compared with something. */
function isComparedOperand(tokens: readonly SqlToken[], start: number, end: number): boolean {
  const [prev, next] = [tokens[start - 1], tokens[end]]
  return (isComparison(prev) && isRightBoundary(next)) || (isComparison(next) && isLeftBoundary(prev))
}

/** The operand spanning [start, end) is an element of `ARRAY[…]`. */
function isArrayElement(tokens: readonly SqlToken[], start: number, end: number): boolean {
  if (!isPunct(tokens[start - 1], '[', ',') || !isPunct(tokens[end], ',', ']')) return false
  let k = end
  while (k < tokens.length && !isPunct(tokens[k], ']')) k = isPunct(tokens[k], '(', '[') ? matchingClose(tokens, k) + 1 : k + 1
  const open = matchingOpen(tokens, k)
  return open > 0 && isWord(tokens[open - 1], 'array')
}

/** A text operand: a text-like column or a string literal, without a cast. */
function isTextOperand(token: SqlToken | undefined, context: ExpressionContext): boolean {
  if (token === undefined) return false
  if (token.kind === 'string') return true
  return (token.kind === 'word' || token.kind === 'qident') && isStringColumn(context.columns.get(token.value))
}

/**
 * `name || 'x'::text` where `name` is text-like: the literal resolves to text
 * without the cast. (Not in general: next to an array `'{1}' || arr` is an array.)
 */
function isConcatenatedWithText(tokens: readonly SqlToken[], start: number, end: number, context: ExpressionContext): boolean {
  const [prev, next] = [tokens[start - 1], tokens[end]]
  if (isOp(prev, '||') && isTextOperand(tokens[start - 2], context) && !isPunct(tokens[start - 3], '.', '::')) return true
  return isOp(next, '||') && isTextOperand(tokens[end + 1], context) && !isPunct(tokens[end + 2], '.', '::', '(', '[')
}

/**
 * `COALESCE(name, ''::text)`: an argument of COALESCE/NULLIF/GREATEST/LEAST
 * next to a text-like column takes the column's type without the cast.
 */
function isTextAlternative(tokens: readonly SqlToken[], start: number, end: number, context: ExpressionContext): boolean {
  if (!isPunct(tokens[start - 1], '(', ',') || !isPunct(tokens[end], ',', ')')) return false
  let open = start - 1
  while (open >= 0 && !isPunct(tokens[open], '(')) open = isPunct(tokens[open], ')', ']') ? matchingOpen(tokens, open) - 1 : open - 1
  if (open < 1 || !isWord(tokens[open - 1], 'coalesce', 'nullif', 'greatest', 'least')) return false
  const args = splitArguments(tokens, open, matchingClose(tokens, open))
  return args.some((arg) => arg.length === 1 && arg[0].kind !== 'string' && isTextOperand(arg[0], context))
}

/** The type PostgreSQL gives the bare numeric literal `value`: integer, bigint or numeric. */
function literalHasType(value: string, base: string): boolean {
  if (/^[+-]?[0-9]+$/.test(value)) {
    const n = BigInt(value)
    if (n >= -2147483648n && n <= 2147483647n) return base === 'integer'
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return base === 'bigint'
    return base === 'numeric'
  }
  return base === 'numeric' && !/[eE]/.test(value)
}

/**
 * The literal spanning [start, end) is an operand of a binary operator whose
 * other operand is a column of type `base`: the literal gets the column's type
 * without the cast PostgreSQL printed (`m <> 'sad'::mood`, `price * 2::numeric`).
 */
function isBesideColumnOf(tokens: readonly SqlToken[], start: number, end: number, base: string, context: ExpressionContext): boolean {
  const columnOf = (token: SqlToken | undefined) =>
    token !== undefined && (token.kind === 'word' || token.kind === 'qident') ? context.columns.get(token.value) : undefined
  const prev = tokens[start - 1]
  if (prev?.kind === 'op' && !isPrefixOperator(tokens, start - 1)) {
    const other = tokens[start - 2]
    // `x::numeric / 2::numeric`: the other operand is cast to the same type.
    if (other?.kind === 'type' && other.base === base) return true
    const column = isPunct(tokens[start - 3], '.', '::') ? undefined : columnOf(other)
    if (column !== undefined && postgresCastBaseName(column) === base) return true
  }
  const next = tokens[end]
  if (next?.kind === 'op' && !isPunct(tokens[end + 2], '.', '::', '(', '[')) {
    const column = columnOf(tokens[end + 1])
    if (column !== undefined && postgresCastBaseName(column) === base) return true
  }
  return false
}

function dropImplicitCasts(tokens: SqlToken[], context: ExpressionContext): SqlToken[] {
  for (let i = tokens.length - 2; i >= 1; i--) {
    const type = tokens[i + 1]
    if (!isPunct(tokens[i], '::') || type.kind !== 'type') continue
    const before = tokens[i - 1]
    const castEnd = i + 2
    const dropCast = () => {
      tokens = [...tokens.slice(0, i), ...tokens.slice(castEnd)]
    }
    if ((before.kind === 'word' || before.kind === 'qident') && !isPunct(tokens[i - 2], '.') && !isPunct(tokens[castEnd], '(')) {
      // A text-like column cast to text: PostgreSQL inserts this cast itself wherever it is needed.
      if (isStringColumn(context.columns.get(before.value)) && (type.value === 'text' || type.value === 'character varying')) dropCast()
      continue
    }
    const signed = isOp(tokens[i - 2], '-', '+') && isPrefixOperator(tokens, i - 2) && before.kind === 'number'
    const start = signed ? i - 2 : i - 1
    const sign = signed ? (tokens[i - 2] as { value: string }).value.replace('+', '') : ''
    const numberText = before.kind === 'number' ? sign + before.value : before.kind === 'string' && NUMBER_TEXT.test(before.value) ? before.value : null
    const replaceWithNumber = () => {
      tokens = [...tokens.slice(0, start), { kind: 'number', value: numberText!.replace(/^\+/, '') }, ...tokens.slice(castEnd)]
      i = start
    }
    if (numberText !== null && NUMERIC_TYPES.has(type.base)) {
      // `'-1'::integer` is exactly the constant -1; `2::numeric` in `price * 2::numeric` is what `price * 2` resolves to.
      if (literalHasType(numberText, type.base) || isComparedOperand(tokens, start, castEnd) || isBesideColumnOf(tokens, start, castEnd, type.base, context)) {
        replaceWithNumber()
      }
      continue
    }
    if (before.kind === 'string') {
      const implicit = isBesideColumnOf(tokens, start, castEnd, type.base, context) ||
        (STRING_TYPES.has(type.base) && (isComparedOperand(tokens, i - 1, castEnd) || isArrayElement(tokens, i - 1, castEnd) ||
          isConcatenatedWithText(tokens, i - 1, castEnd, context) || isOp(tokens[i - 2], '->', '->>', '?') ||
          isTextAlternative(tokens, i - 1, castEnd, context)))
      if (implicit) dropCast()
      continue
    }
    if (isPunct(before, ']') && (type.value === 'text[]' || type.value === 'character varying[]')) {
      const open = matchingOpen(tokens, i - 1)
      const elements = open > 0 && isWord(tokens[open - 1], 'array') ? splitArguments(tokens, open, i - 1) : []
      if (elements.length > 0 && elements.every((e) => e.length === 1 && e[0].kind === 'string')) dropCast()
    }
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
