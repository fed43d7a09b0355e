import type { ColumnType } from '../../../schema/ir.js'
import type { ExpressionContext } from '../expression/expression-context.js'
import type { Node } from '../expression/expression-node.js'
import { TEXT_FUNCTIONS } from '../expression/keywords.js'
import type { SqlToken } from '../expression/sql-tokens.js'

/**
 * The implicit numeric casts PostgreSQL writes into a stored expression, made
 * explicit on the model side too. For `price * qty > 0` (numeric × integer)
 * PostgreSQL stores `(price * qty::numeric) > 0::numeric`: the integer operand
 * of a mixed operator is cast to the wider category (integer < numeric <
 * double precision), and constants are converted outright.
 *
 * So that both spellings meet, the canonical form casts every non-constant
 * operand of a lower category explicitly (as PostgreSQL prints it) and keeps
 * constants bare (dropping a widening cast of a constant, which PostgreSQL
 * would add back). Operand types are inferred from the table's columns,
 * literals, casts, arithmetic and abs/COALESCE/GREATEST/LEAST; where a type is
 * unknown nothing changes.
 */
export function coerceNumericOperands(node: Node, context: ExpressionContext): Node {
  const walk = (n: Node): Node => coerceNumericOperands(n, context)
  switch (node.kind) {
    case 'atom':
      return node
    case 'call': {
      const args = node.args.map(walk)
      const name = node.name.length === 1 && node.name[0].kind === 'word' ? node.name[0].value : null
      // COALESCE and friends bring every argument to the common type, bigint included.
      return { ...node, args: name !== null && COMMON_TYPE_FUNCTIONS.has(name) ? coerceTogether(args, context, WIDTH) : args }
    }
    case 'postfix': {
      const operand = walk(node.operand)
      // A cast to the type the operand already has is dropped by PostgreSQL (`x::integer` for an integer x).
      const target = castTarget(node)
      const plain = node.suffix[1]?.kind === 'type' && node.suffix[1].value === target
      if (target !== null && plain && numericTypeOf(operand, context) === target && !hasTypmod(operand, context)) return operand
      return { ...node, operand }
    }
    case 'prefix':
      return { ...node, operand: walk(node.operand) }
    case 'binary': {
      const [left, right] = [walk(node.left), walk(node.right)]
      if (node.op === '||') return { ...node, left: bareTextLiteral(left, right, context), right: bareTextLiteral(right, left, context) }
      if (!COERCING_OPERATORS.has(node.op)) return { ...node, left, right }
      // Integer types meet in cross-type operators (int4 + int8), except for %.
      const [l, r] = coerceTogether([left, right], context, node.op === '%' ? WIDTH : CATEGORY)
      return { ...node, left: l, right: r }
    }
    case 'arrayop':
      return { ...node, left: walk(node.left), array: walk(node.array) }
    case 'is':
      return { ...node, operand: walk(node.operand), right: node.right === null ? null : walk(node.right) }
    case 'not':
      return { ...node, operand: walk(node.operand) }
    case 'bool':
      return { ...node, args: node.args.map(walk) }
  }
}

type NumericType = 'smallint' | 'integer' | 'bigint' | 'numeric' | 'double precision'

/** integer types < numeric < double precision: PostgreSQL's implicit widening order. */
const CATEGORY: Readonly<Record<NumericType, number>> = { smallint: 0, integer: 0, bigint: 0, numeric: 1, 'double precision': 2 }
const WIDTH: Readonly<Record<NumericType, number>> = { smallint: 0, integer: 1, bigint: 2, numeric: 3, 'double precision': 4 }
const COERCING_OPERATORS = new Set(['+', '-', '*', '/', '%', '=', '<>', '<', '>', '<=', '>='])
const ARITHMETIC = new Set(['+', '-', '*', '/', '%'])
const COMMON_TYPE_FUNCTIONS = new Set(['coalesce', 'greatest', 'least'])

function isNumericType(name: string): name is NumericType {
  return Object.hasOwn(CATEGORY, name)
}

function columnType(type: ColumnType | undefined): NumericType | null {
  switch (type?.kind) {
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'numeric':
      return type.kind
    case 'doublePrecision':
      return 'double precision'
    default:
      return null
  }
}

function literalType(value: string): NumericType {
  if (!/^[+-]?[0-9]+$/.test(value)) return 'numeric'
  const n = BigInt(value)
  if (n >= -2147483648n && n <= 2147483647n) return 'integer'
  return n >= -(2n ** 63n) && n < 2n ** 63n ? 'bigint' : 'numeric'
}

/**
 * Casting the numeric constant `value` to `target` only widens it (1 → numeric,
 * 1.5 → double precision), so PostgreSQL may have added the cast itself. A
 * narrowing cast (1.5::integer) changes the value and is the author's.
 */
export function isWideningConstantCast(value: string, target: string, rank: Rank = CATEGORY): boolean {
  return isNumericType(target) && rank[literalType(value)] < rank[target]
}

type Rank = Readonly<Record<NumericType, number>>

