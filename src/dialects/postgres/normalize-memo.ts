import type { ColumnType } from '../../schema/ir.js'
import type { ExpressionContext } from './expression-context.js'

/**
 * Words the normalizer itself writes into an expression (`now()` →
 * `current_timestamp`, `IN (…)` → `= ANY (ARRAY[…])`, BETWEEN → AND, the
 * parser's AND/OR/NOT): a column with one of these names could change how
 * the rewritten expression is typed, so their context entries count too.
 */
const INTRODUCED_WORDS = ['current_timestamp', 'any', 'all', 'array', 'and', 'or', 'not']

/**
 * Memoizes a normalization that is a pure function of its text, an optional
 * column type and the expression context. A schema of 1,000 tables repeats a
 * few default and check texts thousands of times (`CURRENT_TIMESTAMP`,
 * `false`, `quantity >= 0`); each is normalized once.
 *
 * The normalizer consults the context only through the types of the columns
 * an expression names (a word or quoted identifier token, or one of the words
 * above). The key therefore holds the text plus every context column whose
 * name occurs in the text at all (a superset: matching is on the lower-cased
 * text, as unquoted words are folded) — two calls with equal keys normalize
 * identically.
 */
export class NormalizeMemo {
  private readonly results = new Map<string, string | null>()

  constructor(private readonly limit = 50_000) {}

  get(text: string, type: ColumnType | undefined, context: ExpressionContext, compute: () => string | null): string | null {
    const key = this.key(text, type, context)
    if (this.results.has(key)) return this.results.get(key)!
    const result = compute()
    if (this.results.size >= this.limit) this.results.clear()
    this.results.set(key, result)
    return result
  }

  private key(text: string, type: ColumnType | undefined, context: ExpressionContext): string {
    let key = `${text}\u0000${type === undefined ? '' : JSON.stringify(type)}`
    if (context.columns.size === 0) return key
    const lower = text.toLowerCase()
    for (const column of contextColumnsOf(context)) {
      const named = column.introduced || text.includes(column.name) || lower.includes(column.lowerName)
      if (named) key += column.keyPart()
    }
    return key
  }
}

/** A context column with what every key computation needs of it, worked out once. */
class ContextColumn {
  readonly lowerName: string
  /** One of INTRODUCED_WORDS: part of every key. */
  readonly introduced: boolean
  private part: string | undefined

  constructor(
    readonly name: string,
    private readonly type: ColumnType,
  ) {
    this.lowerName = name.toLowerCase()
    this.introduced = INTRODUCED_WORDS.includes(name)
  }

  /** What the column adds to a key, its name and type; made on demand, as most texts name few columns. */
  keyPart(): string {
    this.part ??= `\u0000${this.name}\u0001${JSON.stringify(this.type)}`
    return this.part
  }
}

/**
 * The context's columns prepared for `key`, once per context: a table's
 * context serves all of its defaults and expressions. Contexts are built per
 * table and never changed afterwards, so caching by identity is safe.
 */
const preparedContexts = new WeakMap<ExpressionContext, readonly ContextColumn[]>()

function contextColumnsOf(context: ExpressionContext): readonly ContextColumn[] {
  let columns = preparedContexts.get(context)
  if (columns === undefined) {
    const prepared: ContextColumn[] = []
    context.columns.forEach((type, name) => prepared.push(new ContextColumn(name, type)))
    preparedContexts.set(context, prepared)
    columns = prepared
  }
  return columns
}
