import { sql } from 'kysely'
import type { ColumnIR, TableRef } from '../../schema/ir.js'
import { displayTableName } from '../../schema/names.js'
import { TsmigError } from '../../errors.js'
import type { Queryable } from '../dialect.js'

/** The first PostgreSQL with `GENERATED ALWAYS AS (…) VIRTUAL`, as `server_version_num`. */
export const VIRTUAL_GENERATED_SINCE = 180000

// One query per connection handle: the version does not change while it is open.
const versions = new WeakMap<Queryable, Promise<number>>()

/** `server_version_num`: 150004 for 15.4, 180000 for 18.0 (PGlite). */
export function postgresServerVersion(db: Queryable): Promise<number> {
  let version = versions.get(db)
  if (version === undefined) {
    version = sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(db).then((r) => Number(r.rows[0]?.v ?? 0))
    versions.set(db, version)
  }
  return version
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
