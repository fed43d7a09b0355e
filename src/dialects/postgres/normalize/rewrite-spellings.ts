import { readTypeName, typeNameSpelling } from './parse-type.js'
import type { SqlToken } from '../expression/sql-tokens.js'
import { isOp, isPunct, isWord, matchingClose, operandEnd, operandStart, splitArguments } from '../expression/token-utils.js'

/**
 * Token rewrites that give one spelling to what PostgreSQL parses the same
 * way, and prints in one way: `CAST(x AS t)` → `x::t` with the type in
 * `format_type` spelling, `!=` → `<>`, `LIKE` → `~~`, `now()` →
 * `CURRENT_TIMESTAMP`, `nextval('s')` → `nextval('s'::regclass)`,
 * `IN (constants)` → `= ANY (ARRAY[…])`, `BETWEEN` → two comparisons.
 */

function typeToken(tokens: readonly SqlToken[], start: number): { token: SqlToken; end: number } | null {
  const parts = readTypeName(tokens, start)
  if (parts === null) return null
  return { token: { kind: 'type', value: typeNameSpelling(parts), base: typeNameSpelling(parts, false) }, end: parts.end }
}

/** `CAST(expr AS type)` → `(expr)::type`. */
export function rewriteCastCalls(tokens: SqlToken[]): SqlToken[] {
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

export function canonicalizeCastTypes(tokens: SqlToken[]): SqlToken[] {
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

export function rewriteOperatorSpellings(tokens: SqlToken[]): SqlToken[] {
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

export function rewriteFunctionSpellings(tokens: SqlToken[]): SqlToken[] {
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
export function rewriteInLists(tokens: SqlToken[]): SqlToken[] {
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
export function rewriteBetween(tokens: SqlToken[]): SqlToken[] {
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
