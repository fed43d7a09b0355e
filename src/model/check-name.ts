import type { CheckIR } from '../schema/ir.js'
import { makeObjectName } from './pg-names.js'

/**
 * Gives the checks at positions `unnamed` (in order) PostgreSQL's names,
 * avoiding the named checks and every other constraint of the table.
 */
export function nameUnnamedChecks(
  table: string,
  columns: readonly string[],
  checks: CheckIR[],
  unnamed: readonly number[],
  others: readonly ({ readonly name: string | null } | null)[],
): void {
  const taken = new Set<string>()
  for (const other of others) if (other?.name != null) taken.add(other.name)
  for (let i = 0; i < checks.length; i++) if (!unnamed.includes(i)) taken.add(checks[i].name)
  for (const i of unnamed) checks[i] = { ...checks[i], name: checkConstraintName(table, checks[i].expression, columns, taken) }
}

/**
 * The name PostgreSQL gives an unnamed CHECK (`AddRelationNewConstraints`,
 * `ChooseConstraintName`): `<table>_<column>_check` when the expression uses
 * exactly one column of the table, `<table>_check` otherwise; a name already
 * taken gets a number on its label (`_check1`, `_check2`…). `taken` holds the
 * table's other constraint names; the chosen name is added to it.
 */
export function checkConstraintName(table: string, expression: string, columns: readonly string[], taken: Set<string>): string {
  const used = expressionColumns(expression, columns)
  const column = used.length === 1 ? used[0] : null
  let name = makeObjectName(table, column, 'check')
  for (let n = 1; taken.has(name); n++) name = makeObjectName(table, column, `check${n}`)
  taken.add(name)
  return name
}

// Words that are SQL syntax when unquoted, never a column reference.
const syntax = new Set([
  'and', 'or', 'not', 'in', 'is', 'null', 'true', 'false', 'between', 'like', 'ilike', 'similar', 'to', 'case', 'when',
  'then', 'else', 'end', 'cast', 'as', 'any', 'all', 'some', 'array', 'distinct', 'from', 'collate', 'escape', 'exists',
  'isnull', 'notnull', 'symmetric', 'at', 'time', 'zone', 'unknown',
])

const token = /\s+|--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)|(::)|(\()|(\.)|./gy

/**
 * The table's columns an expression mentions, each once, in order of first
 * use: identifiers that are neither a function name (before `(`), a type
 * (after `::`), a qualifier (before `.`), SQL syntax, nor inside a string.
 */
export function expressionColumns(expression: string, columns: readonly string[]): string[] {
  const known = new Set(columns)
  const found: string[] = []
  let next: ((punct: 'paren' | 'dot' | 'other') => void) | null = null
  let afterCast = false
  token.lastIndex = 0
  for (let match = token.exec(expression); match !== null; match = token.exec(expression)) {
    const [text, quoted, bare, cast, paren, dot] = match
    if (/^\s|^--|^\/\*/.test(text)) continue
    const pending = next
    next = null
    if (quoted !== undefined || bare !== undefined) {
      pending?.('other')
      const name = quoted !== undefined ? quoted.replace(/""/g, '"') : bare.toLowerCase()
      const word = { name, afterCast, quoted: quoted !== undefined }
      next = (punct) => {
        if (punct === 'other') found.push(...accept(word))
      }
      afterCast = false
      continue
    }
    pending?.(paren !== undefined ? 'paren' : dot !== undefined ? 'dot' : 'other')
    afterCast = cast !== undefined
  }
  next?.('other')
  function accept(word: { name: string; afterCast: boolean; quoted: boolean }): string[] {
    if (word.afterCast || (!word.quoted && syntax.has(word.name)) || !known.has(word.name) || found.includes(word.name)) return []
    return [word.name]
  }
  return found
}
