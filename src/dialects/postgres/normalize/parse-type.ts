import type { ColumnType } from '../../../schema/ir.js'
import { assertNever } from '../../../util/assert-never.js'
import { quotePostgresIdentifierIfNeeded } from '../identifiers.js'
import { printSqlTokens } from '../expression/sql-print.js'
import { tokenizeSql, type SqlToken } from '../expression/sql-tokens.js'
import { memoizedByText } from '../../../util/memoize-by-text.js'

/** A type name read from tokens: `character varying(20)[]`, `public.citext`, `"char"`. */
export interface TypeNameParts {
  /** Unquoted words of a built-in spelling (`['timestamp', 'with', 'time', 'zone']`), or null. */
  readonly words: readonly string[] | null
  /** Parts of a (possibly schema-qualified) name when it is not a built-in spelling. */
  readonly qualified: readonly string[] | null
  /** Modifiers as printed SQL (`['20']`, `['10', '2']`). */
  readonly modifiers: readonly string[]
  readonly isArray: boolean
  /** Index of the first token after the type name. */
  readonly end: number
}

// Words that continue a multi-word built-in type name.
const CONTINUATIONS: Readonly<Record<string, readonly string[]>> = {
  character: ['varying'],
  char: ['varying'],
  national: ['character', 'char', 'varying'],
  bit: ['varying'],
  double: ['precision'],
}

function isPunct(token: SqlToken | undefined, value: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.value === value
}

/** Read a type name starting at `start` (after `::`, after `AS` in a cast, or a whole type text). */
export function readTypeName(tokens: readonly SqlToken[], start: number): TypeNameParts | null {
  let i = start
  const first = tokens[i]
  if (first === undefined || (first.kind !== 'word' && first.kind !== 'qident')) return null
  let words: string[] | null = null
  let qualified: string[] | null = null
  if (first.kind === 'qident' || isPunct(tokens[i + 1], '.')) {
    qualified = [first.value]
    i++
    while (isPunct(tokens[i], '.') && (tokens[i + 1]?.kind === 'word' || tokens[i + 1]?.kind === 'qident')) {
      qualified.push((tokens[i + 1] as { value: string }).value)
      i += 2
    }
  } else {
    words = [first.value]
    i++
    let next = tokens[i]
    while (next?.kind === 'word' && (CONTINUATIONS[words[words.length - 1]] ?? []).includes(next.value)) {
      words.push(next.value)
      next = tokens[++i]
    }
  }
  const modifiers: string[] = []
  if (isPunct(tokens[i], '(')) {
    const close = findClose(tokens, i)
    if (close === -1) return null
    let part: SqlToken[] = []
    for (let k = i + 1; k < close; k++) {
      if (isPunct(tokens[k], ',')) {
        modifiers.push(printSqlTokens(part))
        part = []
      } else {
        part.push(tokens[k])
      }
    }
    modifiers.push(printSqlTokens(part))
    i = close + 1
  }
  if (words !== null && (words[0] === 'timestamp' || words[0] === 'time')) {
    const zone = tokens.slice(i, i + 3).map((t) => (t.kind === 'word' ? t.value : ''))
    if ((zone[0] === 'with' || zone[0] === 'without') && zone[1] === 'time' && zone[2] === 'zone') {
      words.push(...zone)
      i += 3
    }
  }
  let isArray = false
  while (isPunct(tokens[i], '[')) {
    // PostgreSQL ignores declared array bounds: `int[3]` is `integer[]`.
    const close = tokens.findIndex((t, k) => k > i && isPunct(t, ']'))
    if (close === -1) return null
    isArray = true
    i = close + 1
  }
  if (tokens[i]?.kind === 'word' && (tokens[i] as { value: string }).value === 'array') {
    isArray = true
    i++
  }
  return { words, qualified, modifiers, isArray, end: i }
}

function findClose(tokens: readonly SqlToken[], open: number): number {
  let depth = 0
  for (let k = open; k < tokens.length; k++) {
    if (isPunct(tokens[k], '(')) depth++
    else if (isPunct(tokens[k], ')') && --depth === 0) return k
  }
  return -1
}

function toInt(text: string | undefined): number | undefined {
  return text !== undefined && /^[0-9]+$/.test(text) ? Number(text) : undefined
}

/** The built-in IR type a spelling denotes, or null for anything else. */
function builtinType(words: readonly string[], modifiers: readonly string[]): ColumnType | null {
  const [m0, m1] = [toInt(modifiers[0]), toInt(modifiers[1])]
  const plain = modifiers.length === 0
  switch (words.join(' ')) {
    case 'integer':
    case 'int':
    case 'int4':
      return plain ? { kind: 'integer' } : null
    case 'bigint':
    case 'int8':
      return plain ? { kind: 'bigint' } : null
    case 'smallint':
    case 'int2':
      return plain ? { kind: 'smallint' } : null
    case 'text':
    case 'date':
    case 'json':
    case 'jsonb':
    case 'uuid':
    case 'bytea':
      return plain ? { kind: words[0] as 'text' } : null
    case 'boolean':
    case 'bool':
      return plain ? { kind: 'boolean' } : null
    case 'real':
    case 'float4':
      return plain ? { kind: 'real' } : null
    case 'double precision':
    case 'float8':
      return plain ? { kind: 'doublePrecision' } : null
    case 'float':
      if (plain) return { kind: 'doublePrecision' }
      return m0 === undefined ? null : { kind: m0 <= 24 ? 'real' : 'doublePrecision' }
    case 'character varying':
    case 'char varying':
    case 'varchar':
      return m0 === undefined ? (plain ? { kind: 'varchar' } : null) : { kind: 'varchar', length: m0 }
    case 'character':
    case 'char':
      // In a declaration `char` alone means char(1).
      return m0 === undefined ? (plain ? { kind: 'char', length: 1 } : null) : { kind: 'char', length: m0 }
    case 'bpchar':
      return m0 === undefined ? (plain ? { kind: 'char' } : null) : { kind: 'char', length: m0 }
    case 'numeric':
    case 'decimal':
    case 'dec':
      if (plain) return { kind: 'numeric' }
      if (m0 === undefined) return null
      return { kind: 'numeric', precision: m0, scale: m1 ?? 0 }
    case 'timestamp':
    case 'timestamp without time zone':
      return timeType('timestamp', false, modifiers)
    case 'timestamptz':
    case 'timestamp with time zone':
      return timeType('timestamp', true, modifiers)
    case 'time':
    case 'time without time zone':
      return timeType('time', false, modifiers)
    case 'timetz':
    case 'time with time zone':
      return timeType('time', true, modifiers)
    default:
      return null
  }
}

