import type { EnumIR, SchemaIR, TableRef } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'

/** Words a `const` cannot be named, and names a model module's import may take. */
const reserved = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static',
  'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval', 'undefined',
  'NaN', 'Infinity',
])

/**
 * `film_actor` → `filmActor`, `InvoiceLine` → `invoiceLine`, `2fa codes` → `_2faCodes`:
 * the words of a SQL name (letters and digits of any script) in camel case.
 */
export function camelIdentifier(sqlName: string): string {
  const words = sqlName.match(/[\p{L}\p{N}]+/gu) ?? []
  let name = ''
  for (const word of words) name += name === '' ? word[0].toLowerCase() + word.slice(1) : word[0].toUpperCase() + word.slice(1)
  if (name === '') return '_'
  return /^\p{N}/u.test(name) ? `_${name}` : name
}

export interface ModelIdentifiers {
  table(ref: TableRef): string
  enum(ref: EnumIR | { readonly schema?: string; readonly name: string }): string
}

/**
 * One JavaScript name per table and enum, unique in the module and clear of
 * the DSL's names (`text`, `date`, `index`…) and reserved words: a clash
 * takes the kind as a suffix (`dateTable`), then the schema as a prefix, then a number.
 */
export function modelIdentifiers(schema: SchemaIR, taken: ReadonlySet<string>): ModelIdentifiers {
  const used = new Set<string>(taken)
  const choose = (ref: { readonly schema?: string; readonly name: string }, kind: 'Table' | 'Enum'): string => {
    const base = camelIdentifier(ref.name)
    const candidates = [base, `${base}${kind}`]
    if (ref.schema !== undefined) candidates.push(camelIdentifier(`${ref.schema}_${ref.name}`))
    for (const candidate of candidates) {
      if (!used.has(candidate) && !reserved.has(candidate)) {
        used.add(candidate)
        return candidate
      }
    }
    let n = 2
    while (used.has(`${base}${kind}${n}`)) n++
    used.add(`${base}${kind}${n}`)
    return `${base}${kind}${n}`
  }
  // The default schema's objects choose first: `text` there is `textTable`, `audit.text` then `auditText`.
  const defaultFirst = <T extends { readonly schema?: string }>(list: readonly T[]): T[] =>
    [...list.filter((x) => x.schema === undefined), ...list.filter((x) => x.schema !== undefined)]
  const enums = new Map<string, string>()
  for (const e of defaultFirst(schema.enums)) enums.set(tableKey(e), choose(e, 'Enum'))
  const tables = new Map<string, string>()
  for (const t of defaultFirst(schema.tables)) tables.set(tableKey(t), choose(t, 'Table'))
  return {
    table: (ref) => tables.get(tableKey(ref)) ?? camelIdentifier(ref.name),
    enum: (ref) => enums.get(tableKey(ref)) ?? camelIdentifier(ref.name),
  }
}
