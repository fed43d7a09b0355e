import { sql } from 'kysely'
import type { Queryable } from '../../dialect.js'

/**
 * The four catalog reads of an introspection. The pragmas are used as
 * table-valued functions joined to `sqlite_master`, so each kind of
 * information is one query for all tables rather than one per table.
 */

export interface MasterRow {
  readonly type: 'table' | 'index' | 'view' | 'trigger'
  readonly name: string
  readonly tbl_name: string
  readonly sql: string | null
}

export interface ColumnRow {
  readonly table_name: string
  readonly cid: number
  readonly name: string
  readonly type: string
  readonly not_null: number
  readonly dflt_value: string | null
  readonly pk: number
  /** 0 normal, 1 hidden (virtual tables), 2 virtual generated, 3 stored generated. */
  readonly hidden: number
}

export interface IndexColumnRow {
  readonly table_name: string
  readonly index_name: string
  readonly is_unique: number
  readonly seqno: number
  /** Column number; -1 the rowid, -2 an expression. */
  readonly cid: number
  readonly column_name: string | null
  readonly is_desc: number
}

export interface ForeignKeyRow {
  readonly table_name: string
  readonly id: number
  readonly seq: number
  readonly ref_table: string
  readonly from_column: string
  /** null when the clause names no columns (the parent's primary key). */
  readonly to_column: string | null
  readonly on_update: string
  readonly on_delete: string
}

/** Ordinary tables of `main`: not SQLite's own (`sqlite_%`), not virtual tables. */
const allUserTables = sql`main.sqlite_master AS m`
const isUserTable = sql`m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL %'`

/**
 * The tables whose pragmas are read, as a source of rows with a `name`: every
 * user table, or only `names` (tables `readMaster` found, so they exist and are
 * ordinary). Named tables come from a VALUES list rather than a filter over
 * `sqlite_master`: a compile-time read of one table then scans nothing, where
 * three scans of the whole catalog per migration added up over a long chain.
 */
function tablesSource(names: readonly string[] | undefined) {
  if (names === undefined) return { from: allUserTables, where: isUserTable }
  if (names.length === 0) return { from: sql`(SELECT NULL AS name) AS m`, where: sql`0` }
  return { from: sql`(SELECT column1 AS name FROM (VALUES ${sql.join(names.map((name) => sql`(${name})`))})) AS m`, where: sql`1` }
}

/**
 * The schema objects of `main`; with `tables`, only those tables and their
 * indexes and triggers (names compared as SQLite compares them: ASCII case
 * ignored). A migration's compile-time read of one table must not fetch the
 * CREATE text of every table: that made a chain of 1,000 revisions quadratic.
 */
export async function readMaster(db: Queryable, tables?: readonly string[]): Promise<MasterRow[]> {
  const filter = tables === undefined ? sql`1` : tables.length === 0 ? sql`0` : sql`m.tbl_name COLLATE NOCASE IN (${sql.join(tables)})`
  const result = await sql<MasterRow>`
    SELECT m.type, m.name, m.tbl_name, m.sql FROM main.sqlite_master AS m
    WHERE m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ${filter}
    ORDER BY m.rowid`.execute(db)
  return result.rows
}

export async function readColumns(db: Queryable, names?: readonly string[]): Promise<ColumnRow[]> {
  const tables = tablesSource(names)
  const result = await sql<ColumnRow>`
    SELECT m.name AS table_name, c.cid, c.name, c.type, c."notnull" AS not_null, c.dflt_value, c.pk, c.hidden
    FROM ${tables.from} JOIN pragma_table_xinfo(m.name, 'main') AS c
    WHERE ${tables.where}
    ORDER BY m.name, c.cid`.execute(db)
  return result.rows
}

export async function readIndexColumns(db: Queryable, names?: readonly string[]): Promise<IndexColumnRow[]> {
  // origin 'c': created with CREATE INDEX; the automatic indexes of PRIMARY KEY
  // and UNIQUE constraints are reported as those constraints instead.
  const tables = tablesSource(names)
  const result = await sql<IndexColumnRow>`
    SELECT m.name AS table_name, il.name AS index_name, il."unique" AS is_unique,
           ix.seqno, ix.cid, ix.name AS column_name, ix."desc" AS is_desc
    FROM ${tables.from}
    JOIN pragma_index_list(m.name, 'main') AS il
    JOIN pragma_index_xinfo(il.name, 'main') AS ix
    WHERE ${tables.where} AND il.origin = 'c' AND ix."key" = 1
    ORDER BY m.name, il.name, ix.seqno`.execute(db)
  return result.rows
}

export async function readForeignKeys(db: Queryable, names?: readonly string[]): Promise<ForeignKeyRow[]> {
  const tables = tablesSource(names)
  const result = await sql<ForeignKeyRow>`
    SELECT m.name AS table_name, f.id, f.seq, f."table" AS ref_table, f."from" AS from_column,
           f."to" AS to_column, f.on_update, f.on_delete
    FROM ${tables.from} JOIN pragma_foreign_key_list(m.name, 'main') AS f
    WHERE ${tables.where}
    ORDER BY m.name, f.id, f.seq`.execute(db)
  return result.rows
}
