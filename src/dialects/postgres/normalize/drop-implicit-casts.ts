import type { ColumnType } from '../../../schema/ir.js'
import type { ExpressionContext } from '../expression/expression-context.js'
import { TEXT_FUNCTIONS } from '../expression/keywords.js'
import { isWideningConstantCast } from './numeric-coercion.js'
import { postgresCastBaseName } from './parse-type.js'
import { isPrefixOperator } from '../expression/sql-print.js'
import type { SqlToken } from '../expression/sql-tokens.js'
import {
  isComparison,
  isLeftBoundary,
  isOp,
  isPunct,
  isRightBoundary,
  isWord,
  matchingClose,
  matchingOpen,
  splitArguments,
} from '../expression/token-utils.js'

/**
 * Drop the casts PostgreSQL adds by itself when it stores an expression, and
 * would add again to the expression without them: `col::text` on a text-like
 * column, `'x'::text` compared with or concatenated to text, `'sad'::mood` or
 * `2::numeric` next to a column of that type, `'-1'::integer` (exactly the
 * constant -1). Casts that change what an expression means stay.
 */

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
  while (k < tokens.length && !isPunct(tokens[k], ']')) {
    if (!isPunct(tokens[k], '(', '[')) {
      k++
      continue
    }
    const close = matchingClose(tokens, k)
    if (close === -1) return false
    k = close + 1
  }
  const open = matchingOpen(tokens, k)
  return open > 0 && isWord(tokens[open - 1], 'array')
}

/** A text operand: a text-like column or a string literal, without a cast. */
function isTextOperand(tokens: readonly SqlToken[], index: number, context: ExpressionContext): boolean {
  const token = tokens[index]
  if (token === undefined) return false
  if (token.kind === 'string') return true
  if (isPunct(token, ')')) {
    // `lower(name) || 'x'`: a call to a function that returns text.
    const open = matchingOpen(tokens, index)
    const name = tokens[open - 1]
    return open > 0 && name?.kind === 'word' && TEXT_FUNCTIONS.has(name.value) && !isPunct(tokens[open - 2], '.')
  }
  return (token.kind === 'word' || token.kind === 'qident') && isStringColumn(context.columns.get(token.value))
}


/**
 * `name || 'x'::text` where `name` is text-like: the literal resolves to text
 * without the cast. (Not in general: next to an array `'{1}' || arr` is an array.)
 */
function isConcatenatedWithText(tokens: readonly SqlToken[], start: number, end: number, context: ExpressionContext): boolean {
  const [prev, next] = [tokens[start - 1], tokens[end]]
  if (isOp(prev, '||') && isTextOperand(tokens, start - 2, context) && !isPunct(tokens[start - 3], '.', '::')) return true
  return isOp(next, '||') && isTextOperand(tokens, end + 1, context) && !isPunct(tokens[end + 2], '.', '::', '(', '[')
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
  return args.some((arg) => arg.length === 1 && arg[0].kind !== 'string' && isTextOperand(arg, 0, context))
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

export interface DropCastOptions {
  /** Also drop widening casts of numeric constants by their neighbours (when no expression tree is available). */
  readonly numericConstants: boolean
}

export function dropImplicitCasts(tokens: SqlToken[], context: ExpressionContext, options: DropCastOptions): SqlToken[] {
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
      // `'-1'::integer` is exactly the constant -1; `2::numeric` in `price * 2::numeric` is what `price * 2` resolves to
      // (left to the expression tree, which knows operand types, unless it could not parse the expression).
      const implicit = options.numericConstants && isWideningConstantCast(numberText, type.base) &&
        (isComparedOperand(tokens, start, castEnd) || isBesideColumnOf(tokens, start, castEnd, type.base, context))
      if (literalHasType(numberText, type.base) || implicit) {
        replaceWithNumber()
      } else if (before.kind === 'string') {
        // '1.5'::numeric is 1.5::numeric: the same constant, spelled as a number.
        tokens = [...tokens.slice(0, i - 1), { kind: 'number', value: numberText }, ...tokens.slice(i)]
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
