/**
 * The value of a header export, read from source text: a string literal, a
 * list of string literals (possibly over several lines, as a formatter may
 * write it), `null`/`undefined`, or anything else (`other`, which callers
 * report or ignore). Nothing is evaluated.
 */
export type HeaderValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly values: readonly string[] }
  | { readonly kind: 'null' }
  | { readonly kind: 'other'; readonly text: string }

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
}

// Sticky patterns: matched in place, without copying the source.
const SPACE = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/y
const NULL_WORD = /(?:null|undefined)\b/y

class Cursor {
  index: number
  constructor(
    readonly source: string,
    start: number,
  ) {
    this.index = start
  }

  peek(): string {
    return this.source[this.index] ?? ''
  }

  /** Whitespace and comments, newlines included. */
  skipSpace(): void {
    for (;;) {
      SPACE.lastIndex = this.index
      if (!SPACE.test(this.source)) return
      this.index = SPACE.lastIndex
    }
  }

  /** Whether the sticky `pattern` matches here; moves past the match if so. */
  take(pattern: RegExp): boolean {
    pattern.lastIndex = this.index
    if (!pattern.test(this.source)) return false
    this.index = pattern.lastIndex
    return true
  }

  /** A '…', "…" or `…` literal (no `${}`) starting here, or undefined. */
  string(): string | undefined {
    const quote = this.peek()
    if (quote !== "'" && quote !== '"' && quote !== '`') return undefined
    let value = ''
    let i = this.index + 1
    for (;;) {
      const ch = this.source[i]
      if (ch === undefined || (ch === '\n' && quote !== '`')) return undefined
      if (ch === quote) break
      if (quote === '`' && ch === '$' && this.source[i + 1] === '{') return undefined
      if (ch !== '\\') {
        value += ch
        i++
        continue
      }
      const escaped = unescape(this.source, i)
      if (escaped === undefined) return undefined
      value += escaped.text
      i = escaped.end
    }
    this.index = i + 1
    return value
  }
}

/** The escape sequence at `source[at]` (a backslash): its text and where it ends. */
function unescape(source: string, at: number): { text: string; end: number } | undefined {
  const ch = source[at + 1]
  if (ch === undefined) return undefined
  if (ch in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[ch], end: at + 2 }
  if (ch === '\n') return { text: '', end: at + 2 }
  const hex = ch === 'x' ? /^[0-9a-fA-F]{2}/.exec(source.slice(at + 2, at + 4)) : null
  if (hex !== null) return { text: String.fromCharCode(Number.parseInt(hex[0], 16)), end: at + 4 }
  const unicode = ch === 'u' ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(source.slice(at + 2, at + 10)) : null
  if (unicode !== null) {
    const code = Number.parseInt(unicode[0].replace(/[{}]/g, ''), 16)
    return code > 0x10ffff ? undefined : { text: String.fromCodePoint(code), end: at + 2 + unicode[0].length }
  }
  if (ch === 'x' || ch === 'u') return undefined
  return { text: ch, end: at + 2 }
}

/** What may follow a literal value on its line: `as const`, `;`, a comment. */
const VALUE_END = /[ \t]*(?:as[ \t]+const\b[ \t]*)?;?[ \t]*(?:\/\/[^\n]*|\/\*.*?\*\/[ \t]*)?(?:\r?\n|$)/y

/** Reads the value that starts at `start` (just after `=`). */
export function readHeaderValue(source: string, start: number): HeaderValue {
  const cursor = new Cursor(source, start)
  cursor.skipSpace()
  const valueStart = cursor.index
  const value = readValue(cursor)
  if (value !== undefined && cursor.take(VALUE_END)) return value
  const line = source.slice(valueStart).split('\n', 1)[0].trim()
  return { kind: 'other', text: line.length > 60 ? `${line.slice(0, 57)}...` : line }
}

function readValue(cursor: Cursor): HeaderValue | undefined {
  if (cursor.take(NULL_WORD)) return { kind: 'null' }
  if (cursor.peek() !== '[') {
    const value = cursor.string()
    return value === undefined ? undefined : { kind: 'string', value }
  }
  cursor.index++
  const values: string[] = []
  for (;;) {
    cursor.skipSpace()
    if (cursor.peek() === ']') break
    const value = cursor.string()
    if (value === undefined) return undefined
    values.push(value)
    cursor.skipSpace()
    if (cursor.peek() === ',') cursor.index++
    else if (cursor.peek() !== ']') return undefined
  }
  cursor.index++
  return { kind: 'list', values }
}
