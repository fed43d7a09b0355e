import { sql, type RawBuilder } from 'kysely'
import type { Queryable } from '../../dialect.js'

/**
 * The catalog queries of `introspectPostgres`. Each reads one kind of object
 * for all tables of the schemas at once, so the number of round trips is fixed
 * whatever the size of the schema; none needs another's result, so they can
 * run side by side. Written for PostgreSQL 12+ (checked on 15 and 18). Names
 * are returned raw (unquoted).
 */

export interface TableRow {
  readonly oid: string
  readonly schema: string
  readonly name: string
  readonly comment: string | null
}

export interface ColumnRow {
  readonly table_oid: string
  /** `attnum`: the column's position in its table. */
  readonly position: number
  readonly name: string
  readonly formatted_type: string
  readonly type_name: string
  readonly type_schema: string
  /** `pg_type.typtype`: b base, e enum, d domain, c composite, r range, m multirange. */
  readonly type_type: string
  readonly not_null: boolean
  readonly default_expr: string | null
  /** `attidentity`: '' none, 'a' always, 'd' by default. */
  readonly identity: string
  /** `attgenerated`: '' none, 's' stored, 'v' virtual (PostgreSQL 18). */
  readonly generated: string
  readonly comment: string | null
  /** The default calls nextval() on a sequence owned by this column: serial. */
  readonly owned_sequence_default: boolean
  /** The column's collation when it is not its type's default, else null. */
  readonly collation: string | null
  /** The options of an identity column's sequence (integers as text), else null. */
  readonly identity_options: IdentitySequenceRow | null
}

export interface IdentitySequenceRow {
  readonly start: string
  readonly increment: string
  readonly min: string
  readonly max: string
  readonly cycle: boolean
  readonly cache: string
}

export interface ConstraintRow {
  readonly table_oid: string
  readonly name: string
  readonly type: 'p' | 'u' | 'c' | 'f'
  readonly columns: readonly string[]
  readonly ref_schema: string | null
  readonly ref_table: string | null
  readonly ref_columns: readonly string[] | null
  readonly on_delete: string
  readonly on_update: string
  readonly deferrable: boolean
  readonly deferred: boolean
  readonly check_expr: string | null
  /** Unique constraints: `NULLS NOT DISTINCT` (PostgreSQL 15+) and the index's storage parameters. */
  readonly nulls_not_distinct?: boolean | null
  readonly reloptions?: readonly string[] | null
}

export interface IndexElementRow {
  /** The column's name, or null for an expression. */
  readonly column: string | null
  /** `pg_get_indexdef(index, n, true)`, for expressions. */
  readonly definition: string | null
  /** `indoption` bits: 1 DESC, 2 NULLS FIRST; null for INCLUDE columns. */
  readonly option: number | null
  readonly is_key: boolean
  /** The operator class when it is not the default for the key's type and the method; else null. */
  readonly opclass?: string | null
}

export interface IndexRow {
  readonly table_oid: string
  readonly name: string
  readonly unique: boolean
  readonly method: string
  readonly predicate: string | null
  readonly elements: readonly IndexElementRow[]
  readonly nulls_not_distinct?: boolean
  /** `pg_class.reloptions` of the index: `{fillfactor=70}`. */
  readonly reloptions?: readonly string[] | null
}

export interface EnumRow {
  readonly schema: string
  readonly name: string
  readonly values: readonly string[]
}

/**
 * The schemas read: the given ones, or (null) the connection's
 * `current_schema()`, resolved by the server so that no query waits for another.
 */
export type SchemaList = readonly string[] | null

const inSchemas = (column: string, schemas: SchemaList) =>
  sql`${sql.ref(column)} = any(coalesce(${schemas === null ? null : [...schemas]}::text[], array[pg_catalog.current_schema()]::text[]))`

/** Joins to the tables `queryTables` reads (rows of other relations are not fetched at all). */
const ofUserTables = (relid: string, schemas: SchemaList) => sql`
    join pg_catalog.pg_class rel on rel.oid = ${sql.ref(relid)} and rel.relkind in ('r', 'p') and not rel.relispartition
    join pg_catalog.pg_namespace reln on reln.oid = rel.relnamespace and ${inSchemas('reln.nspname', schemas)}`

/**
 * The rows of a big catalog read as one JSON array, in `orderBy` order. The
 * driver then parses one value instead of every field of every row, which at
 * 10,000 columns was most of the client's share of introspection; building
 * the JSON costs the server less than that.
 */
async function jsonRows<R>(db: Queryable, query: RawBuilder<unknown>, orderBy: RawBuilder<unknown>): Promise<R[]> {
  const { rows } = await sql<{ rows: R[] }>`select coalesce(json_agg(q order by ${orderBy}), '[]'::json) as rows from (${query}) q`.execute(db)
  return rows[0]?.rows ?? []
}

