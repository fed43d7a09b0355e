import type { SqlToken } from './sql-tokens.js'

/** Small predicates and bracket matching over token lists, shared by the rewrite rules. */

export function isWord(token: SqlToken | undefined, ...values: string[]): boolean {
  return token !== undefined && token.kind === 'word' && (values.length === 0 || values.includes(token.value))
}

export function isPunct(token: SqlToken | undefined, ...values: string[]): boolean {
  return token !== undefined && token.kind === 'punct' && values.includes(token.value)
}

export function isOp(token: SqlToken | undefined, ...values: string[]): boolean {
  return token !== undefined && token.kind === 'op' && (values.length === 0 || values.includes(token.value))
}

export const COMPARISON_OPERATORS: ReadonlySet<string> = new Set([
  '=', '<>', '<', '>', '<=', '>=', '~~', '!~~', '~~*', '!~~*', '~', '~*', '!~', '!~*',
])

export function isComparison(token: SqlToken | undefined): boolean {
  return token !== undefined && token.kind === 'op' && COMPARISON_OPERATORS.has(token.value)
}

const LEFT_BOUNDARY_WORDS = new Set(['and', 'or', 'not', 'when', 'then', 'else', 'case'])
const RIGHT_BOUNDARY_WORDS = new Set(['and', 'or', 'when', 'then', 'else', 'end'])

/** A token after which an operand starts at the lowest precedence level. */
export function isLeftBoundary(token: SqlToken | undefined): boolean {
  if (token === undefined) return true
  if (isPunct(token, '(', '[', ',')) return true
  return token.kind === 'word' && LEFT_BOUNDARY_WORDS.has(token.value)
}

/** A token before which an operand ends at the lowest precedence level. */
export function isRightBoundary(token: SqlToken | undefined): boolean {
  if (token === undefined) return true
  if (isPunct(token, ')', ']', ',')) return true
  return token.kind === 'word' && RIGHT_BOUNDARY_WORDS.has(token.value)
}

const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']' }
const REVERSE_PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[' }

/** Index of the bracket closing the one at `open`, or -1. */
export function matchingClose(tokens: readonly SqlToken[], open: number): number {
  const first = tokens[open]
  if (first?.kind !== 'punct' || PAIRS[first.value] === undefined) return -1
  const [o, c] = [first.value, PAIRS[first.value]]
  let depth = 0
  for (let k = open; k < tokens.length; k++) {
    if (isPunct(tokens[k], o)) depth++
    else if (isPunct(tokens[k], c) && --depth === 0) return k
  }
  return -1
}

/** Index of the bracket opening the one at `close`, or -1. */
export function matchingOpen(tokens: readonly SqlToken[], close: number): number {
  const last = tokens[close]
  if (last?.kind !== 'punct' || REVERSE_PAIRS[last.value] === undefined) return -1
  const [c, o] = [last.value, REVERSE_PAIRS[last.value]]
  let depth = 0
  for (let k = close; k >= 0; k--) {
    if (isPunct(tokens[k], c)) depth++
    else if (isPunct(tokens[k], o) && --depth === 0) return k
  }
  return -1
}

/**
 * First index of the operand that ends at `end` (inclusive), scanning back over
 * balanced brackets until a low-precedence boundary (`(`, `,`, AND, OR, NOT,
 * a comparison, …).
 */
export function operandStart(tokens: readonly SqlToken[], end: number): number {
  let k = end
  while (k >= 0) {
    const t = tokens[k]
    if (isPunct(t, ')', ']')) {
      const open = matchingOpen(tokens, k)
      if (open === -1) return k + 1
      k = open - 1
      continue
    }
    if (isLeftBoundary(t) || isComparison(t)) return k + 1
    k--
  }
  return 0
}

/**
 * Last index (exclusive) of the operand that starts at `start`, scanning
 * forward over balanced brackets until a boundary or a comparison.
 */
export function operandEnd(tokens: readonly SqlToken[], start: number): number {
  let k = start
  while (k < tokens.length) {
    const t = tokens[k]
    if (isPunct(t, '(', '[')) {
      const close = matchingClose(tokens, k)
      if (close === -1) return k
      k = close + 1
      continue
    }
    if (isRightBoundary(t) || isComparison(t)) return k
    k++
  }
  return tokens.length
}

/** Split the tokens between brackets `open` and `close` at top-level commas. */
export function splitArguments(tokens: readonly SqlToken[], open: number, close: number): SqlToken[][] {
  const parts: SqlToken[][] = []
  let current: SqlToken[] = []
  let depth = 0
  for (let k = open + 1; k < close; k++) {
    const t = tokens[k]
    if (isPunct(t, '(', '[')) depth++
    if (isPunct(t, ')', ']')) depth--
    if (depth === 0 && isPunct(t, ',')) {
      parts.push(current)
      current = []
    } else {
      current.push(t)
    }
  }
  if (current.length > 0 || parts.length > 0) parts.push(current)
  return parts
}

/** Remove parentheses that wrap the whole token list, repeatedly. */
export function stripOuterParens(tokens: readonly SqlToken[]): SqlToken[] {
  let out = [...tokens]
  while (out.length >= 2 && isPunct(out[0], '(') && matchingClose(out, 0) === out.length - 1) {
    out = out.slice(1, -1)
  }
  return out
}
