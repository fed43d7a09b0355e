import { sql } from 'kysely'
import type { CheckIR, ColumnIR, IndexElement, IndexIR, SchemaIR, TableIR } from '../../../schema/ir.js'
import { tableKey } from '../../../schema/names.js'
import type { Queryable } from '../../dialect.js'
import { quoteIdentifier } from '../compile/quote.js'
import { normalizePostgresDefault } from './normalize-default.js'
import { normalizePostgresExpression } from './normalize-expression.js'
import { expressionContextOf } from './normalize-table.js'
import { renderPostgresType } from '../compile/type-sql.js'

/**
 * Server-assisted normalization, for what the local normalizer cannot decide
 * (constants PostgreSQL folds, `'2020-01-01'` stored as a timestamp literal,
 * casts it infers): each model expression that still differs from its
 * database counterpart is handed to the server on a scratch temp table built
 * from the model's columns, read back exactly as introspection reads it, and
 * normalized the same way. Everything runs in a transaction that is rolled
 * back; an expression the server rejects is left as written. Only residual
 * differences are probed, so an in-sync database costs no query at all.
 */
export async function refinePostgresModel(model: SchemaIR, database: SchemaIR, db: Queryable): Promise<SchemaIR> {
  const dbTables = new Map(database.tables.map((t) => [tableKey(t), t]))
  const probes: TableProbe[] = []
  for (const table of model.tables) {
    const counterpart = dbTables.get(tableKey(table))
    if (counterpart) {
      const probe = residualDifferences(table, counterpart)
      if (probe) probes.push(probe)
    }
  }
  if (probes.length === 0) return model
  const refined = new Map<string, TableIR>()
  await db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn)
    try {
      for (const [i, probe] of probes.entries()) refined.set(tableKey(probe.table), await runProbe(conn, probe, i))
    } finally {
      await sql`rollback`.execute(conn)
    }
  })
  return { ...model, tables: model.tables.map((t) => refined.get(tableKey(t)) ?? t) }
}

interface TableProbe {
  readonly table: TableIR
  readonly defaults: readonly ColumnIR[]
  readonly generated: readonly ColumnIR[]
  readonly checks: readonly CheckIR[]
  readonly indexes: readonly IndexIR[]
}

function sameElements(a: IndexIR, b: IndexIR): boolean {
  return a.elements.length === b.elements.length && a.elements.every((e, i) => JSON.stringify(e) === JSON.stringify(b.elements[i]))
}

function residualDifferences(model: TableIR, database: TableIR): TableProbe | null {
  const dbColumns = new Map(database.columns.map((c) => [c.name, c]))
  const dbChecks = new Map(database.checks.map((c) => [c.name, c]))
  const dbIndexes = new Map(database.indexes.map((i) => [i.name, i]))
  const defaults = model.columns.filter((c) => {
    const d = dbColumns.get(c.name)
    return d !== undefined && c.default !== null && d.default !== null && c.default !== d.default
  })
  const generated = model.columns.filter((c) => {
    const d = dbColumns.get(c.name)
    return d !== undefined && c.generated !== null && d.generated !== null && c.generated !== d.generated
  })
  const checks = model.checks.filter((c) => {
    const d = dbChecks.get(c.name)
    return d !== undefined && d.expression !== c.expression
  })
  const indexes = model.indexes.filter((i) => {
    const d = dbIndexes.get(i.name)
    const hasExpression = i.elements.some((e) => 'expression' in e) || i.where !== null
    return d !== undefined && hasExpression && (!sameElements(i, d) || i.where !== d.where)
  })
  if (defaults.length + generated.length + checks.length + indexes.length === 0) return null
  return { table: model, defaults, generated, checks, indexes }
}

/** Run `work` in a savepoint; a statement the server rejects leaves the original text. */
async function attempt<T>(conn: Queryable, work: () => Promise<T>): Promise<T | undefined> {
  await sql`savepoint tsmig_probe`.execute(conn)
  try {
    const result = await work()
    await sql`release savepoint tsmig_probe`.execute(conn)
    return result
  } catch {
    await sql`rollback to savepoint tsmig_probe`.execute(conn)
    return undefined
  }
}

