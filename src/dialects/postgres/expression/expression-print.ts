import type { Node } from './expression-node.js'
import type { SqlToken } from './sql-tokens.js'
import { isPunct } from './token-utils.js'

/**
 * Print an expression tree with the parentheses PostgreSQL's pretty printer
 * (`pg_get_expr(…, true)`) uses, whatever parentheses the source had.
 */
export function printExpression(node: Node): SqlToken[] {
  return print(node, null, false)
}

const ADDITIVE = new Set(['+', '-'])
const MULTIPLICATIVE = new Set(['*', '/', '%'])

/** Whether `child`, printed inside `parent`, needs parentheses (PostgreSQL's pretty rules). */
function needsParens(child: Node, parent: Node | null, isLeft: boolean): boolean {
  if (parent === null || child.kind === 'atom' || child.kind === 'call') return false
  if (child.kind === 'postfix') {
    // A cast between numeric types is a function call for PostgreSQL: never parenthesized itself.
    if (isNumericCast(child)) return false
    return !child.keepParens && needsParens(child.operand, parent, isLeft)
  }
  switch (parent.kind) {
    case 'bool':
      if (child.kind === 'bool') return parent.op === 'and' && child.op === 'or'
      return child.kind === 'arrayop'
    case 'not':
      return child.kind === 'arrayop' || child.kind === 'bool'
    case 'binary':
      if (child.kind === 'binary' && (ADDITIVE.has(parent.op) || MULTIPLICATIVE.has(parent.op))) {
        if (MULTIPLICATIVE.has(child.op) && ADDITIVE.has(parent.op)) return false
        const samePriority = MULTIPLICATIVE.has(child.op) === MULTIPLICATIVE.has(parent.op) && (ADDITIVE.has(child.op) || MULTIPLICATIVE.has(child.op))
        return !(samePriority && isLeft)
      }
      return true
    default:
      return true
  }
}

const NUMERIC_CAST_TARGETS = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'])

function isNumericCast(node: Extract<Node, { kind: 'postfix' }>): boolean {
  const type = node.suffix[1]
  return isPunct(node.suffix[0], '::') && type?.kind === 'type' && NUMERIC_CAST_TARGETS.has(type.base)
}

function print(node: Node, parent: Node | null, isLeft: boolean): SqlToken[] {
  const inner = printBare(node)
  return needsParens(node, parent, isLeft) ? [{ kind: 'punct', value: '(' }, ...inner, { kind: 'punct', value: ')' }] : inner
}

function printBare(node: Node): SqlToken[] {
  switch (node.kind) {
    case 'atom':
      return [...node.tokens]
    case 'call':
      return [...node.name, { kind: 'punct', value: '(' },
        ...node.args.flatMap((arg, k) => [...(k > 0 ? [{ kind: 'punct', value: ',' } as SqlToken] : []), ...print(arg, null, false)]),
        { kind: 'punct', value: ')' }]
    case 'postfix': {
      const operand = printBare(node.operand)
      // (-2.5)::bigint: without parentheses it would read as -(2.5::bigint).
      const negative = node.operand.kind === 'atom' && node.operand.tokens[0]?.kind === 'number' && node.operand.tokens[0].value.startsWith('-')
      const wrap = node.keepParens || negative || (node.operand.kind !== 'atom' && node.operand.kind !== 'call' && node.operand.kind !== 'postfix')
      return [...(wrap ? [{ kind: 'punct', value: '(' } as SqlToken, ...operand, { kind: 'punct', value: ')' } as SqlToken] : operand), ...node.suffix]
    }
    case 'binary':
      return [...print(node.left, node, true), { kind: 'op', value: node.op }, ...print(node.right, node, false)]
    case 'prefix':
      return [{ kind: 'op', value: node.op }, ...print(node.operand, node, false)]
    case 'arrayop':
      return [...print(node.left, node, true), { kind: 'op', value: node.op }, { kind: 'word', value: node.quantifier },
        { kind: 'punct', value: '(' }, ...print(node.array, null, false), { kind: 'punct', value: ')' }]
    case 'is':
      return [...print(node.operand, node, true), ...node.test, ...(node.right === null ? [] : print(node.right, node, false))]
    case 'not':
      return [{ kind: 'word', value: 'not' }, ...print(node.operand, node, false)]
    case 'bool':
      return node.args.flatMap((arg, k) => [...(k > 0 ? [{ kind: 'word', value: node.op } as SqlToken] : []), ...print(arg, node, k === 0)])
  }
}

