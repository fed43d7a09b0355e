import { sql } from 'kysely'
import type { IntrospectOptions, Queryable } from '../../dialect.js'
import type { UnmanagedObject } from '../../../schema/unnamed-names.js'

interface Row {
  readonly kind: string
  readonly schema: string
  readonly name: string
  readonly note: string | null
}

/** Not created by an extension (those come and go with `CREATE EXTENSION`). */
const ownObject = (catalog: string, oid: string) => `not exists (select 1 from pg_catalog.pg_depend e
  where e.classid = '${catalog}'::regclass and e.objid = ${oid} and e.deptype = 'e')`

/**
 * What the schemas hold besides tables, enums and the sequences of serial and
 * identity columns — views, functions, triggers, domains, other types, free
 * sequences, partitions, rules, policies, exclusion constraints — and the
 * database's extensions: what `tsmig pull` leaves out of the model and lists.
 * A partitioned table is pulled as a plain table; its partitioning is listed too.
 */
export async function listPostgresUnmanaged(db: Queryable, options: IntrospectOptions): Promise<UnmanagedObject[]> {
  const schemas = options.schemas !== undefined && options.schemas.length > 0 ? [...options.schemas] : null
  const { rows } = await sql<Row>`
    with s as (
      select n.oid, n.nspname from pg_catalog.pg_namespace n
      where n.nspname = any(coalesce(${schemas}::text[], array[pg_catalog.current_schema()]::text[]))
    )
    select case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table'
             when 'c' then 'composite type' else 'sequence' end as kind,
           s.nspname::text as schema, c.relname::text as name, null::text as note
    from pg_catalog.pg_class c join s on s.oid = c.relnamespace
    where (c.relkind in ('v', 'm', 'f', 'c')
        or (c.relkind = 'S' and not exists (select 1 from pg_catalog.pg_depend d
              where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i') and d.refobjsubid > 0)))
      and ${sql.raw(ownObject('pg_catalog.pg_class', 'c.oid'))}
    union all
    select 'partitions', s.nspname, parent.relname,
           count(*) || ' of them, ' || min(c.relname) || case when count(*) > 1 then ' … ' || max(c.relname) else '' end
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid and c.relispartition
    join pg_catalog.pg_class parent on parent.oid = i.inhparent and parent.relkind = 'p'
    join s on s.oid = parent.relnamespace
    group by s.nspname, parent.relname
    union all
    select 'partitioning', s.nspname, c.relname, 'PARTITION BY ' || pg_catalog.pg_get_partkeydef(c.oid) || ': pulled as a plain table'
    from pg_catalog.pg_class c join s on s.oid = c.relnamespace
    where c.relkind = 'p' and not c.relispartition
    union all
    select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window function' else 'function' end,
           s.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', null
    from pg_catalog.pg_proc p join s on s.oid = p.pronamespace
    where ${sql.raw(ownObject('pg_catalog.pg_proc', 'p.oid'))}
    union all
    select case t.typtype when 'd' then 'domain' when 'r' then 'range type' else 'type' end, s.nspname, t.typname,
           case when t.typtype = 'd' then 'over ' || pg_catalog.format_type(t.typbasetype, t.typtypmod) || '; a column of it is customType(''' || t.typname || ''')' end
    from pg_catalog.pg_type t join s on s.oid = t.typnamespace
    where t.typtype in ('d', 'r', 'b') and t.typelem = 0 and ${sql.raw(ownObject('pg_catalog.pg_type', 't.oid'))}
    union all
    select 'trigger', s.nspname, tg.tgname, 'on ' || c.relname
    from pg_catalog.pg_trigger tg join pg_catalog.pg_class c on c.oid = tg.tgrelid join s on s.oid = c.relnamespace
    where not tg.tgisinternal and tg.tgparentid = 0
    union all
    select 'rule', s.nspname, r.rulename, 'on ' || c.relname
    from pg_catalog.pg_rewrite r join pg_catalog.pg_class c on c.oid = r.ev_class join s on s.oid = c.relnamespace
    where r.rulename <> '_RETURN'
    union all
    select 'policy', s.nspname, pol.polname, 'on ' || c.relname
    from pg_catalog.pg_policy pol join pg_catalog.pg_class c on c.oid = pol.polrelid join s on s.oid = c.relnamespace
    union all
    select 'exclusion constraint', s.nspname, con.conname, 'on ' || c.relname
    from pg_catalog.pg_constraint con join pg_catalog.pg_class c on c.oid = con.conrelid join s on s.oid = c.relnamespace
    where con.contype = 'x' and not c.relispartition
    union all
    select 'extension', pg_catalog.current_schema(), x.extname, 'version ' || x.extversion
    from pg_catalog.pg_extension x where x.extname <> 'plpgsql'
  `.execute(db)
  const current = (await sql<{ s: string | null }>`select pg_catalog.current_schema() as s`.execute(db)).rows[0]?.s
  const order = ['partitioning', 'partitions', 'view', 'materialized view', 'foreign table', 'function', 'procedure', 'aggregate',
    'window function', 'trigger', 'rule', 'policy', 'exclusion constraint', 'domain', 'type', 'range type', 'composite type', 'sequence', 'extension']
  return rows
    .map((r) => ({ kind: r.kind, name: r.schema === current ? r.name : `${r.schema}.${r.name}`, ...(r.note === null ? {} : { note: r.note }) }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