function timeType(kind: 'timestamp' | 'time', withTimezone: boolean, modifiers: readonly string[]): ColumnType | null {
  if (modifiers.length === 0) return { kind, withTimezone }
  const precision = toInt(modifiers[0])
  return precision === undefined || modifiers.length > 1 ? null : { kind, withTimezone, precision }
}

function partsSpelling(parts: TypeNameParts, withModifiers: boolean): string {
  const mods = withModifiers && parts.modifiers.length > 0 ? `(${parts.modifiers.join(',')})` : ''
  const array = parts.isArray ? '[]' : ''
  if (parts.words !== null) {
    const base = builtinType(parts.words, parts.modifiers)
    if (base !== null) return (withModifiers ? postgresTypeSpelling(base) : postgresCastBaseName(base)) + array
    return parts.words.join(' ') + mods + array
  }
  return parts.qualified!.map(quotePostgresIdentifierIfNeeded).join('.') + mods + array
}

function stripModifiers(spelling: string): string {
  return spelling.replace(/\([^)]*\)/, '')
}

/**
 * Parse a type as written by a user (`int4`, `varchar(20)`, `timestamptz`) or
 * printed by `format_type` into the IR. Anything without an IR kind (arrays,
 * `interval`, extension types) becomes `custom` with a canonical spelling
 * (`character varying(20)[]`), so both sides of a comparison agree on it.
 * A schema of 1,000 tables has some 10,000 columns but a few dozen type
 * spellings: each is parsed once, and the same object serves every column.
 */
export const parsePostgresType: (text: string) => ColumnType = memoizedByText(parseTypeText, 10_000)

function parseTypeText(text: string): ColumnType {
  let tokens: SqlToken[]
  try {
    tokens = tokenizeSql(text)
  } catch {
    return { kind: 'custom', sql: text.trim() }
  }
  const parts = readTypeName(tokens, 0)
  if (parts === null || parts.end !== tokens.length) return { kind: 'custom', sql: printSqlTokens(tokens) }
  if (parts.words !== null && !parts.isArray) {
    const builtin = builtinType(parts.words, parts.modifiers)
    if (builtin !== null) return builtin
  }
  return { kind: 'custom', sql: partsSpelling(parts, true) }
}

/** Canonical spelling of a type name read from tokens, with or without its modifiers. */
export function typeNameSpelling(parts: TypeNameParts, withModifiers = true): string {
  return partsSpelling(parts, withModifiers)
}

/** The type as `format_type` spells it: `character varying(20)`, `timestamp(3) with time zone`. */
export function postgresTypeSpelling(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'smallint':
    case 'text':
    case 'boolean':
    case 'date':
    case 'real':
    case 'json':
    case 'jsonb':
    case 'uuid':
    case 'bytea':
      return type.kind
    case 'doublePrecision':
      return 'double precision'
    case 'varchar':
      return type.length === undefined ? 'character varying' : `character varying(${type.length})`
    case 'char':
      return type.length === undefined ? 'bpchar' : `character(${type.length})`
    case 'numeric':
      if (type.precision === undefined) return 'numeric'
      return `numeric(${type.precision},${type.scale ?? 0})`
    case 'timestamp':
    case 'time': {
      const p = type.precision === undefined ? '' : `(${type.precision})`
      return `${type.kind}${p} ${type.withTimezone ? 'with' : 'without'} time zone`
    }
    case 'enum':
      return type.schema === undefined
        ? quotePostgresIdentifierIfNeeded(type.name)
        : `${quotePostgresIdentifierIfNeeded(type.schema)}.${quotePostgresIdentifierIfNeeded(type.name)}`
    case 'custom':
      return type.sql
    default:
      return assertNever(type)
  }
}

/**
 * The type name a literal is cast to in a default PostgreSQL prints
 * (`'x'::character varying`, `'a'::bpchar`, `'{}'::character varying[]`): no modifiers.
 */
export function postgresCastBaseName(type: ColumnType): string {
  if (type.kind === 'char') return 'bpchar'
  if (type.kind === 'custom') {
    try {
      const tokens = tokenizeSql(type.sql)
      const parts = readTypeName(tokens, 0)
      if (parts !== null && parts.end === tokens.length) return partsSpelling(parts, false)
    } catch {
      // fall through: a custom type we cannot read is compared verbatim
    }
    return type.sql
  }
  return stripModifiers(postgresTypeSpelling(type))
}
