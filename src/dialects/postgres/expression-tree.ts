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
export function reshapeExpression(tokens: readonly SqlToken[]): SqlToken[] | null {
  try {
    const parser = new Parser(tokens)
    const node = parser.parseExpression()
    if (!parser.atEnd()) return null
    return print(node, null, false)
  } catch (error) {
    if (error instanceof GiveUp) return null
    throw error
  }
}

class GiveUp extends Error {}

type Node =
  /** Printed as is: a literal, a name, a call or array with normalized arguments, a CASE. */
  | { readonly kind: 'atom'; readonly tokens: readonly SqlToken[] }
  /** `operand::type`, `operand[…]`, `(operand).field`. */
  | { readonly kind: 'postfix'; readonly operand: Node; readonly suffix: readonly SqlToken[]; readonly keepParens: boolean }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'prefix'; readonly op: string; readonly operand: Node }
  /** `left op ANY|ALL (array)`. */
  | { readonly kind: 'arrayop'; readonly op: string; readonly quantifier: string; readonly left: Node; readonly array: Node }
  /** `operand IS [NOT] NULL|TRUE|FALSE|UNKNOWN`, `operand IS [NOT] DISTINCT FROM right`. */
  | { readonly kind: 'is'; readonly operand: Node; readonly test: readonly SqlToken[]; readonly right: Node | null }
  | { readonly kind: 'not'; readonly operand: Node }
  | { readonly kind: 'bool'; readonly op: 'and' | 'or'; readonly args: readonly Node[] }

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
  constructor(private readonly tokens: readonly SqlToken[]) {}

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
      // -1 is one constant for PostgreSQL (its grammar folds the sign).
      if ((token.value === '-' || token.value === '+') && next?.kind === 'number') {
        this.i++
        return this.parsePostfix({ kind: 'atom', tokens: [{ kind: 'number', value: (token.value === '-' ? '-' : '') + next.value }] })
      }
      return { kind: 'prefix', op: token.value, operand: this.parseUnary() }
    }
    return this.parsePostfix(this.parsePrimary())
  }

  /** `( expression )` at the cursor: the expression. */
  private parseGroupContent(): Node {
    const close = matchingClose(this.tokens, this.i)
    if (close === -1) throw new GiveUp()
    const inner = this.tokens.slice(this.i + 1, close)
    this.i = close + 1
    const parser = new Parser(inner)
    const node = parser.parseExpression()
    if (!parser.atEnd()) throw new GiveUp()
    return node
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
      return { kind: 'atom', tokens: [...name, ...this.parseList('(')] }
    }
    // A keyword in an operand position (EXISTS, INTERVAL '…', …) is beyond this parser.
    if (token.kind === 'word' && this.peek()?.kind === 'string') throw new GiveUp()
    return { kind: 'atom', tokens: name }
  }

  /** `( a, b )` or `[ a, b ]` with each element reshaped. */
  private parseList(open: '(' | '['): SqlToken[] {
    const close = matchingClose(this.tokens, this.i)
    if (close === -1) throw new GiveUp()
    const items = splitArguments(this.tokens, this.i, close)
    this.i = close + 1
    const out: SqlToken[] = [{ kind: 'punct', value: open }]
    items.forEach((item, k) => {
      if (k > 0) out.push({ kind: 'punct', value: ',' })
      out.push(...(reshapeExpression(item) ?? item))
    })
    out.push({ kind: 'punct', value: open === '(' ? ')' : ']' })
    return out
  }

  private parseCase(): Node {
    const out: SqlToken[] = [this.tokens[this.i++]]
    const part = () => out.push(...print(this.parseExpression(), null, false))
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

/** Whether `child`, printed inside `parent`, needs parentheses (PostgreSQL's pretty rules). */
function needsParens(child: Node, parent: Node | null, isLeft: boolean): boolean {
  if (parent === null || child.kind === 'atom') return false
  if (child.kind === 'postfix') return !child.keepParens && needsParens(child.operand, parent, isLeft)
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

function print(node: Node, parent: Node | null, isLeft: boolean): SqlToken[] {
  const inner = printBare(node)
  return needsParens(node, parent, isLeft) ? [{ kind: 'punct', value: '(' }, ...inner, { kind: 'punct', value: ')' }] : inner
}

function printBare(node: Node): SqlToken[] {
  switch (node.kind) {
    case 'atom':
      return [...node.tokens]
    case 'postfix': {
      const operand = printBare(node.operand)
      const wrap = node.keepParens || (node.operand.kind !== 'atom' && node.operand.kind !== 'postfix')
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

