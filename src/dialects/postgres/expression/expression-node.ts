import type { SqlToken } from './sql-tokens.js'

/** An expression parsed with PostgreSQL's operator precedence (see `reshapeExpression`). */
export type Node =
  /** Printed as is: a literal, a name, an ARRAY[…] with normalized elements, a CASE. */
  | { readonly kind: 'atom'; readonly tokens: readonly SqlToken[] }
  /** `name(args)`; an argument the parser cannot read is an atom of its tokens. */
  | { readonly kind: 'call'; readonly name: readonly SqlToken[]; readonly args: readonly Node[] }
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
