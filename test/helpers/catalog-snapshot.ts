import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import pg from 'pg'

/**
 * The schema of a database read straight from its catalogs, as sorted text
 * lines — independent of tsmig's own introspection, so round-trip tests
 * compare what the database really holds.
 */
export async function postgresCatalogSnapshot(url: string, schemas: readonly string[] = ['public'], exclude: readonly string[] = ['tsmig_version', 'tsmig_version_history']): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const params = [schemas, exclude]
    const queries = [
      `select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || case when a.attnotnull then ' not null' else '' end
         || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
         || case a.attidentity when 'a' then ' identity always' when 'd' then ' identity by default' else '' end
         || case a.attgenerated when 's' then ' generated' when 'v' then ' generated virtual' else '' end
         || coalesce(' comment ' || col_description(c.oid, a.attnum), '')
         || ' #' || row_number() over (partition by c.oid order by a.attnum) as line
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where n.nspname = any($1) and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and not (c.relname = any($2))`,
      `select 'constraint ' || n.nspname || '.' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid) as line
       from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any($1) and con.contype in ('p', 'u', 'c', 'f', 'x') and not (c.relname = any($2))`,
      `select 'index ' || schemaname || '.' || indexname || ' ' || indexdef as line from pg_indexes
       where schemaname = any($1) and not (tablename = any($2))`,
      `select 'table ' || n.nspname || '.' || c.relname || coalesce(' comment ' || obj_description(c.oid, 'pg_class'), '') as line
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any($1) and c.relkind in ('r', 'p') and not (c.relname = any($2))`,
      `select 'enum ' || n.nspname || '.' || t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder) as line
       from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
       where n.nspname = any($1) and $2::text[] is not null group by n.nspname, t.typname`,
      `select 'sequence ' || n.nspname || '.' || c.relname || ' ' || concat_ws(' ', format_type(s.seqtypid, null), s.seqstart, s.seqincrement,
         s.seqmin, s.seqmax, s.seqcache, s.seqcycle) as line
       from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_sequence s on s.seqrelid = c.oid
       where n.nspname = any($1) and c.relkind = 'S' and $2::text[] is not null`,
      // A column's collation when it is not its type's default (format_type does not show it).
      `select 'collation ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || co.collname as line
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid join pg_collation co on co.oid = a.attcollation
       where n.nspname = any($1) and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
         and a.attcollation <> t.typcollation and not (c.relname = any($2))`,
    ]
    const lines: string[] = []
    for (const query of queries) {
      const result = await client.query<{ line: string }>(query, params)
      lines.push(...result.rows.map((r) => r.line))
    }
    return lines.sort()
  } finally {
    await client.end()
  }
}

/** SQLite's catalog: every object's stored SQL, which is its schema. */
export function sqliteCatalogSnapshot(file: string, exclude: readonly string[] = ['tsmig_version', 'tsmig_version_history']): string[] {
  if (!existsSync(file)) return []
  const db = new Database(file, { readonly: true })
  try {
    const rows = db
      .prepare(`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name`)
      .all() as { type: string; name: string; tbl_name: string; sql: string | null }[]
    // SQLite stores DDL as written; ALTER TABLE ADD COLUMN splices text in. Layout is not schema.
    const layout = (text: string): string => text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/ ,/g, ',')
    return rows.filter((r) => !exclude.includes(r.tbl_name)).map((r) => `${r.type} ${r.name} ${layout(r.sql ?? '')}`)
  } finally {
    db.close()
  }
}