// Objects that belong to an extension (PostGIS' spatial_ref_sys…) are not the user's schema.
const notExtensionMember = (classRegclass: string, oid: string) =>
  `not exists (select 1 from pg_catalog.pg_depend ext where ext.classid = '${classRegclass}'::regclass and ext.objid = ${oid} and ext.deptype = 'e')`

export async function queryCurrentSchema(db: Queryable): Promise<string | null> {
  const { rows } = await sql<{ current_schema: string | null }>`select pg_catalog.current_schema() as current_schema`.execute(db)
  return rows[0]?.current_schema ?? null
}

/** Ordinary and partitioned tables of the schemas; partitions (children) are part of their parent. */
export async function queryTables(db: Queryable, schemas: SchemaList): Promise<TableRow[]> {
  const { rows } = await sql<TableRow>`
    select c.oid::text as oid, n.nspname as schema, c.relname as name, d.description as comment
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    left join pg_catalog.pg_description d
      on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
    where c.relkind in ('r', 'p') and not c.relispartition
      and ${inSchemas('n.nspname', schemas)}
      and ${sql.raw(notExtensionMember('pg_catalog.pg_class', 'c.oid'))}
    order by n.nspname, c.relname`.execute(db)
  return rows
}

/** Columns of the tables of the schemas (extension members included: the caller keeps the rows of its tables). */
export async function queryColumns(db: Queryable, schemas: SchemaList): Promise<ColumnRow[]> {
  return jsonRows<ColumnRow>(
    db,
    sql`
    select a.attrelid::text as table_oid, a.attnum as position, a.attname as name,
      pg_catalog.format_type(a.atttypid, a.atttypmod) as formatted_type,
      t.typname as type_name, tn.nspname as type_schema, t.typtype::text as type_type,
      a.attnotnull as not_null,
      pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as default_expr,
      a.attidentity::text as identity, a.attgenerated::text as generated,
      d.description as comment,
      exists (
        select 1
        from pg_catalog.pg_depend owned
        join pg_catalog.pg_class seq on seq.oid = owned.objid and seq.relkind = 'S'
        join pg_catalog.pg_depend used
          on used.classid = 'pg_catalog.pg_attrdef'::regclass and used.objid = ad.oid
          and used.refclassid = 'pg_catalog.pg_class'::regclass and used.refobjid = seq.oid
        where owned.classid = 'pg_catalog.pg_class'::regclass
          and owned.refclassid = 'pg_catalog.pg_class'::regclass
          and owned.refobjid = a.attrelid and owned.refobjsubid = a.attnum and owned.deptype = 'a'
      ) as owned_sequence_default,
      case when a.attcollation <> 0 and a.attcollation <> t.typcollation then
        (select co.collname from pg_catalog.pg_collation co where co.oid = a.attcollation)
      end as collation,
      case when a.attidentity <> '' then (
        select json_build_object('start', s.seqstart::text, 'increment', s.seqincrement::text, 'min', s.seqmin::text,
          'max', s.seqmax::text, 'cycle', s.seqcycle, 'cache', s.seqcache::text)
        from pg_catalog.pg_depend dep
        join pg_catalog.pg_sequence s on s.seqrelid = dep.objid
        where dep.classid = 'pg_catalog.pg_class'::regclass and dep.refclassid = 'pg_catalog.pg_class'::regclass
          and dep.refobjid = a.attrelid and dep.refobjsubid = a.attnum and dep.deptype = 'i'
      ) end as identity_options
    from pg_catalog.pg_attribute a${ofUserTables('a.attrelid', schemas)}
    join pg_catalog.pg_type t on t.oid = a.atttypid
    join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
    left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
    left join pg_catalog.pg_description d
      on d.objoid = a.attrelid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = a.attnum
    where a.attnum > 0 and not a.attisdropped`,
    sql`q.table_oid, q.position`,
  )
}

/**
 * Primary key, unique, check and foreign-key constraints. PostgreSQL 18 also
 * lists NOT NULL constraints (contype 'n'): nullability comes from attnotnull,
 * so they are not read. Constraints cloned onto partitions (conparentid) are skipped.
 */
