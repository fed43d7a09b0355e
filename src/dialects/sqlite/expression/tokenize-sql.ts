import { TsmigError } from '../../../errors.js'

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
  /**
   * A word's text upper-cased, '' for other kinds (they are never keywords).
   * Computed once here: the parsers test each word against many keywords.
   */
  readonly upper: string
  /** Whitespace or a comment separated this token from the previous one. */
  readonly spaceBefore: boolean
}

const wordPart = String.raw`[A-Za-z0-9_$\u0080-\uffff]`
const stringLiteral = String.raw`'(?:[^']|'')*'`

/**
 * One alternative per kind of piece, in the order the scanner tries them at
 * each position; the last takes any single character. Matching runs in
 * native code: scanning in JavaScript, character by character, was the
 * largest cost of reading a big schema. The pattern is sticky and run with
 * `test`, which only moves `lastIndex`: neither a pieces array nor a string
 * per whitespace piece is built (`text.match` made both, the largest
 * allocation of reading a big schema). A piece's first characters then tell
 * its kind (`kindAt`).
 */
const piecePattern = new RegExp(
  [
    String.raw`\s+`,
    String.raw`--[^\n]*\n?`,
    // SQLite accepts an unterminated block comment at the very end.
    String.raw`/\*[\s\S]*?(?:\*/|$)`,
    stringLiteral,
    `[xX]${stringLiteral}`,
    String.raw`"(?:[^"]|"")*"`,
    '`(?:[^`]|``)*`',
    String.raw`\[[^\]]*\]`,
    String.raw`0[xX][0-9a-fA-F_]*`,
    // An exponent only when digits follow the `e`: `1e` is the number `1` and the word `e`.
    String.raw`(?:[0-9]|\.[0-9])[0-9_.]*(?:[eE][+-]?[0-9][0-9_]*)?`,
    String.raw`[A-Za-z_\u0080-\uffff]${wordPart}*`,
    String.raw`[?:@$]${wordPart}*`,
    String.raw`->>|\|\||<=|>=|<>|!=|==|<<|>>|->`,
    String.raw`[\s\S]`,
  ].join('|'),
  'y',
)

export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let spaceBefore = false
  let start = 0
  piecePattern.lastIndex = 0
  while (start < text.length) {
    // Always true: the last alternative takes any character.
    piecePattern.test(text)
    const end = piecePattern.lastIndex
    const kind = kindAt(text, start, end)
    if (kind === 'space') {
      spaceBefore = true
    } else {
      const piece = text.slice(start, end)
      tokens.push({ kind, text: piece, value: valueOf(kind, piece), upper: upperOf(kind, piece), spaceBefore })
      spaceBefore = false
    }
    start = end
  }
  return tokens
}

type PieceKind = SqlTokenKind | 'space'

/**
 * The kind of a piece by its first character, for ASCII characters; '?' for
 * the few whose piece needs a second look (`kindAt`). One lookup instead of a
 * chain of comparisons per piece.
 */
const asciiKinds: readonly (PieceKind | '?')[] = Array.from({ length: 128 }, (_, code): PieceKind | '?' => {
  const c = String.fromCharCode(code)
  if (/\s/.test(c)) return 'space'
  if (/[A-Za-z_]/.test(c)) return c === 'x' || c === 'X' ? '?' : 'word'
  if (/[0-9]/.test(c)) return 'number'
  if ('(),;'.includes(c)) return 'punct'
  if ('?:@$'.includes(c)) return 'variable'
  if ('-/.\'"`['.includes(c)) return '?'
  return 'operator'
})

/**
 * The kind of the piece `text[start, end)` that `piecePattern` matched;
 * whitespace and comments are 'space'. Read from character codes, so that a
 * piece is sliced out of the text only when it becomes a token.
 */
function kindAt(text: string, start: number, end: number): PieceKind {
  const code = text.charCodeAt(start)
  if (code >= 0x80) return nonAsciiSpace.test(text[start]) ? 'space' : 'word'
  const kind = asciiKinds[code]
  if (kind !== '?') return kind
  const next = end - start > 1 ? text[start + 1] : ''
  const c = text[start]
  switch (c) {
    case 'x':
    case 'X':
      return next === "'" ? 'blob' : 'word'
    case '-':
      return next === '-' ? 'space' : 'operator'
    case '/':
      return next === '*' ? 'space' : 'operator'
    case '.':
      return next !== '' ? 'number' : 'punct'
    default:
      // A quote alone: the quoted alternative found no closing quote.
      if (next === '') throw unterminated(c, text)
      return c === "'" ? 'string' : 'quoted'
  }
}

const nonAsciiSpace = /\s/

/** A quoted identifier unquoted and unescaped; any other piece as written. */
function valueOf(kind: SqlTokenKind, piece: string): string {
  if (kind !== 'quoted') return piece
  const quote = piece[0]
  const inner = piece.slice(1, -1)
  if (quote === '[') return inner
  // Few names hold an escaped quote, and replaceAll costs even when it replaces nothing.
  return inner.includes(quote) ? inner.replaceAll(quote + quote, quote) : inner
}

/** Characters `toUpperCase` may change in a word: ASCII lower case, and anything not ASCII. */
const caseSensitive = /[a-z\u0080-\uffff]/

/**
 * A word upper-cased, '' for other kinds. Keywords are mostly written upper
 * case already, and `toUpperCase` copies the string even when nothing
 * changes: such a word is its own upper case.
 */
function upperOf(kind: SqlTokenKind, piece: string): string {
  if (kind !== 'word') return ''
  return caseSensitive.test(piece) ? piece.toUpperCase() : piece
}

function unterminated(quote: string, text: string): TsmigError {
  if (quote === '[') return new TsmigError(`unterminated [identifier] in SQL: ${text}`)
  return new TsmigError(`unterminated ${quote}quoted${quote} text in SQL: ${text}`)
}

/** Is the token the keyword `word` (case-insensitive)? */
export function isKeyword(token: SqlToken | undefined, word: string): boolean {
  // `upper` is '' for anything but a word, and `word` is never ''.
  return token !== undefined && token.upper === word
}

export function isPunct(token: SqlToken | undefined, char: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === char
}

/** Index of the `)` that closes the `(` at `open`, or -1. */
export function closingParenIndex(tokens: readonly SqlToken[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i]
    if (token.kind !== 'punct') continue
    if (token.text === '(') depth++
    else if (token.text === ')' && --depth === 0) return i
  }
  return -1
}

/** Split tokens at top-level commas (commas not inside parentheses). */
export function splitTopLevel(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = []
  let start = 0
  let depth = 0
  // An index loop: it runs over every token of every table, and for-of
  // allocates an iterator result per token until the JIT optimizes it.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (token.kind !== 'punct') continue
    if (token.text === '(') depth++
    else if (token.text === ')') depth--
    else if (token.text === ',' && depth === 0) {
      // A slice is allocated at its size; a part grown by push had room for a dozen more tokens.
      if (i > start) parts.push(tokens.slice(start, i))
      start = i + 1
    }
  }
  if (tokens.length > start) parts.push(tokens.slice(start))
  return parts
}

/**
 * Tokens written back as text: each token verbatim, a single space wherever
 * the source had whitespace or a comment. So `price  >=\n 0` and
 * `price >= 0` read back alike, while the user's spelling is kept.
 */
export function joinTokens(tokens: readonly SqlToken[]): string {
  let text = ''
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]
    text += index > 0 && token.spaceBefore ? ' ' + token.text : token.text
  }
  return text
}
