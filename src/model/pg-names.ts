/**
 * The names PostgreSQL gives unnamed indexes and constraints, so that what
 * the database reports matches the model. Mirrors `makeObjectName`,
 * `ChooseIndexColumnNames` and `FigureIndexColname` in PostgreSQL's source.
 * (PostgreSQL also appends a number when the name is taken by another object;
 * that depends on the database and is not reproduced here.)
 */

/** PostgreSQL identifiers hold at most NAMEDATALEN - 1 = 63 bytes. */
export const maxIdentifierBytes = 63

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The longest prefix of `text` that fits in `bytes` without splitting a character. */
function clipToBytes(text: string, bytes: number): string {
  const total = byteLength(text)
  if (total <= bytes) return text
  // ASCII, as identifiers nearly always are: one byte per character.
  if (total === text.length) return text.substring(0, bytes)
  let result = ''
  let used = 0
  for (const char of text) {
    const size = byteLength(char)
    if (used + size > bytes) break
    result += char
    used += size
  }
  return result
}

/**
 * `name1_name2_label`, truncating the longer of name1/name2 first so that the
 * whole fits in 63 bytes: PostgreSQL's `makeObjectName`.
 */
export function makeObjectName(name1: string, name2: string | null, label: string): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: names this short fit without counting bytes,
  // which is nearly every generated name (and spares three Buffer.byteLength calls each).
  const units = name1.length + (name2 === null ? 0 : name2.length + 1) + label.length + 1
  if (units * 3 <= maxIdentifierBytes) return name2 === null ? `${name1}_${label}` : `${name1}_${name2}_${label}`
  const overhead = (name2 === null ? 0 : 1) + byteLength(label) + 1
  const available = maxIdentifierBytes - overhead
  let length1 = byteLength(name1)
  let length2 = name2 === null ? 0 : byteLength(name2)
  while (length1 + length2 > available) {
    if (length1 > length2) length1--
    else length2--
  }
  const head = clipToBytes(name1, length1)
  return name2 === null ? `${head}_${label}` : `${head}_${clipToBytes(name2, length2)}_${label}`
}

/**
 * Index column names joined by `_`, a duplicate getting a number (`lower`,
 * `lower1`): PostgreSQL's `ChooseIndexColumnNames`.
 */
export function indexColumnNames(names: readonly string[]): string {
  // One name cannot repeat: the common single-column case needs no list.
  if (names.length === 1) return names[0]
  const chosen: string[] = []
  for (const original of names) {
    let candidate = original
    for (let n = 1; chosen.includes(candidate); n++) {
      const suffix = String(n)
      candidate = clipToBytes(original, maxIdentifierBytes - suffix.length) + suffix
    }
    chosen.push(candidate)
  }
  return chosen.join('_')
}

export function primaryKeyName(table: string): string {
  return makeObjectName(table, null, 'pkey')
}

export function uniqueConstraintName(table: string, columns: readonly string[]): string {
  return makeObjectName(table, indexColumnNames(columns), 'key')
}

export function foreignKeyName(table: string, columns: readonly string[]): string {
  return makeObjectName(table, columns.join('_'), 'fkey')
}

/** Index name from its elements' names (a column's name, or `indexExpressionName` of an expression). */
export function indexName(table: string, elementNames: readonly string[]): string {
  return makeObjectName(table, indexColumnNames(elementNames), 'idx')
}

const identifierPattern = /^(?:"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*))/

interface Scanned {
  readonly name: string
  readonly end: number
}

function readIdentifier(text: string, start: number): Scanned | null {
  const match = identifierPattern.exec(text.slice(start))
  if (match === null) return null
  // Unquoted identifiers are folded to lower case (ASCII only), quoted ones kept.
  const name = match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2].replace(/[A-Z]+/g, (s) => s.toLowerCase())
  return { name, end: start + match[0].length }
}

function skipSpaces(text: string, index: number): number {
  while (index < text.length && /\s/.test(text[index])) index++
  return index
}

/** Index of the parenthesis closing the one at `open`, skipping quoted text; -1 if none. */
function closingParen(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const char = text[i]
    if (char === "'" || char === '"') {
      const end = text.indexOf(char, i + 1)
      if (end < 0) return -1
      i = end
    } else if (char === '(') depth++
    else if (char === ')' && --depth === 0) return i
  }
  return -1
}

/** A trailing `::type` or `COLLATE x` keeps the name of what it applies to, as in PostgreSQL. */
function onlyCastsOrCollations(rest: string): boolean {
  return /^(?:\s*(?:::\s*[\w\s."[\](),]+?|collate\s+(?:"(?:[^"]|"")*"|[\w.]+)))*\s*$/i.test(rest)
}

/**
 * The name an index expression contributes to the index name, following
 * PostgreSQL's `FigureIndexColname`: a function call gives the function's
 * name (`lower(title)` → `lower`), a bare column its name, anything else
 * (operators, literals) `expr`.
 */
export function indexExpressionName(expression: string): string {
  const text = expression.trim()
  if (text.startsWith('(') && closingParen(text, 0) === text.length - 1) return indexExpressionName(text.slice(1, -1))
  if (/^case\b[\s\S]*\bend$/i.test(text)) return 'case'
  let name: string | null = null
  let index = 0
  for (;;) {
    const identifier = readIdentifier(text, index)
    if (identifier === null) return 'expr'
    name = identifier.name
    index = skipSpaces(text, identifier.end)
    if (text[index] !== '.') break
    index = skipSpaces(text, index + 1)
  }
  if (text[index] === '(') {
    const close = closingParen(text, index)
    if (close < 0) return 'expr'
    index = close + 1
  }
  return onlyCastsOrCollations(text.slice(index)) ? name : 'expr'
}