export async function queryConstraints(db: Queryable, schemas: SchemaList): Promise<ConstraintRow[]> {
  return jsonRows<ConstraintRow>(
    db,
    sql`
    select con.conrelid::text as table_oid, con.conname as name, con.contype::text as type,
      array(
        select a.attname::text
        from unnest(con.conkey) with ordinality k(attnum, ord)
        join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
        order by k.ord
      ) as columns,
      fn.nspname as ref_schema, fc.relname as ref_table,
      case when con.contype = 'f' then array(
        select a.attname::text
        from unnest(con.confkey) with ordinality k(attnum, ord)
        join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
        order by k.ord
      ) end as ref_columns,
      con.confdeltype::text as on_delete, con.confupdtype::text as on_update,
      con.condeferrable as deferrable, con.condeferred as deferred,
      case when con.contype = 'c' then pg_catalog.pg_get_expr(con.conbin, con.conrelid, true) end as check_expr,
      case when con.contype = 'u' then (
        select ${nullsNotDistinct('ci')} from pg_catalog.pg_index ci where ci.indexrelid = con.conindid
      ) end as nulls_not_distinct,
      case when con.contype = 'u' then (select ui.reloptions from pg_catalog.pg_class ui where ui.oid = con.conindid) end as reloptions
    from pg_catalog.pg_constraint con${ofUserTables('con.conrelid', schemas)}
    left join pg_catalog.pg_class fc on fc.oid = con.confrelid
    left join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace
    where con.contype in ('p', 'u', 'c', 'f')
      and con.conparentid = 0`,
    sql`q.table_oid, q.name`,
  )
}

/**
 * `indnullsnotdistinct` (PostgreSQL 15+) read through the row as JSON, so
 * that the same query runs on older servers (where it is false).
 */
const nullsNotDistinct = (index: string) => sql.raw(`coalesce((to_jsonb(${index}) ->> 'indnullsnotdistinct')::boolean, false)`)

/**
 * An index element's operator class (`k.opclass`), or null when it is the
 * default for the key's type under the method — what `pg_get_indexdef` leaves
 * out: a default class of the method that is for exactly that type, or, when
 * the type has none of its own (varchar, domains, arrays), any default class
 * (which the server picked by binary coercion). Schema-qualified when not on
 * the search path.
 */
const nonDefaultOpclass = sql.raw(`(
  select case
    when opc.opcdefault and not exists (
      select 1 from pg_catalog.pg_opclass d
      where d.opcmethod = opc.opcmethod and d.opcdefault and d.oid <> opc.oid and d.opcintype = coalesce(a.atttypid, ia.atttypid)
    ) then null
    when pg_catalog.pg_opclass_is_visible(opc.oid) then quote_ident(opc.opcname)
    else quote_ident(ocn.nspname) || '.' || quote_ident(opc.opcname)
  end
  from pg_catalog.pg_opclass opc join pg_catalog.pg_namespace ocn on ocn.oid = opc.opcnamespace
  where opc.oid = k.opclass
)`)

/** Indexes, except those that implement a primary-key, unique or exclusion constraint. */
export async function queryIndexes(db: Queryable, schemas: SchemaList): Promise<IndexRow[]> {
  return jsonRows<IndexRow>(
    db,
    sql`
    select i.indrelid::text as table_oid, ic.relname as name, i.indisunique as unique, am.amname as method,
      pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate,
      (
        select json_agg(json_build_object(
          'column', a.attname,
          'definition', case when k.attnum = 0 then pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) end,
          'option', k.opt,
          'is_key', k.ord <= i.indnkeyatts,
          'opclass', ${nonDefaultOpclass}
        ) order by k.ord)
        from unnest(i.indkey::int2[], i.indoption::int2[], i.indclass::oid[]) with ordinality k(attnum, opt, opclass, ord)
        left join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum and k.attnum > 0
        left join pg_catalog.pg_attribute ia on ia.attrelid = i.indexrelid and ia.attnum = k.ord
      ) as elements,
      ${nullsNotDistinct('i')} as nulls_not_distinct,
      ic.reloptions
    from pg_catalog.pg_index i${ofUserTables('i.indrelid', schemas)}
    join pg_catalog.pg_class ic on ic.oid = i.indexrelid
    join pg_catalog.pg_am am on am.oid = ic.relam
    where not exists (
        select 1 from pg_catalog.pg_constraint con
        where con.conindid = i.indexrelid and con.conrelid = i.indrelid and con.contype in ('p', 'u', 'x')
      )`,
    sql`q.table_oid, q.name`,
  )
}

export async function queryEnums(db: Queryable, schemas: SchemaList): Promise<EnumRow[]> {
  const { rows } = await sql<EnumRow>`
    select n.nspname as schema, t.typname as name,
      array(select e.enumlabel::text from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as values
    from pg_catalog.pg_type t
    join pg_catalog.pg_namespace n on n.oid = t.typnamespace
    where t.typtype = 'e' and ${inSchemas('n.nspname', schemas)}
      and ${sql.raw(notExtensionMember('pg_catalog.pg_type', 't.oid'))}
    order by n.nspname, t.typname`.execute(db)
  return rows
}
