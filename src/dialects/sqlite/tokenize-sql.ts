import { TsmigError } from '../../errors.js'

/**
 * A small SQLite tokenizer: enough to split the stored `CREATE TABLE` /
 * `CREATE INDEX` text into constraints and to cut expressions out of it
 * verbatim. It respects quotes, nested parentheses and comments; it does not
 * try to understand expressions.
 */
export type SqlTokenKind =
  /** A bare word: a keyword or an unquoted identifier. */
  | 'word'
  /** `"x"`, `` `x` `` or `[x]`; `value` holds the identifier. */
  | 'quoted'
  | 'string'
  | 'number'
  | 'blob'
  | 'punct'
  | 'operator'
  | 'variable'

export interface SqlToken {
  readonly kind: SqlTokenKind
  /** The token as written. */
  readonly text: string
  /** Identifier value: unquoted and unescaped for `quoted`, as written for `word`. */
  readonly value: string
  readonly start: number
  readonly end: number
  /** Whitespace or a comment separated this token from the previous one. */
  readonly spaceBefore: boolean
}

const wordStart = /[A-Za-z_\u0080-\uffff]/
const wordPart = /[A-Za-z0-9_$\u0080-\uffff]/
const twoCharOperators = new Set(['||', '<=', '>=', '<>', '!=', '==', '<<', '>>', '->'])

export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let i = 0
  let spaceBefore = false
  const push = (kind: SqlTokenKind, end: number, value?: string): void => {
    const raw = text.slice(i, end)
    tokens.push({ kind, text: raw, value: value ?? raw, start: i, end, spaceBefore })
    spaceBefore = false
    i = end
  }
  while (i < text.length) {
    const char = text[i]
    const next = text[i + 1]
    if (/\s/.test(char)) {
      spaceBefore = true
      i++
    } else if (char === '-' && next === '-') {
      const end = text.indexOf('\n', i)
      i = end < 0 ? text.length : end + 1
      spaceBefore = true
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      // SQLite accepts an unterminated block comment at the very end.
      i = end < 0 ? text.length : end + 2
      spaceBefore = true
    } else if (char === "'") {
      push('string', closingQuote(text, i, "'"))
    } else if ((char === 'x' || char === 'X') && next === "'") {
      const end = closingQuote(text, i + 1, "'")
      push('blob', end)
    } else if (char === '"' || char === '`') {
      const end = closingQuote(text, i, char)
      push('quoted', end, text.slice(i + 1, end - 1).replaceAll(char + char, char))
    } else if (char === '[') {
      const end = text.indexOf(']', i)
      if (end < 0) throw new TsmigError(`unterminated [identifier] in SQL: ${text}`)
      push('quoted', end + 1, text.slice(i + 1, end))
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next ?? ''))) {
      push('number', numberEnd(text, i))
    } else if (wordStart.test(char)) {
      let end = i + 1
      while (end < text.length && wordPart.test(text[end])) end++
      push('word', end)
    } else if ('(),;.'.includes(char)) {
      push('punct', i + 1)
    } else if (char === '?' || char === ':' || char === '@' || char === '$') {
      let end = i + 1
      while (end < text.length && wordPart.test(text[end])) end++
      push('variable', end)
    } else if (char === '-' && next === '>' && text[i + 2] === '>') {
      push('operator', i + 3)
    } else if (next !== undefined && twoCharOperators.has(char + next)) {
      push('operator', i + 2)
    } else {
      push('operator', i + 1)
    }
  }
  return tokens
}

/** End (exclusive) of a quoted token starting at `start`; a doubled quote is an escaped one. */
function closingQuote(text: string, start: number, quote: string): number {
  let i = start + 1
  for (;;) {
    const end = text.indexOf(quote, i)
    if (end < 0) throw new TsmigError(`unterminated ${quote}quoted${quote} text in SQL: ${text}`)
    if (text[end + 1] === quote) {
      i = end + 2
      continue
    }
    return end + 1
  }
}

function numberEnd(text: string, start: number): number {
  if (text[start] === '0' && (text[start + 1] === 'x' || text[start + 1] === 'X')) {
    let end = start + 2
    while (end < text.length && /[0-9a-fA-F_]/.test(text[end])) end++
    return end
  }
  let end = start
  while (end < text.length && /[0-9_.]/.test(text[end])) end++
  if (text[end] === 'e' || text[end] === 'E') {
    let exp = end + 1
    if (text[exp] === '+' || text[exp] === '-') exp++
    if (/[0-9]/.test(text[exp] ?? '')) {
      end = exp
      while (end < text.length && /[0-9_]/.test(text[end])) end++
    }
  }
  return end
}

/** Is the token the keyword `word` (case-insensitive)? */
export function isKeyword(token: SqlToken | undefined, word: string): boolean {
  return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === word
}

export function isPunct(token: SqlToken | undefined, char: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === char
}

/** Index of the `)` that closes the `(` at `open`, or -1. */
export function closingParenIndex(tokens: readonly SqlToken[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++
    else if (isPunct(tokens[i], ')') && --depth === 0) return i
  }
  return -1
}

/** Split tokens at top-level commas (commas not inside parentheses). */
export function splitTopLevel(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]]
  let depth = 0
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++
    else if (isPunct(token, ')')) depth--
    if (depth === 0 && isPunct(token, ',')) parts.push([])
    else parts[parts.length - 1].push(token)
  }
  return parts.filter((part) => part.length > 0)
}

/**
 * Tokens written back as text: each token verbatim, a single space wherever
 * the source had whitespace or a comment. So `price  >=\n 0` and
 * `price >= 0` read back alike, while the user's spelling is kept.
 */
export function joinTokens(tokens: readonly SqlToken[]): string {
  return tokens.map((token, index) => (index > 0 && token.spaceBefore ? ' ' : '') + token.text).join('')
}
