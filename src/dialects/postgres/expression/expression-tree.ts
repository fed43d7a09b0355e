import { emptyExpressionContext, type ExpressionContext } from './expression-context.js'
import type { Node } from './expression-node.js'
import { printExpression } from './expression-print.js'
import { coerceNumericOperands } from '../normalize/numeric-coercion.js'
import type { SqlToken } from './sql-tokens.js'
import { isPunct, isWord, matchingClose, splitArguments } from './token-utils.js'

/**
 * Re-parenthesize an expression the way `pg_get_expr(…, true)` does, so that
 * `a + b > c`, `(a + b) > c` and `((a + b) > c)` all print `(a + b) > c`.
 *
 * The tokens are parsed with PostgreSQL's operator precedence into a tree, the
 * parentheses the author wrote are dropped, and the printer adds back exactly
 * those PostgreSQL's pretty printer adds (ruleutils' `isSimpleNode` rules):
 * an operator expression inside another binary operator is parenthesized,
 * except `*` `/` `%` inside `+` `-` and a left operand of the same priority;
 * AND inside OR, and comparisons inside AND/OR/NOT, are not; `x = ANY (…)`
 * inside AND/OR/NOT is.
 *
 * Anything the parser does not know (sub-selects, COLLATE, AT TIME ZONE, …)
 * makes it give up: `reshapeExpression` then returns null and the caller keeps
 * the tokens as they are.
 */
export function reshapeExpression(tokens: readonly SqlToken[], context: ExpressionContext = emptyExpressionContext): SqlToken[] | null {
  try {
    return printExpression(coerceNumericOperands(parseWhole(tokens, context), context))
  } catch (error) {
    if (error instanceof GiveUp) return null
    throw error
  }
}

class GiveUp extends Error {}

/** The negated numeric literal; zero has no sign (PostgreSQL prints -0 as 0). */
function negate(value: string): string {
  if (value.startsWith('-')) return value.slice(1)
  return /^[0.]*(?:[eE][+-]?[0-9]+)?$/.test(value) ? value : `-${value}`
}

function parseWhole(tokens: readonly SqlToken[], context: ExpressionContext): Node {
  const parser = new Parser(tokens, context)
  const node = parser.parseExpression()
  if (!parser.atEnd()) throw new GiveUp()
  return node
}

/** An argument or element: parsed when possible, else kept as its tokens. */
function parseOrKeep(tokens: readonly SqlToken[], context: ExpressionContext): Node {
  try {
    return parseWhole(tokens, context)
  } catch (error) {
    if (error instanceof GiveUp) return { kind: 'atom', tokens }
    throw error
  }
}

const COMPARISON = new Set(['=', '<>', '<', '>', '<=', '>='])
// LIKE is spelled ~~ by the time expressions get here; it keeps LIKE's precedence.
const LIKE = new Set(['~~', '!~~', '~~*', '!~~*'])
const ADDITIVE = new Set(['+', '-'])
const MULTIPLICATIVE = new Set(['*', '/', '%'])

/** Binding power of a binary operator (higher binds tighter). */
function precedence(op: string): number {
  if (COMPARISON.has(op)) return 1
  if (LIKE.has(op)) return 2
  if (ADDITIVE.has(op)) return 4
  if (MULTIPLICATIVE.has(op)) return 5
  if (op === '^') return 6
  return 3 // any other operator: ||, ->>, @>, ~, …
}

const STOP_WORDS = new Set(['and', 'or', 'then', 'else', 'when', 'end', 'is', 'not', 'from'])

class Parser {
  private i = 0
  constructor(
    private readonly tokens: readonly SqlToken[],
    private readonly context: ExpressionContext,
  ) {}

  atEnd(): boolean {
    return this.i >= this.tokens.length
  }