async function runProbe(conn: Queryable, probe: TableProbe, n: number): Promise<TableIR> {
  const { table } = probe
  const name = `tsmig_probe_${n}`
  const probeTable = quoteIdentifier(name)
  // Plain columns of the model's types: defaults, checks and indexes are added one at a time below.
  const columns = table.columns.filter((c) => c.generated === null)
  const created = await attempt(conn, async () => {
    await sql.raw(`CREATE TEMP TABLE ${probeTable} (${columns.map((c) => `${quoteIdentifier(c.name)} ${renderPostgresType(c.type)}`).join(', ')})`).execute(conn)
    return true
  })
  if (!created) return table
  const context = expressionContextOf(table.columns)
  const relation = sql`${sql.lit(`pg_temp.${probeTable}`)}::regclass`

  const defaults = new Map<string, string>()
  for (const column of probe.defaults) {
    const text = await attempt(conn, async () => {
      await sql.raw(`ALTER TABLE ${probeTable} ALTER COLUMN ${quoteIdentifier(column.name)} SET DEFAULT ${column.default}`).execute(conn)
      const row = await sql<{ expr: string }>`select pg_catalog.pg_get_expr(adbin, adrelid, true) as expr from pg_catalog.pg_attrdef
        where adrelid = ${relation} and adnum = (select attnum from pg_catalog.pg_attribute where attrelid = ${relation} and attname = ${column.name})`.execute(conn)
      return row.rows[0]?.expr
    })
    if (text !== undefined) defaults.set(column.name, normalizePostgresDefault(text, column.type, context) ?? column.default!)
  }

  const generated = new Map<string, string>()
  for (const column of probe.generated) {
    const text = await attempt(conn, async () => {
      await sql.raw(`ALTER TABLE ${probeTable} ADD COLUMN ${quoteIdentifier(column.name)} ${renderPostgresType(column.type)} GENERATED ALWAYS AS (${column.generated}) STORED`).execute(conn)
      const row = await sql<{ expr: string }>`select pg_catalog.pg_get_expr(adbin, adrelid, true) as expr from pg_catalog.pg_attrdef
        where adrelid = ${relation} and adnum = (select attnum from pg_catalog.pg_attribute where attrelid = ${relation} and attname = ${column.name})`.execute(conn)
      return row.rows[0]?.expr
    })
    if (text !== undefined) generated.set(column.name, normalizePostgresExpression(text, context))
  }

  const checks = new Map<string, string>()
  for (const check of probe.checks) {
    const text = await attempt(conn, async () => {
      await sql.raw(`ALTER TABLE ${probeTable} ADD CONSTRAINT ${quoteIdentifier(check.name)} CHECK (${check.expression})`).execute(conn)
      const row = await sql<{ expr: string }>`select pg_catalog.pg_get_expr(conbin, conrelid, true) as expr from pg_catalog.pg_constraint
        where conrelid = ${relation} and conname = ${check.name}`.execute(conn)
      return row.rows[0]?.expr
    })
    if (text !== undefined) checks.set(check.name, normalizePostgresExpression(text, context))
  }

  const indexes = new Map<string, IndexIR>()
  for (const index of probe.indexes) {
    const refined = await attempt(conn, () => probeIndex(conn, probeTable, index, context))
    if (refined) indexes.set(index.name, refined)
  }

  return {
    ...table,
    columns: table.columns.map((c) => ({
      ...c,
      default: defaults.get(c.name) ?? c.default,
      generated: generated.get(c.name) ?? c.generated,
    })),
    checks: table.checks.map((c) => ({ ...c, expression: checks.get(c.name) ?? c.expression })),
    indexes: table.indexes.map((i) => indexes.get(i.name) ?? i),
  }
}

async function probeIndex(conn: Queryable, probeTable: string, index: IndexIR, context: ReturnType<typeof expressionContextOf>): Promise<IndexIR> {
  const element = (e: IndexElement): string => ('column' in e ? quoteIdentifier(e.column) : `(${e.expression})`)
  const indexName = `${probeTable.slice(1, -1)}_idx`
  await sql
    .raw(`CREATE INDEX ${quoteIdentifier(indexName)} ON ${probeTable} (${index.elements.map(element).join(', ')})${index.where === null ? '' : ` WHERE ${index.where}`}`)
    .execute(conn)
  const result = await sql<{ ord: number; def: string; predicate: string | null }>`
    select k.ord, pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) as def,
           pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate
    from pg_catalog.pg_index i
    cross join lateral generate_series(1, i.indnkeyatts) as k(ord)
    where i.indexrelid = ${sql.lit(`pg_temp.${quoteIdentifier(indexName)}`)}::regclass
    order by k.ord`.execute(conn)
  const rows = result.rows
  return {
    ...index,
    elements: index.elements.map((e, i) =>
      'expression' in e && rows[i] ? { ...e, expression: normalizePostgresExpression(rows[i].def, context) } : e,
    ),
    where: index.where === null || rows[0]?.predicate == null ? index.where : normalizePostgresExpression(rows[0].predicate, context),
  }
}
