import { isDeepStrictEqual } from 'node:util'
import type { CompileContext } from '../../dialect.js'
import type { Op } from '../../../ops/op.js'
import { applyOpToTable } from '../../../ops/apply-op.js'
import type { TableIR } from '../../../schema/ir.js'
import { displayTableName, sameTable } from '../../../schema/names.js'
import { TsmigError } from '../../../errors.js'
import { assertNever } from '../../../util/assert-never.js'
import { nativeTableOp } from './native-table-op.js'
import { normalizeModelDefault } from '../normalize/normalize-expression.js'
import { normalizeIndex, normalizeTable, requireMainSchema, SqliteUnsupportedError } from '../normalize/normalize.js'
import { quoteSqliteIdentifier as q } from './quote.js'
import { rebuildTableStatements, type ColumnSource } from './rebuild-table.js'
import { renderCreateIndex } from './create-table-sql.js'
import { storedTableFor, type SqliteStoredTable } from '../introspect/stored-table.js'
import { isTableBatchOp, type TableBatchOp } from './table-batch-op.js'

/**
 * SQL for consecutive ops on one table (`OpBatching.compileBatch`; a single
 * op is a batch of one). When every op can be done natively (`ALTER TABLE`
 * add, drop or rename column; `CREATE`/`DROP INDEX`), those statements run
 * in order. As soon as one op needs a rebuild, the whole batch becomes ONE
 * rebuild from the table as it is now to the table after the last op: each
 * new column copies the old column it descends from (through renames), and
 * a column added in the batch gets its default, as `ADD COLUMN` would give.
 */
export async function compileTableBatch(ops: readonly Op[], ctx: CompileContext): Promise<readonly string[]> {
  const batch = checkedBatch(ops)
  const ref = batch[0].table
  requireMainSchema(ref)
  // Index ops never rebuild and need no table (it may come from an op.execute the offline schema cannot see).
  if (batch.every((op) => op.kind === 'createIndex' || op.kind === 'dropIndex' || op.kind === 'setTableComment')) {
    return batch.flatMap(indexStatements)
  }
  const live = await ctx.currentTable(ref)
  if (live === undefined) throw new TsmigError(`${batch[0].kind}: table ${displayTableName(ref)} does not exist`)
  const initial = normalizeTable(live)

  let table = initial
  const native: string[] = []
  let needsRebuild = false
  // Column of the table being built → where its values come from.
  const sources = new Map<string, ColumnSource>(initial.columns.map((c) => [c.name, { column: c.name }]))
  for (const op of batch) {
    if (op.kind === 'renameConstraint' && followedByItself(table, op.name, op.newName)) continue
    const changed = applyOpToTable(table, op)
    followSources(sources, op)
    if (needsRebuild) {
      // Only the final table must be one SQLite can hold: in between, a serial column may lack its primary key.
      table = changed
      continue
    }
    const next = normalizedOrUndefined(changed)
    const statements = next === undefined ? null : nativeTableOp(op, table, next)
    if (statements === null) needsRebuild = true
    else native.push(...statements)
    table = next ?? changed
  }
  if (!needsRebuild) return native
  const final = normalizeTable(table)
  // E.g. a constraint added and dropped again (not a column dropped and added again: its values go).
  const keepsEveryColumn = [...sources].every(([name, source]) => 'column' in source && source.column === name)
  if (keepsEveryColumn && isDeepStrictEqual(initial, final)) return []
  return rebuildWithRenames(initial, final, sources, await storedTableFor(ctx, ref, live))
}

/**
 * A constraint written without a name has the name SQLite's catalog gives it
 * (`<table>_pkey`, `<table>_<column>_key`…), which follows a table or column
 * rename by itself: the rename the comparator asks for after it is then done.
 */
function followedByItself(table: TableIR, from: string, to: string): boolean {
  const names = [table.primaryKey?.name, ...table.uniques.map((u) => u.name), ...table.checks.map((c) => c.name), ...table.foreignKeys.map((f) => f.name)]
  return !names.includes(from) && names.includes(to)
}

/** The table as SQLite would hold it, or undefined when it cannot (a native op never gets there: the batch rebuilds). */
function normalizedOrUndefined(table: TableIR): TableIR | undefined {
  try {
    return normalizeTable(table)
  } catch (error) {
    if (error instanceof SqliteUnsupportedError) return undefined
    throw error
  }
}

