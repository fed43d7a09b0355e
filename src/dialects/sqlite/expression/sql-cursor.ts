import { TsmigError } from '../../../errors.js'
import { closingParenIndex, isKeyword, isPunct, joinTokens, type SqlToken } from './tokenize-sql.js'

export class SqlParseError extends TsmigError {}

/** A read position over tokens, for the small recursive-descent parsers of stored DDL. */
export class SqlCursor {
  private index = 0

  constructor(
    private readonly tokens: readonly SqlToken[],
    /** What is being parsed, for error messages (`CREATE TABLE "users"`). */
    private readonly what: string,
  ) {}

  get done(): boolean {
    return this.index >= this.tokens.length
  }

  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.index + offset]
  }

  next(): SqlToken {
    const token = this.tokens[this.index]
    if (token === undefined) this.fail('unexpected end')
    this.index++
    return token
  }

  /**
   * Consume the keywords if they come next, in order: one, two or three
   * (`IF NOT EXISTS`). Separate parameters rather than `...words`: this is
   * the parsers' innermost call, tried keyword after keyword on every token,
   * and a rest array per try was garbage.
   */
  accept(first: string, second?: string, third?: string): boolean {
    const { tokens, index } = this
    if (!isKeyword(tokens[index], first)) return false
    if (second !== undefined && !isKeyword(tokens[index + 1], second)) return false
    if (third !== undefined && !isKeyword(tokens[index + 2], third)) return false
    this.index += third !== undefined ? 3 : second !== undefined ? 2 : 1
    return true
  }

  expect(first: string, second?: string, third?: string): void {
    if (!this.accept(first, second, third)) this.fail(`expected ${[first, second, third].filter((w) => w !== undefined).join(' ')}`)
  }

  acceptPunct(char: string): boolean {
    if (!isPunct(this.peek(), char)) return false
    this.index++
    return true
  }

  /** An identifier: a bare word, a quoted identifier, or (SQLite allows it) a string literal. */
  name(): string {
    const token = this.next()
    if (token.kind === 'word' || token.kind === 'quoted') return token.value
    if (token.kind === 'string') return token.text.slice(1, -1).replaceAll("''", "'")
    return this.fail(`expected a name, found ${token.text}`)
  }

  /** `[schema .] name`: the name, schema dropped (tsmig reads `main` only). */
  qualifiedName(): string {
    const name = this.name()
    return this.acceptPunct('.') ? this.name() : name
  }

  /** The tokens inside the parenthesized group that comes next; the cursor moves past its `)`. */
  group(): SqlToken[] {
    if (!isPunct(this.peek(), '(')) this.fail('expected (')
    const close = closingParenIndex(this.tokens, this.index)
    if (close < 0) this.fail('unbalanced parentheses')
    const inner = this.tokens.slice(this.index + 1, close)
    this.index = close + 1
    return inner
  }

  /** The group's contents as expression text. */
  groupText(): string {
    return joinTokens(this.group())
  }

  /** Everything not consumed yet. */
  rest(): SqlToken[] {
    const rest = this.tokens.slice(this.index)
    this.index = this.tokens.length
    return rest
  }

  fail(reason: string): never {
    const at = this.peek()
    const where = at === undefined ? 'at the end' : `near "${at.text}"`
    throw new SqlParseError(`cannot parse ${this.what}: ${reason} ${where}`)
  }
}
