import { SqlCursor } from '../expression/sql-cursor.js'
import { isKeyword, isPunct, joinTokens, splitTopLevel, tokenizeSql, type SqlToken } from '../expression/tokenize-sql.js'

/** The parts of a stored `CREATE INDEX` that `pragma_index_xinfo` does not give. */
export interface ParsedCreateIndex {
  readonly name: string
  readonly table: string
  readonly unique: boolean
  /** Each indexed element's text without its COLLATE/ASC/DESC, in order. */
  readonly elements: readonly { readonly text: string; readonly desc: boolean; readonly collate: string | null }[]
  /** Partial-index predicate text, or null. */
  readonly where: string | null
}

export function parseCreateIndex(sql: string): ParsedCreateIndex {
  const cursor = new SqlCursor(tokenizeSql(sql), 'CREATE INDEX statement')
  cursor.expect('CREATE')
  const unique = cursor.accept('UNIQUE')
  cursor.expect('INDEX')
  cursor.accept('IF', 'NOT', 'EXISTS')
  const name = cursor.qualifiedName()
  cursor.expect('ON')
  const table = cursor.name()
  const elements = splitTopLevel(cursor.group()).map(parseElement)
  let where: string | null = null
  if (cursor.accept('WHERE')) {
    const rest = cursor.rest()
    where = joinTokens(isPunct(rest[rest.length - 1], ';') ? rest.slice(0, -1) : rest)
  }
  return { name, table, unique, elements, where }
}

function parseElement(tokens: readonly SqlToken[]): ParsedCreateIndex['elements'][number] {
  let end = tokens.length
  let desc = false
  if (isKeyword(tokens[end - 1], 'DESC') || isKeyword(tokens[end - 1], 'ASC')) {
    desc = isKeyword(tokens[end - 1], 'DESC')
    end--
  }
  let collate: string | null = null
  if (end >= 2 && isKeyword(tokens[end - 2], 'COLLATE')) {
    collate = tokens[end - 1].value
    end -= 2
  }
  return { text: joinTokens(tokens.slice(0, end)), desc, collate }
}