function checkedBatch(ops: readonly Op[]): TableBatchOp[] {
  const batch = ops.filter(isTableBatchOp)
  if (batch.length === 0 || batch.length !== ops.length || !batch.every((op) => sameTable(op.table, batch[0].table))) {
    // The sinks only batch what `sqliteBatchTable` accepts, consecutive and on one table.
    throw new TsmigError(`internal error: a SQLite batch must be table ops on one table (got ${ops.map((o) => o.kind).join(', ')})`)
  }
  return batch
}

function indexStatements(op: TableBatchOp): string[] {
  switch (op.kind) {
    case 'createIndex':
      return [renderCreateIndex(op.table.name, normalizeIndex(op.table, op.index))]
    case 'dropIndex':
      return [`DROP INDEX ${q(op.name)}`]
    default:
      return [] // setTableComment: SQLite has no comments
  }
}

/**
 * Follow the batch's columns back through adds, drops and renames. A column
 * added in the batch is filled with the default it has right after its
 * `addColumn` (not the values of a dropped namesake, nor a default set later
 * in the batch): what running the ops one by one would give.
 */
function followSources(sources: Map<string, ColumnSource>, op: TableBatchOp): void {
  switch (op.kind) {
    case 'addColumn': {
      const { name, generated } = op.column
      const initial = generated === null ? normalizeModelDefault(op.column.default) : null
      sources.set(name, { expression: initial ?? 'NULL' })
      return
    }
    case 'dropColumn':
      sources.delete(op.column)
      return
    case 'alterColumn': {
      const to = op.changes.newName
      const from = sources.get(op.column)
      if (to === undefined || to === op.column) return
      sources.delete(op.column)
      if (from !== undefined) sources.set(to, from)
      return
    }
    case 'createIndex':
    case 'dropIndex':
    case 'renameIndex':
    case 'addConstraint':
    case 'dropConstraint':
    case 'renameConstraint':
    case 'setTableComment':
      return
    default:
      assertNever(op)
  }
}

/**
 * One rebuild from `initial` to `final`. Renamed columns are rebuilt under
 * their old names and then renamed with `ALTER TABLE … RENAME COLUMN`, which
 * rewrites the table's triggers, views and the foreign keys of other tables
 * that name them (a rebuild recreates triggers from their stored text, which
 * names the old columns). When that order is impossible (a new column takes
 * an old name, renames in a cycle), rows are copied across the renames and a
 * table with triggers is refused rather than left with broken ones.
 */
function rebuildWithRenames(
  initial: TableIR,
  final: TableIR,
  sources: ReadonlyMap<string, ColumnSource>,
  stored: SqliteStoredTable | undefined,
): string[] {
  const renames: (readonly [string, string])[] = []
  for (const [to, source] of sources) if ('column' in source && source.column !== to) renames.push([to, source.column])
  if (renames.length === 0) return rebuildTableStatements({ current: initial, next: final, sources, stored })
  const undone = undoRenames(final, renames)
  if (undone !== null) {
    const identity = new Map<string, ColumnSource>([...sources].map(([name, source]) => ['column' in source ? source.column : name, source]))
    return [
      ...rebuildTableStatements({ current: initial, next: undone.table, sources: identity, stored }),
      ...undone.redo.map(([from, to]) => `ALTER TABLE ${q(final.name)} RENAME COLUMN ${q(from)} TO ${q(to)}`),
    ]
  }
  if ((stored?.triggers.length ?? 0) > 0) {
    const list = renames.map(([to, from]) => `${from} → ${to}`).join(', ')
    throw new TsmigError(
      `table ${final.name}: its rebuild cannot keep its triggers while renaming ${list} (a new column takes an old name, ` +
        'or the renames form a cycle); do the renames in their own op.batchAlterTable() call',
    )
  }
  return rebuildTableStatements({ current: initial, next: final, sources, stored })
}

/** `final` with each renamed column back under its old name, and the renames that then lead to `final`. */
function undoRenames(
  final: TableIR,
  renames: readonly (readonly [string, string])[],
): { readonly table: TableIR; readonly redo: readonly (readonly [string, string])[] } | null {
  let table = final
  const done: (readonly [string, string])[] = []
  for (const [to, from] of renames) {
    if (table.columns.some((c) => c.name === from)) return null
    table = normalizeTable(applyOpToTable(table, { kind: 'alterColumn', table: { name: table.name }, column: to, changes: { newName: from } }))
    done.push([from, to])
  }
  // Each undo step freed the name the matching redo step takes back: redo in reverse order.
  return { table, redo: done.reverse() }
}
