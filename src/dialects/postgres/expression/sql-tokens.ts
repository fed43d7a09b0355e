/**
 * A small PostgreSQL lexer for the SQL fragments tsmig compares: defaults,
 * check expressions, index expressions and predicates, type names. It exists
 * so that normalization never touches the inside of a string literal or a
 * quoted identifier — everything it rewrites is a whole token.
 *
 * Comments are dropped; whitespace only separates tokens.
 */

import { quoteString } from '../../../util/sql-quote.js'

export type SqlToken =
  /** `'…'` after decoding: `value` is the string's content, `raw` a standard-conforming literal. */
  | { readonly kind: 'string'; readonly value: string; readonly raw: string }
  /** Bit / hex strings (`B'101'`, `X'1F'`), dollar-quoted strings: kept verbatim. */
  | { readonly kind: 'verbatim'; readonly raw: string }
  /** `"Name"`: `value` is the identifier, exactly. */
  | { readonly kind: 'qident'; readonly value: string }
  /** An unquoted identifier or keyword, lower-cased (PostgreSQL folds them). */
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string }
  /** `$1` */
  | { readonly kind: 'param'; readonly value: string }
  | { readonly kind: 'op'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: '(' | ')' | '[' | ']' | ',' | ';' | '.' | '::' | ':' }
  /**
   * Produced by normalization only: a type name in canonical spelling
   * (`character varying(20)`), with `base` its spelling without modifiers.
   */
  | { readonly kind: 'type'; readonly value: string; readonly base: string }

export class SqlLexError extends Error {}

const OP_CHARS = new Set('+-*/<>=~!@#%^&|`?')
// An operator may end in + or - only if it contains one of these (PostgreSQL's lexer rule),
// so `a>-1` is `>` followed by `-`.
const OP_SPECIAL = new Set('~!@#%^&|`?')

function isIdentStart(ch: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(ch)
}

function isIdentPart(ch: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(ch)
}

export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text[i]
    const next = text[i + 1] ?? ''
    if (/\s/.test(ch)) {
      i++
      continue
    }
    if (ch === '-' && next === '-') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? n : end + 1
      continue
    }
    if (ch === '/' && next === '*') {
      i = skipBlockComment(text, i)
      continue
    }
    if (ch === "'") {
      const { value, end } = readQuoted(text, i, "'")
      tokens.push(stringToken(value))
      i = end
      continue
    }
    if ((ch === 'E' || ch === 'e') && next === "'") {
      const { value, end } = readEscapeString(text, i + 1)
      tokens.push(stringToken(value))
      i = end
      continue
    }
    if ((ch === 'B' || ch === 'b' || ch === 'X' || ch === 'x') && next === "'") {
      const { end } = readQuoted(text, i + 1, "'")
      tokens.push({ kind: 'verbatim', raw: ch.toUpperCase() + text.slice(i + 1, end) })
      i = end
      continue
    }
    if ((ch === 'U' || ch === 'u') && next === '&' && (text[i + 2] === "'" || text[i + 2] === '"')) {
      // Unicode-escaped literals are rare enough to keep verbatim rather than decode.
      const { end } = readQuoted(text, i + 2, text[i + 2])
      tokens.push({ kind: 'verbatim', raw: text.slice(i, end) })
      i = end
      continue
    }
    if (ch === '"') {
      const { value, end } = readQuoted(text, i, '"')
      tokens.push({ kind: 'qident', value })
      i = end
      continue
    }
    if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length)
        if (close === -1) throw new SqlLexError(`unterminated dollar-quoted string in: ${text}`)
        tokens.push({ kind: 'verbatim', raw: text.slice(i, close + tag[0].length) })
        i = close + tag[0].length
        continue
      }
      const param = /^\$[0-9]+/.exec(text.slice(i))
      if (param) {
        tokens.push({ kind: 'param', value: param[0] })
        i += param[0].length
        continue
      }
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(next))) {
      const m = /^(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!
      tokens.push({ kind: 'number', value: m[0] })
      i += m[0].length
      continue
    }
    if (isIdentStart(ch)) {
      let end = i + 1
      while (end < n && isIdentPart(text[end])) end++
      // PostgreSQL folds only ASCII letters of unquoted identifiers.
      tokens.push({ kind: 'word', value: text.slice(i, end).replace(/[A-Z]+/g, (m) => m.toLowerCase()) })
      i = end
      continue
    }
    if (ch === ':' && next === ':') {
      tokens.push({ kind: 'punct', value: '::' })
      i += 2
      continue
    }
    if ('()[],;.:'.includes(ch)) {
      tokens.push({ kind: 'punct', value: ch as '(' })
      i++
      continue
    }
    if (OP_CHARS.has(ch)) {
      tokens.push({ kind: 'op', value: readOperator(text, i) })
      i += (tokens[tokens.length - 1] as { value: string }).value.length
      continue
    }
    throw new SqlLexError(`unexpected character ${JSON.stringify(ch)} in: ${text}`)
  }
  return tokens
}

