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
  /**
   * Text → (type and named columns → result). Keyed by the text first, so the
   * usual call (a type that is its kind alone, no context column named) builds
   * no key string at all: making one per call, and the garbage of it, cost
   * more than the normalizations the memo saved.
   */
  private readonly results = new Map<string, Map<string, string | null>>()
  private size = 0

  constructor(private readonly limit = 50_000) {}

  get(text: string, type: ColumnType | undefined, context: ExpressionContext, compute: () => string | null): string | null {
    const rest = restOfKey(text, type, context)
    let byRest = this.results.get(text)
    // Results are text or null, never undefined: one lookup tells a miss.
    const known = byRest?.get(rest)
    if (known !== undefined) return known
    const result = compute()
    if (this.size >= this.limit) {
      this.results.clear()
      this.size = 0
      byRest = undefined
    }
    if (byRest === undefined) {
      byRest = new Map()
      this.results.set(text, byRest)
    }
    byRest.set(rest, result)
    this.size++
    return result
  }
}

/** The key besides the text: the type, and each context column the text names. */
function restOfKey(text: string, type: ColumnType | undefined, context: ExpressionContext): string {
  let key = type === undefined ? '' : typeKey(type)
  if (context.columns.size === 0) return key
  const lower = text.toLowerCase()
  for (const column of contextColumnsOf(context)) {
    const named = column.introduced || text.includes(column.name) || lower.includes(column.lowerName)
    if (named) key += column.keyPart()
  }
  return key
}

/**
 * A type as key text: its kind when that is all there is to it (no string is
 * made), else its JSON. The two cannot meet: JSON starts with `{`.
 */
function typeKey(type: ColumnType): string {
  let fields = 0
  for (const _ in type) if (++fields > 1) return JSON.stringify(type)
  return type.kind
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
    this.part ??= `\u0000${this.name}\u0001${typeKey(this.type)}`
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
