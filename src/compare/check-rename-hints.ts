import type { SchemaIR, TableIR } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'
import type { RenameHints } from './compare-schema.js'

function byKey(schema: SchemaIR): Map<string, TableIR> {
  return new Map(schema.tables.map((table) => [tableKey(table), table]))
}

function hasColumn(table: TableIR, name: string): boolean {
  return table.columns.some((column) => column.name === name)
}

interface Side {
  readonly has: (name: string) => boolean
  /** `the database`, `table users of the model`. */
  readonly place: string
}

interface PairProblem {
  readonly from: string
  readonly to: string
  readonly problem: string
}

/**
 * `old → new` pairs make sense only between something the database has and
 * the model lacks (the old name) and something the model has and the database
 * lacks (the new name). Names that trade places (a swap, a cycle) are
 * refused with their own message: each rename runs on its own, and the first
 * would meet a name still taken. The first pair that fails, or undefined.
 */
function pairProblem(pairs: ReadonlyMap<string, string>, what: 'table' | 'column', old: Side, next: Side): PairProblem | undefined {
  for (const [from, to] of pairs) {
    const fail = (problem: string): PairProblem => ({ from, to, problem })
    if (from === to) return fail('the old and the new name are the same')
    if (!old.has(from)) return fail(`there is no ${what} ${from} in ${old.place}`)
    if (old.has(to) && pairs.has(to)) {
      return fail(`${what}s that trade names (a swap or a cycle) are not supported: rename one of them to a temporary name in a revision of its own first`)
    }
    if (next.has(from)) return fail(`${what} ${from} is still in ${next.place}, so nothing renames it`)
    if (!next.has(to)) return fail(`there is no ${what} ${to} in ${next.place}`)
    if (old.has(to)) return fail(`${what} ${to} is already in ${old.place}, so nothing is renamed to it`)
  }
  return undefined
}

/**
 * What is wrong with the `--rename` hints for this diff, or undefined: each
 * old name must be something the database has and the model does not, each
 * new name the reverse. A hint that matches nothing used to be ignored, and
 * the revision then dropped and re-added (losing the data) what the user had
 * asked to rename. A column hint names its table as the model does (the new
 * name of a renamed table).
 */
export function renameHintProblem(db: SchemaIR, model: SchemaIR, hints: RenameHints): string | undefined {
  const dbTables = byKey(db)
  const modelTables = byKey(model)
  const tables = pairProblem(hints.tables, 'table', { has: (key) => dbTables.has(key), place: 'the database' }, { has: (key) => modelTables.has(key), place: 'the model' })
  if (tables !== undefined) return `--rename ${tables.from}:${tables.to}: ${tables.problem}`
  const renamedFrom = new Map([...hints.tables].map(([from, to]) => [tableKey({ name: to }), from]))
  for (const [tableName, pairs] of hints.columns) {
    const [[firstFrom, firstTo]] = pairs
    const spec = (from: string, to: string) => `--rename ${tableName}.${from}:${to}`
    const modelTable = modelTables.get(tableName)
    if (modelTable === undefined) {
      return `${spec(firstFrom, firstTo)}: there is no table ${tableName} in the model (a column rename names a renamed table by its new name)`
    }
    // The database's side of the table: the one renamed to it, else the same name unless that one is renamed away.
    const dbKey = renamedFrom.get(tableName) ?? (hints.tables.has(tableName) ? undefined : tableName)
    const dbTable = dbKey === undefined ? undefined : dbTables.get(dbKey)
    if (dbTable === undefined) return `${spec(firstFrom, firstTo)}: table ${tableName} is new in this revision: its columns are added, not renamed`
    const columns = pairProblem(
      pairs,
      'column',
      { has: (name) => hasColumn(dbTable, name), place: `table ${dbTable.name} of the database` },
      { has: (name) => hasColumn(modelTable, name), place: `table ${tableName} of the model` },
    )
    if (columns !== undefined) return `${spec(columns.from, columns.to)}: ${columns.problem}`
  }
  return undefined
}