/** A string token whose `raw` form is the standard-conforming literal PostgreSQL prints. */
export function stringToken(value: string): SqlToken {
  return { kind: 'string', value, raw: quoteString(value) }
}

function skipBlockComment(text: string, start: number): number {
  // PostgreSQL block comments nest.
  let depth = 0
  let i = start
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++
      i += 2
    } else if (text.startsWith('*/', i)) {
      depth--
      i += 2
      if (depth === 0) return i
    } else {
      i++
    }
  }
  throw new SqlLexError(`unterminated comment in: ${text}`)
}

function readQuoted(text: string, start: number, quote: string): { value: string; end: number } {
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text[i]
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote
        i += 2
        continue
      }
      return { value, end: i + 1 }
    }
    value += ch
    i++
  }
  throw new SqlLexError(`unterminated quoted text in: ${text}`)
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** `E'…'` with C-style escapes, decoded so it compares equal to the plain literal PostgreSQL prints. */
function readEscapeString(text: string, start: number): { value: string; end: number } {
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text[i]
    if (ch === "'") {
      if (text[i + 1] === "'") {
        value += "'"
        i += 2
        continue
      }
      return { value, end: i + 1 }
    }
    if (ch !== '\\') {
      value += ch
      i++
      continue
    }
    const esc = text[i + 1] ?? ''
    const rest = text.slice(i + 1)
    let m: RegExpExecArray | null
    if (SIMPLE_ESCAPES[esc] !== undefined) {
      value += SIMPLE_ESCAPES[esc]
      i += 2
    } else if ((m = /^x([0-9A-Fa-f]{1,2})/.exec(rest))) {
      value += String.fromCharCode(parseInt(m[1], 16))
      i += 1 + m[0].length
    } else if ((m = /^[0-7]{1,3}/.exec(rest))) {
      value += String.fromCharCode(parseInt(m[0], 8))
      i += 1 + m[0].length
    } else if ((m = /^u([0-9A-Fa-f]{4})/.exec(rest)) || (m = /^U([0-9A-Fa-f]{8})/.exec(rest))) {
      value += String.fromCodePoint(parseInt(m[1], 16))
      i += 1 + m[0].length
    } else {
      value += esc
      i += 2
    }
  }
  throw new SqlLexError(`unterminated string in: ${text}`)
}

function readOperator(text: string, start: number): string {
  let end = start
  while (end < text.length && OP_CHARS.has(text[end])) {
    // A comment start ends the operator.
    if (text.startsWith('--', end) || text.startsWith('/*', end)) break
    end++
  }
  let op = text.slice(start, end)
  if (op.length > 1 && ![...op].some((c) => OP_SPECIAL.has(c))) {
    while (op.length > 1 && (op.endsWith('+') || op.endsWith('-'))) op = op.slice(0, -1)
  }
  return op
}
