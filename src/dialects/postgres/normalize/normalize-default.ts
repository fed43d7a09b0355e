import type { ColumnType } from '../../../schema/ir.js'
import { canonicalNumber } from '../../../util/canonical-number.js'
import { quotePostgresIdentifierIfNeeded } from '../identifiers.js'
import { canonicalJsonbText } from './jsonb-text.js'
import { normalizeExpressionTokens, type ExpressionContext, emptyExpressionContext } from './normalize-expression.js'
import { NormalizeMemo } from './normalize-memo.js'
import { postgresCastBaseName } from './parse-type.js'
import { printSqlTokens } from '../expression/sql-print.js'
import { SqlLexError, stringToken, tokenizeSql, type SqlToken } from '../expression/sql-tokens.js'
import { isOp, isPunct, isWord } from '../expression/token-utils.js'

const STRING_CAST_TYPES = new Set(['text', 'character varying', 'bpchar', 'character'])
const NUMBER_TEXT = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/
const TRUE_TEXT = /^\s*(?:t|tr|tru|true|y|ye|yes|on|1)\s*$/i
const FALSE_TEXT = /^\s*(?:f|fa|fal|fals|false|n|no|of|off|0)\s*$/i

/**
 * Canonical text of a column default for a column of type `type`, or null for
 * no default. On top of `normalizePostgresExpression`:
 * - `NULL` (also cast) is no default: PostgreSQL stores none for it;
 * - a literal cast to the column's own type is bare: `'x'::character varying`,
 *   `'happy'::mood`, `'{}'::jsonb` → the literal (the column's type applies the
 *   same cast on insert); chained casts through text too;
 * - on numeric columns a quoted number is the number (`'0'::numeric` → `0`,
 *   `'-1'::integer` → `-1`), and a number is its value (`5.0` → `5`); on boolean columns `'t'`/`'off'`/… are `true`/`false`;
 *   jsonb literals are spelled as jsonb prints them.
 */
export function normalizePostgresDefault(
  text: string | null,
  type: ColumnType,
  context: ExpressionContext = emptyExpressionContext,
): string | null {
  if (text === null) return null
  return memo.get(text, type, context, () => normalizeDefaultText(text, type, context))
}

const memo = new NormalizeMemo()

function normalizeDefaultText(text: string, type: ColumnType, context: ExpressionContext): string | null {
  let tokens: SqlToken[]
  try {
    tokens = normalizeExpressionTokens(tokenizeSql(text), context)
  } catch (error) {
    if (error instanceof SqlLexError) return text.trim()
    throw error
  }
  if (tokens.length === 0) return null
  if (isWord(tokens[0], 'null') && (tokens.length === 1 || (tokens.length === 3 && isPunct(tokens[1], '::')))) return null
  tokens = stripOwnTypeCasts(tokens, type)
  tokens = spellLiteralForType(tokens, type)
  return printSqlTokens(tokens)
}

/** Length of the literal the tokens start with: `'x'`, `1.5`, `-1`; 0 if none. */
function literalLength(tokens: readonly SqlToken[]): number {
  if (tokens[0]?.kind === 'string' || tokens[0]?.kind === 'number') return 1
  if (isOp(tokens[0], '-', '+') && tokens[1]?.kind === 'number') return 2
  return 0
}

function isStringType(type: ColumnType): boolean {
  return type.kind === 'text' || type.kind === 'varchar' || type.kind === 'char'
}

function castMatchesColumn(castBase: string, type: ColumnType): boolean {
  if (castBase === postgresCastBaseName(type)) return true
  if (STRING_CAST_TYPES.has(castBase) && isStringType(type)) return true
  // An enum of another schema that is on the search_path prints unqualified.
  return type.kind === 'enum' && castBase === quotePostgresIdentifierIfNeeded(type.name)
}

function stripOwnTypeCasts(tokens: SqlToken[], type: ColumnType): SqlToken[] {
  const literal = literalLength(tokens)
  if (literal === 0) return tokens
  // Only a literal followed by casts qualifies: `'x'::text::character varying`.
  for (let k = literal; k < tokens.length; k += 2) {
    if (!isPunct(tokens[k], '::') || tokens[k + 1]?.kind !== 'type') return tokens
  }
  let out = tokens
  while (out.length > literal) {
    const cast = out[out.length - 1] as Extract<SqlToken, { kind: 'type' }>
    const outerMost = out.length === tokens.length
    // The outermost cast must be to the column's type; inner ones (through text) to a string type.
    const matches = outerMost ? castMatchesColumn(cast.base, type) : STRING_CAST_TYPES.has(cast.base) && isStringType(type)
    if (!matches) break
    out = out.slice(0, -2)
  }
  return out
}

function isNumericType(type: ColumnType): boolean {
  return ['integer', 'bigint', 'smallint', 'numeric', 'real', 'doublePrecision'].includes(type.kind)
}

/** A number on a numeric column by its value (`5.0` = `5` on double precision): one token, one spelling. */
function spellLiteralForType(tokens: SqlToken[], type: ColumnType): SqlToken[] {
  const spelled = spellLiteral(tokens, type)
  if (spelled.length !== 1 || spelled[0].kind !== 'number' || !isNumericType(type)) return spelled
  const value = canonicalNumber(spelled[0].value)
  return value === null || value === spelled[0].value ? spelled : [{ kind: 'number', value }]
}

function spellLiteral(tokens: SqlToken[], type: ColumnType): SqlToken[] {
  const [first, second] = tokens
  if (tokens.length === 2 && first.kind === 'op' && second.kind === 'number' && isNumericType(type)) {
    if (first.value === '-' || first.value === '+') return [{ kind: 'number', value: (first.value === '-' ? '-' : '') + second.value }]
  }
  if (tokens.length !== 1 || tokens[0].kind !== 'string') return tokens
  const value = tokens[0].value
  if (isNumericType(type) && NUMBER_TEXT.test(value)) return [{ kind: 'number', value: value.trim().replace(/^\+/, '') }]
  if (type.kind === 'boolean' && TRUE_TEXT.test(value)) return [{ kind: 'word', value: 'true' }]
  if (type.kind === 'boolean' && FALSE_TEXT.test(value)) return [{ kind: 'word', value: 'false' }]
  if (type.kind === 'jsonb') {
    const canonical = canonicalJsonbText(value)
    if (canonical !== null) return [stringToken(canonical)]
  }
  return tokens
}