  private peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.i + offset]
  }

  parseExpression(): Node {
    return this.parseBool('or')
  }

  private parseBool(op: 'and' | 'or'): Node {
    const next = () => (op === 'or' ? this.parseBool('and') : this.parseNot())
    const args = [next()]
    while (isWord(this.peek(), op)) {
      this.i++
      args.push(next())
    }
    // a AND b AND c is one node: PostgreSQL flattens nested ANDs (and ORs).
    const flat = args.flatMap((a) => (a.kind === 'bool' && a.op === op ? a.args : [a]))
    return flat.length === 1 ? flat[0] : { kind: 'bool', op, args: flat }
  }

  private parseNot(): Node {
    if (isWord(this.peek(), 'not')) {
      this.i++
      return { kind: 'not', operand: this.parseNot() }
    }
    return this.parseIs()
  }

  private parseIs(): Node {
    let node = this.parseBinary(1)
    for (;;) {
      if (!isWord(this.peek(), 'is')) return node
      const test: SqlToken[] = [this.tokens[this.i++]]
      if (isWord(this.peek(), 'not')) test.push(this.tokens[this.i++])
      if (isWord(this.peek(), 'null', 'true', 'false', 'unknown')) {
        test.push(this.tokens[this.i++])
        node = { kind: 'is', operand: node, test, right: null }
      } else if (isWord(this.peek(), 'distinct') && isWord(this.peek(1), 'from')) {
        test.push(this.tokens[this.i++], this.tokens[this.i++])
        node = { kind: 'is', operand: node, test, right: this.parseBinary(1) }
      } else {
        throw new GiveUp()
      }
    }
  }

  private parseBinary(minPrecedence: number): Node {
    let left = this.parseUnary()
    for (;;) {
      const token = this.peek()
      if (token?.kind !== 'op') return left
      const p = precedence(token.value)
      if (p < minPrecedence) return left
      this.i++
      if (isWord(this.peek(), 'any', 'all', 'some') && isPunct(this.peek(1), '(')) {
        const quantifier = (this.tokens[this.i++] as { value: string }).value
        left = { kind: 'arrayop', op: token.value, quantifier, left, array: this.parseGroupContent() }
        continue
      }
      // Comparisons do not associate; everything else is left-associative.
      const right = this.parseBinary(p + 1)
      left = { kind: 'binary', op: token.value, left, right }
    }
  }

  private parseUnary(): Node {
    const token = this.peek()
    if (token?.kind === 'op') {
      this.i++
      const next = this.peek()
      // -1 is one constant for PostgreSQL (its grammar folds the sign), but -1::numeric is -(1::numeric).
      const postfix = isPunct(this.peek(1), '::', '[')
      if ((token.value === '-' || token.value === '+') && next?.kind === 'number' && !postfix) {
        this.i++
        return this.parsePostfix({ kind: 'atom', tokens: [{ kind: 'number', value: token.value === '-' ? negate(next.value) : next.value }] })
      }
      const operand = this.parseUnary()
      // -(1) and -(-2.5) are constants too: PostgreSQL negates the constant itself.
      if (token.value === '-' && operand.kind === 'atom' && operand.tokens.length === 1 && operand.tokens[0].kind === 'number') {
        const value = operand.tokens[0].value
        return { kind: 'atom', tokens: [{ kind: 'number', value: negate(value) }] }
      }
      return { kind: 'prefix', op: token.value, operand }
    }
    return this.parsePostfix(this.parsePrimary())
  }

  /** `( expression )` at the cursor: the expression. */
  private parseGroupContent(): Node {
    const close = matchingClose(this.tokens, this.i)
    if (close === -1) throw new GiveUp()
    const inner = this.tokens.slice(this.i + 1, close)
    this.i = close + 1
    return parseWhole(inner, this.context)
  }

  private parsePrimary(): Node {
    const token = this.peek()
    if (token === undefined) throw new GiveUp()
    if (isPunct(token, '(')) return this.parseGroupContent()
    if (isWord(token, 'case')) return this.parseCase()
    if (isWord(token, 'array') && isPunct(this.peek(1), '[')) {
      this.i++
      return { kind: 'atom', tokens: [token, ...this.parseList('[')] }
    }
    if (token.kind === 'word' && STOP_WORDS.has(token.value)) throw new GiveUp()
    if (token.kind === 'op' || token.kind === 'punct') throw new GiveUp()
    this.i++
    const name: SqlToken[] = [token]
    while (isPunct(this.peek(), '.') && (this.peek(1)?.kind === 'word' || this.peek(1)?.kind === 'qident')) {
      name.push(this.tokens[this.i++], this.tokens[this.i++])
    }
    if ((token.kind === 'word' || token.kind === 'qident') && isPunct(this.peek(), '(')) {
      // A call: each argument is an expression of its own.
      if (isWord(this.peek(1), 'select', 'distinct', 'all')) throw new GiveUp()
      const close = matchingClose(this.tokens, this.i)
      if (close === -1) throw new GiveUp()
      const args = splitArguments(this.tokens, this.i, close).map((arg) => parseOrKeep(arg, this.context))
      this.i = close + 1
      return { kind: 'call', name, args }
    }
    // A keyword in an operand position (EXISTS, INTERVAL '…', …) is beyond this parser.
    if (token.kind === 'word' && this.peek()?.kind === 'string') throw new GiveUp()
    return { kind: 'atom', tokens: name }
  }

  /** `[ a, b ]` with each element reshaped. */
  private parseList(open: '['): SqlToken[] {
    const close = matchingClose(this.tokens, this.i)
    if (close === -1) throw new GiveUp()
    const items = splitArguments(this.tokens, this.i, close)
    this.i = close + 1
    const out: SqlToken[] = [{ kind: 'punct', value: open }]
    items.forEach((item, k) => {
      if (k > 0) out.push({ kind: 'punct', value: ',' })
      out.push(...(reshapeExpression(item, this.context) ?? item))
    })
    out.push({ kind: 'punct', value: ']' })
    return out
  }

  private parseCase(): Node {
    const out: SqlToken[] = [this.tokens[this.i++]]
    const part = () => out.push(...printExpression(coerceNumericOperands(this.parseExpression(), this.context)))
    if (!isWord(this.peek(), 'when')) part()
    while (isWord(this.peek(), 'when')) {
      out.push(this.tokens[this.i++])
      part()
      if (!isWord(this.peek(), 'then')) throw new GiveUp()
      out.push(this.tokens[this.i++])
      part()
    }
    if (isWord(this.peek(), 'else')) {
      out.push(this.tokens[this.i++])
      part()
    }
    if (!isWord(this.peek(), 'end')) throw new GiveUp()
    out.push(this.tokens[this.i++])
    return { kind: 'atom', tokens: out }
  }

  private parsePostfix(node: Node): Node {
    for (;;) {
      if (isPunct(this.peek(), '::') && this.peek(1)?.kind === 'type') {
        node = { kind: 'postfix', operand: node, suffix: [this.tokens[this.i], this.tokens[this.i + 1]], keepParens: false }
        this.i += 2
      } else if (isPunct(this.peek(), '[')) {
        const close = matchingClose(this.tokens, this.i)
        if (close === -1) throw new GiveUp()
        node = { kind: 'postfix', operand: node, suffix: this.tokens.slice(this.i, close + 1), keepParens: false }
        this.i = close + 1
      } else if (isPunct(this.peek(), '.') && node.kind !== 'atom') {
        // (composite).field: the parentheses are part of the syntax.
        node = { kind: 'postfix', operand: node, suffix: this.tokens.slice(this.i, this.i + 2), keepParens: true }
        this.i += 2
      } else if (isWord(this.peek(), 'collate', 'at', 'overlaps', 'in', 'between', 'similar', 'escape', 'isnull', 'notnull')) {
        throw new GiveUp()
      } else {
        return node
      }
    }
  }
}
