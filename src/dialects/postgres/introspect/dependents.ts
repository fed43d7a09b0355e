import { sql } from 'kysely'
import type { TableRef } from '../../../schema/ir.js'
import type { Queryable } from '../../dialect.js'
import { exactCountLimit, type AffectedObject, type DependentObject, type DependentsAndRowEstimates, type RowEstimate } from '../../dependents.js'
import { quoteTable } from '../compile/quote.js'

interface DependentRow {
  /** 1-based position in the affected list. */
  readonly ord: number
  readonly kind: DependentObject['kind']
  readonly object_name: string
  readonly owner_name: string
  readonly owner_schema: string
  readonly in_current_schema: boolean
}

/**
 * Views, materialized views and rules (through their `pg_rewrite` rule),
 * triggers (not the internal ones behind foreign keys) and row-level policies
 * with a `pg_depend` entry on an affected table, or on the affected column of
 * it. These are what make `DROP` and `ALTER … TYPE` fail with "other objects
 * depend on it" (or, for a dropped table's own triggers and policies, what
 * silently goes with it).
 */
async function dependents(db: Queryable, affected: readonly AffectedObject[]): Promise<DependentObject[]> {
  if (affected.length === 0) return []
  const schemas = affected.map((a) => a.table.schema ?? null)
  const tables = affected.map((a) => a.table.name)
  const columns = affected.map((a) => a.column ?? null)
  const { rows } = await sql<DependentRow>`
    with target as (
      select t.ord, c.oid as relid, a.attnum
      from unnest(${schemas}::text[], ${tables}::text[], ${columns}::text[]) with ordinality as t(schema_name, table_name, column_name, ord)
      join pg_catalog.pg_namespace n on n.nspname = coalesce(t.schema_name, pg_catalog.current_schema())
      join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = t.table_name
      left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attname = t.column_name and not a.attisdropped
      where t.column_name is null or a.attnum is not null
    )
    select distinct target.ord::int as ord,
      case
        when r.oid is not null and r.rulename = '_RETURN' then case owner.relkind when 'm' then 'materialized view' else 'view' end
        when r.oid is not null then 'rule'
        when tg.oid is not null then 'trigger'
        else 'policy'
      end as kind,
      coalesce(r.rulename, tg.tgname, p.polname) as object_name,
      owner.relname as owner_name,
      owner_ns.nspname as owner_schema,
      owner_ns.nspname = pg_catalog.current_schema() as in_current_schema
    from target
    join pg_catalog.pg_depend d on d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjid = target.relid
      and (target.attnum is null or d.refobjsubid = target.attnum)
    left join pg_catalog.pg_rewrite r on d.classid = 'pg_catalog.pg_rewrite'::regclass and r.oid = d.objid
    left join pg_catalog.pg_trigger tg on d.classid = 'pg_catalog.pg_trigger'::regclass and tg.oid = d.objid and not tg.tgisinternal
    left join pg_catalog.pg_policy p on d.classid = 'pg_catalog.pg_policy'::regclass and p.oid = d.objid
    join pg_catalog.pg_class owner on owner.oid = coalesce(r.ev_class, tg.tgrelid, p.polrelid)
    join pg_catalog.pg_namespace owner_ns on owner_ns.oid = owner.relnamespace
    order by 1, 2, 3, 4`.execute(db)
  return rows.map((row) => {
    const owner = row.in_current_schema ? row.owner_name : `${row.owner_schema}.${row.owner_name}`
    const isView = row.kind === 'view' || row.kind === 'materialized view'
    return { kind: row.kind, name: isView ? owner : `${row.object_name} on ${owner}`, on: affected[row.ord - 1] }
  })
}

/**
 * Rows of each table: `reltuples` (the planner's estimate, kept by ANALYZE
 * and autovacuum) for big tables; small ones, and tables never analyzed
 * (`reltuples` -1), are counted, at most `exactCountLimit` + 1 rows read.
 */
async function rowEstimates(db: Queryable, tables: readonly TableRef[]): Promise<RowEstimate[]> {
  if (tables.length === 0) return []
  const schemas = tables.map((t) => t.schema ?? null)
  const names = tables.map((t) => t.name)
  const { rows } = await sql<{ ord: number; reltuples: number }>`
    select t.ord::int as ord, c.reltuples::float8 as reltuples
    from unnest(${schemas}::text[], ${names}::text[]) with ordinality as t(schema_name, table_name, ord)
    join pg_catalog.pg_namespace n on n.nspname = coalesce(t.schema_name, pg_catalog.current_schema())
    join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = t.table_name
    order by 1`.execute(db)
  const estimates: RowEstimate[] = []
  for (const { ord, reltuples } of rows) {
    const table = tables[ord - 1]
    if (reltuples >= exactCountLimit) {
      estimates.push({ table, rows: Math.round(reltuples), precision: 'estimate' })
      continue
    }
    const counted = await sql<{ n: number }>`select count(*)::int as n from (select 1 from ${sql.raw(quoteTable(table))} limit ${sql.raw(String(exactCountLimit + 1))}) as bounded`.execute(db)
    const n = counted.rows[0]?.n ?? 0
    estimates.push(n > exactCountLimit ? { table, rows: exactCountLimit, precision: 'atLeast' } : { table, rows: n, precision: 'exact' })
  }
  return estimates
}

export async function postgresDependentsAndRowEstimates(
  db: Queryable,
  affected: readonly AffectedObject[],
  countRowsOf: readonly TableRef[],
): Promise<DependentsAndRowEstimates> {
  return { dependents: await dependents(db, affected), rows: await rowEstimates(db, countRowsOf) }
}
