import { sql } from 'kysely'
import type { ColumnIR, TableRef } from '../../schema/ir.js'
import { displayTableName } from '../../schema/names.js'
import { TsmigError } from '../../errors.js'
import type { Queryable } from '../dialect.js'

/** The first PostgreSQL with `GENERATED ALWAYS AS (…) VIRTUAL`, as `server_version_num`. */
export const VIRTUAL_GENERATED_SINCE = 180000

/** `server_version_num`: 150004 for 15.4, 180000 for 18.0. */
export async function queryPostgresServerVersion(db: Queryable): Promise<number> {
  const { rows } = await sql<{ version: number }>`select current_setting('server_version_num')::int as version`.execute(db)
  return rows[0]?.version ?? 0
}

/** `15.4` from 150004. */
function versionText(version: number): string {
  return `${Math.floor(version / 10000)}.${version % 10000}`
}

/** A virtual generated column on a server older than 18 is an error naming the column, not a syntax error from the server. */
export function requireVirtualGeneratedColumns(table: TableRef, columns: readonly ColumnIR[], version: number | undefined): void {
  if (version === undefined || version >= VIRTUAL_GENERATED_SINCE) return
  const column = columns.find((c) => c.virtual === true && c.generated !== null)
  if (column === undefined) return
  throw new TsmigError(
    `column ${displayTableName(table)}.${column.name}: virtual generated columns need PostgreSQL 18 or newer ` +
      `(the server is ${versionText(version)}); use .generated(sql\`…\`) (stored) instead`,
  )
}
