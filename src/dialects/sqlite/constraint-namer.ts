import { indexColumnNames, makeObjectName } from '../../model/pg-names.js'
import { tokenizeSql } from './expression/tokenize-sql.js'

/**
 * Names for constraints SQLite stores without one, chosen the way PostgreSQL
 * (and so the model DSL) names them: `<table>_pkey`, `<table>_<cols>_key`,
 * `<table>_<cols>_fkey`, `<table>_<col>_check`; a taken name gets a number
 * (`users_check1`), as PostgreSQL's `ChooseConstraintName` does.
 */
export class ConstraintNamer {
  /**
   * The names already taken (the explicitly written ones); the namer adds the
   * names it chooses. A Set the caller gives up, rather than a copy of any
   * iterable: there is a namer per table that needs one.
   */
  constructor(
    private readonly table: string,
    private readonly taken: Set<string>,
  ) {}

  primaryKey(): string {
    return this.choose(null, 'pkey')
  }

  unique(columns: readonly string[]): string {
    return this.choose(indexColumnNames(columns), 'key')
  }

  foreignKey(columns: readonly string[]): string {
    return this.choose(columns.join('_'), 'fkey')
  }

  /**
   * PostgreSQL names a check after the one column its expression uses
   * (`t_price_check`), or `t_check` when it uses none or several.
   */
  check(expression: string, columns: readonly string[]): string {
    const used = referencedColumns(expression, columns)
    return this.choose(used.length === 1 ? used[0] : null, 'check')
  }

  private choose(name2: string | null, label: string): string {
    let name = makeObjectName(this.table, name2, label)
    for (let n = 1; this.taken.has(name); n++) name = makeObjectName(this.table, name2, `${label}${n}`)
    this.taken.add(name)
    return name
  }
}

/** The table's columns an expression mentions, each once, in order of first use. */
function referencedColumns(expression: string, columns: readonly string[]): string[] {
  const byLowerName = new Map(columns.map((c) => [c.toLowerCase(), c]))
  const found: string[] = []
  const tokens = tokenizeSql(expression)
  tokens.forEach((token, i) => {
    if (token.kind !== 'word' && token.kind !== 'quoted') return
    const next = tokens[i + 1]
    if (token.kind === 'word' && next?.kind === 'punct' && next.text === '(') return // a function name
    const column = byLowerName.get(token.value.toLowerCase())
    if (column !== undefined && !found.includes(column)) found.push(column)
  })
  return found
}
