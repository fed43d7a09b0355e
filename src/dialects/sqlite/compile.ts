import { isDeepStrictEqual } from 'node:util'
import type { CompileContext } from '../dialect.js'
import type { Op, OpKind, OpOfKind } from '../../ops/op.js'
import { applyOpToTable, type TableOp } from '../../ops/apply-op.js'
import type { TableIR, TableRef } from '../../schema/ir.js'
import { displayTableName } from '../../schema/names.js'
import { TsmigError } from '../../errors.js'
import { isConstantDefault } from './normalize-expression.js'
import { normalizeIndex, normalizeTable, requireMainSchema } from './normalize.js'
import { quoteSqliteIdentifier as q } from './quote.js'
import { rebuildTableStatements } from './rebuild-table.js'
import { renderColumn, renderCreateIndex, renderCreateTable } from './render-table.js'
import { storedTableFor, type SqliteStoredTable } from './stored-table.js'

type Compiler<K extends OpKind> = (op: OpOfKind<K>, ctx: CompileContext) => Promise<readonly string[]>

/**
 * SQL for one op on SQLite. What `ALTER TABLE` can do (rename a table or
 * column, add or drop a plain column) is done natively; everything else
 * (column type, nullability, default, generated; any constraint) rebuilds the
 * table (see `rebuildTableStatements`). Enum and comment ops compile to
 * nothing: enums are text with a CHECK here, and SQLite has no comments.
 */
export function compileSqliteOp(op: Op, ctx: CompileContext): Promise<readonly string[]> {
  return (compilers[op.kind] as (op: Op, ctx: CompileContext) => Promise<readonly string[]>)(op, ctx)
}

const none = async (): Promise<readonly string[]> => []

const compilers: { readonly [K in OpKind]: Compiler<K> } = {
  createTable: async (op) => {
    const table = normalizeTable(op.table)
    return [renderCreateTable(table), ...table.indexes.map((index) => renderCreateIndex(table.name, index))]
  },
  dropTable: async (op) => [`DROP TABLE ${tableName(op.table)}`],
  renameTable: async (op) => [`ALTER TABLE ${tableName(op.table)} RENAME TO ${q(op.newName)}`],
  addColumn: async (op, ctx) => {
    const { current, next, stored } = await plan(op, ctx)
    const column = next.columns.find((c) => c.name === op.column.name)!
    // SQLite's ADD COLUMN refuses generated STORED columns, key columns, a
    // non-constant default, and NOT NULL without a default.
    const native =
      column.generated === null &&
      !column.autoIncrement &&
      !(next.primaryKey?.columns.includes(column.name) ?? false) &&
      isConstantDefault(column.default) &&
      (column.nullable || column.default !== null)
    if (!native) return rebuild(current, next, stored, sameNames(current, next))
    // The CHECK an enum column brings goes on the column: ADD COLUMN cannot add table constraints.
    const checks = next.checks.filter((c) => !current.checks.some((old) => old.name === c.name))
    return [`ALTER TABLE ${q(current.name)} ADD COLUMN ${renderColumn(column, { checks })}`]
  },
  dropColumn: async (op, ctx) => {
    const { current, next, stored } = await plan(op, ctx)
    // Native DROP COLUMN works when nothing else in the table uses the column.
    const onlyTheColumn = isDeepStrictEqual(
      { ...current, columns: current.columns.filter((c) => c.name !== op.column) },
      next,
    )
    if (onlyTheColumn) return [`ALTER TABLE ${q(current.name)} DROP COLUMN ${q(op.column)}`]
    return rebuild(current, next, stored, sameNames(current, next))
  },
  alterColumn: async (op, ctx) => {
    const { current, next, stored } = await plan(op, ctx)
    if (isDeepStrictEqual(current, next)) return [] // e.g. a comment change: SQLite has none
    const newName = op.changes.newName
    if (newName === undefined || newName === op.column) return rebuild(current, next, stored, sameNames(current, next))
    const renameSql = `ALTER TABLE ${q(current.name)} RENAME COLUMN ${q(op.column)} TO ${q(newName)}`
    const renamedOnly = normalizeTable(applyOpToTable(current, { ...op, changes: { newName } }))
    if (isDeepStrictEqual(renamedOnly, next)) return [renameSql]
    if ((stored?.triggers.length ?? 0) > 0) {
      throw new TsmigError(
        `alterColumn ${displayTableName(op.table)}.${op.column}: renaming a column and changing it in one step rebuilds the ` +
          'table, and its triggers would keep the old column name; split it into two alterColumn calls (rename first)',
      )
    }
    const sources = sameNames(current, next)
    sources.delete(op.column)
    sources.set(newName, op.column)
    return rebuild(current, next, stored, sources)
  },
  createIndex: async (op) => {
    requireMainSchema(op.table)
    return [renderCreateIndex(op.table.name, normalizeIndex(op.table, op.index))]
  },
  dropIndex: async (op) => {
    requireMainSchema(op.table)
    return [`DROP INDEX ${q(op.name)}`]
  },
  addConstraint: async (op, ctx) => rebuildFor(op, ctx),
  dropConstraint: async (op, ctx) => rebuildFor(op, ctx),
  createEnum: none,
  dropEnum: none,
  addEnumValue: none,
  recreateEnum: none,
  setTableComment: none,
  execute: async (op) => [op.sql],
}

function tableName(ref: TableRef): string {
  requireMainSchema(ref)
  return q(ref.name)
}

interface Plan {
  readonly current: TableIR
  readonly next: TableIR
  readonly stored: SqliteStoredTable | undefined
}

/** The table before and after the op, both as SQLite reports them. */
async function plan(op: TableOp, ctx: CompileContext): Promise<Plan> {
  requireMainSchema(op.table)
  const live = await ctx.currentTable(op.table)
  if (live === undefined) throw new TsmigError(`${op.kind}: table ${displayTableName(op.table)} does not exist`)
  const current = normalizeTable(live)
  const next = normalizeTable(applyOpToTable(current, op))
  return { current, next, stored: await storedTableFor(ctx, op.table, live) }
}

async function rebuildFor(op: TableOp, ctx: CompileContext): Promise<readonly string[]> {
  const { current, next, stored } = await plan(op, ctx)
  if (isDeepStrictEqual(current, next)) return []
  return rebuild(current, next, stored, sameNames(current, next))
}

/** Each new column copied from the old column of the same name, where there is one. */
function sameNames(current: TableIR, next: TableIR): Map<string, string> {
  const old = new Set(current.columns.map((c) => c.name))
  return new Map(next.columns.filter((c) => old.has(c.name)).map((c) => [c.name, c.name]))
}

function rebuild(
  current: TableIR,
  next: TableIR,
  stored: SqliteStoredTable | undefined,
  sources: ReadonlyMap<string, string>,
): readonly string[] {
  return rebuildTableStatements({ current, next, sources, stored })
}
