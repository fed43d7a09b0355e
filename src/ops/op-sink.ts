import type { Kysely } from 'kysely'
import type { OpCallSite } from './call-site.js'
import type { Op } from './op.js'

/**
 * Where the `op` facade sends each op: executed at once on the migration's
 * connection (online), or compiled and printed (`--sql`).
 */
export interface OpSink {
  /** The Kysely instance inside the migration's transaction, for data migrations (`op.db`). */
  readonly db: Kysely<any>
  /** `site`: where the revision called `op` (a failing statement names it). */
  run(op: Op, site?: OpCallSite): Promise<void>
  /**
   * Carry out anything buffered (SQLite merges consecutive ops on one table
   * into a single rebuild). The runner calls it when `upgrade`/`downgrade`
   * returns, before the version-table change.
   */
  flush?(): Promise<void>
}
