import type { ColumnType } from '../../../schema/ir.js'
import type { ExpressionContext } from '../expression/expression-context.js'

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
 * text, as unquoted words are folded, and a name with `"` in it is also
 * sought as a quoted identifier spells it) — two calls with equal keys
 * normalize identically.
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
  const columns = contextColumnsOf(context)
  const lower = text.toLowerCase()
  // Most texts are lower case already (and most names): then one search per column does.
  const lowerDiffers = lower !== text
  for (let i = 0; i < columns.names.length; i++) {
    const name = columns.names[i]
    const lowerName = columns.lowerNames[i]
    const escaped = columns.escaped[i]
    const named =
      columns.introduced[i] ||
      text.includes(name) ||
      ((lowerDiffers || lowerName !== name) && lower.includes(lowerName)) ||
      (escaped !== null && text.includes(escaped))
    if (named) key += columns.keyPart(i)
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

const INTRODUCED = new Set(INTRODUCED_WORDS)

/**
 * A context's columns with what every key computation needs of them, worked
 * out once. Parallel arrays rather than an object per column: a schema of
 * 1,000 tables has some 10,000 columns, and most of them are never named.
 */
class PreparedContext {
  readonly names: string[] = []
  readonly lowerNames: string[] = []
  /** The name is one of INTRODUCED_WORDS: part of every key. */
  readonly introduced: boolean[] = []
  /** A name with `"` in it as a quoted identifier spells it (`a"b` → `a""b`); null for the rest. */
  readonly escaped: (string | null)[] = []
  /** Filled in on demand: most columns are never named. */
  private readonly parts: string[] = []

  constructor(private readonly columns: ReadonlyMap<string, ColumnType>) {}

  /** A `Map.forEach` callback (value, then key), called with the prepared context as `this`. */
  add(this: PreparedContext, _type: ColumnType, name: string): void {
    this.names.push(name)
    this.lowerNames.push(name.toLowerCase())
    this.introduced.push(INTRODUCED.has(name))
    this.escaped.push(name.includes('"') ? name.replaceAll('"', '""') : null)
  }

  /** What column `i` adds to a key, its name and type. */
  keyPart(i: number): string {
    let part = this.parts[i]
    if (part === undefined) {
      const name = this.names[i]
      part = `\u0000${name}\u0001${typeKey(this.columns.get(name)!)}`
      this.parts[i] = part
    }
    return part
  }
}

/**
 * The context's columns prepared for `restOfKey`, once per context: a table's
 * context serves all of its defaults and expressions. Contexts are built per
 * table and never changed afterwards, so caching by identity is safe.
 */
const preparedContexts = new WeakMap<ExpressionContext, PreparedContext>()

function contextColumnsOf(context: ExpressionContext): PreparedContext {
  let prepared = preparedContexts.get(context)
  if (prepared === undefined) {
    prepared = new PreparedContext(context.columns)
    // forEach with `this` rather than for-of: no entry array, no closure per context.
    context.columns.forEach(prepared.add, prepared)
    preparedContexts.set(context, prepared)
  }
  return prepared
}