/** A numeric column declared with precision: casting it to plain numeric is not a no-op. */
function hasTypmod(node: Node, context: ExpressionContext): boolean {
  if (node.kind !== 'atom' || node.tokens.length !== 1) return false
  const [token] = node.tokens
  const type = token.kind === 'word' || token.kind === 'qident' ? context.columns.get(token.value) : undefined
  return type?.kind === 'numeric' && type.precision !== undefined
}

function wider(a: NumericType, b: NumericType): NumericType {
  return WIDTH[a] >= WIDTH[b] ? a : b
}

function castTarget(node: Node): NumericType | null {
  if (node.kind !== 'postfix' || node.suffix.length !== 2) return null
  const [colons, type] = node.suffix
  return colons.kind === 'punct' && colons.value === '::' && type.kind === 'type' && isNumericType(type.base) ? type.base : null
}

function isLiteral(node: Node): node is Extract<Node, { kind: 'atom' }> {
  return node.kind === 'atom' && node.tokens.length === 1 && node.tokens[0].kind === 'number'
}

export function numericTypeOf(node: Node, context: ExpressionContext): NumericType | null {
  switch (node.kind) {
    case 'atom': {
      if (node.tokens.length !== 1) return null
      const [token] = node.tokens
      if (token.kind === 'number') return literalType(token.value)
      return token.kind === 'word' || token.kind === 'qident' ? columnType(context.columns.get(token.value)) : null
    }
    case 'call': {
      const name = node.name.length === 1 && node.name[0].kind === 'word' ? node.name[0].value : null
      if (name === 'abs' && node.args.length === 1) return numericTypeOf(node.args[0], context)
      if (name === null || !COMMON_TYPE_FUNCTIONS.has(name)) return null
      const types = node.args.map((a) => numericTypeOf(a, context))
      return types.every((t) => t !== null) && types.length > 0 ? (types as NumericType[]).reduce(wider) : null
    }
    case 'postfix':
      return castTarget(node)
    case 'prefix':
      return node.op === '-' || node.op === '+' ? numericTypeOf(node.operand, context) : null
    case 'binary': {
      if (!ARITHMETIC.has(node.op)) return null
      const [l, r] = [numericTypeOf(node.left, context), numericTypeOf(node.right, context)]
      return l !== null && r !== null ? wider(l, r) : null
    }
    default:
      return null
  }
}

function castTo(node: Node, type: NumericType): Node {
  const suffix: SqlToken[] = [{ kind: 'punct', value: '::' }, { kind: 'type', value: type, base: type }]
  return { kind: 'postfix', operand: node, suffix, keepParens: false }
}

/** Operands PostgreSQL brings to one type: cast the narrower categories, keep constants bare. */
function coerceTogether(nodes: readonly Node[], context: ExpressionContext, rank: Rank): Node[] {
  const types = nodes.map((n) => numericTypeOf(n, context))
  if (types.some((t) => t === null)) return [...nodes]
  const widest = (types as NumericType[]).reduce(wider)
  // A bare constant is converted in place; anything else, an explicitly cast constant included, gets a cast.
  const cast = nodes.map((n, k) => (!isLiteral(n) && rank[types[k]!] < rank[widest] ? castTo(n, widest) : n))
  // A widening cast of a constant next to an operand of that type is undone: PostgreSQL converts constants itself.
  return cast.map((n) => {
    const target = castTarget(n)
    if (target === null || n.kind !== 'postfix' || !isLiteral(n.operand)) return n
    if (!isWideningConstantCast((n.operand.tokens[0] as { value: string }).value, target, rank)) return n
    const others = cast.filter((o) => o !== n && !(o.kind === 'postfix' && isLiteral(o.operand)))
    return others.some((o) => numericTypeOf(o, context) === target) ? n.operand : n
  })
}

/** Is the node's type known to be text: a text-like column, a text function, a concatenation of text? */
function isText(node: Node, context: ExpressionContext): boolean {
  switch (node.kind) {
    case 'atom': {
      if (node.tokens.length !== 1) return false
      const [token] = node.tokens
      if (token.kind !== 'word' && token.kind !== 'qident') return false
      const kind = context.columns.get(token.value)?.kind
      return kind === 'text' || kind === 'varchar' || kind === 'char'
    }
    case 'call':
      return node.name.length === 1 && node.name[0].kind === 'word' && TEXT_FUNCTIONS.has(node.name[0].value)
    case 'postfix': {
      const type = node.suffix[1]
      return type?.kind === 'type' && (type.base === 'text' || type.base === 'character varying')
    }
    case 'binary':
      return node.op === '||' && (isText(node.left, context) || isText(node.right, context))
    default:
      return false
  }
}

/** `'x'::text` concatenated to text is just `'x'`: an untyped literal next to text resolves to text. */
function bareTextLiteral(node: Node, other: Node, context: ExpressionContext): Node {
  const type = node.kind === 'postfix' ? node.suffix[1] : undefined
  const isStringCast = node.kind === 'postfix' && node.operand.kind === 'atom' && node.operand.tokens.length === 1 &&
    node.operand.tokens[0].kind === 'string' && type?.kind === 'type' && type.value === 'text'
  if (!isStringCast || !isText(other, context)) return node
  return node.operand
}
