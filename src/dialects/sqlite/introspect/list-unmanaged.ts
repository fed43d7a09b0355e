import { sql } from 'kysely'
import type { Queryable } from '../../dialect.js'
import type { UnmanagedObject } from '../../../schema/unnamed-names.js'

/** Views, triggers and virtual tables: what `tsmig pull` leaves out of the model and lists. */
export async function listSqliteUnmanaged(db: Queryable): Promise<UnmanagedObject[]> {
  const { rows } = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
    select type, name, tbl_name, sql from main.sqlite_master
    where type in ('view', 'trigger') or (type = 'table' and sql like 'CREATE VIRTUAL %')
    order by case type when 'table' then 0 when 'view' then 1 else 2 end, name`.execute(db)
  return rows.map((r) =>
    r.type === 'trigger'
      ? { kind: 'trigger', name: r.name, note: `on ${r.tbl_name}` }
      : r.type === 'view'
        ? { kind: 'view', name: r.name }
        : { kind: 'virtual table', name: r.name },
  )
}
