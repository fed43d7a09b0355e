import type Database from 'better-sqlite3'
import { DatabaseBusyError } from '../../errors.js'

/**
 * SQLite answered SQLITE_BUSY: another connection (another tsmig run, the
 * application, a `sqlite3` shell) holds the file's write lock, and the busy
 * timeout — the lock timeout during `upgrade`/`downgrade`/`stamp`, see
 * `acquireLock` — ran out. Says who holds what and how long tsmig waited.
 */
export class SqliteBusyError extends DatabaseBusyError {
  constructor(readonly file: string, readonly waitedMs: number, readonly timeoutMs: number, cause: unknown) {
    super(
      `another writer holds the SQLite database ${file}: tsmig waited ${waitedMs} ms for it (lock timeout ${timeoutMs} ms; ` +
        'raise it with --lock-timeout <ms> or lockTimeoutMs) and gave up before the statement ran',
      { cause },
    )
  }
}

/** Run `work`, turning SQLite's "database is locked" into a `SqliteBusyError` naming the file and the wait. */
export function reportingBusy<T>(database: Database.Database, work: () => T): T {
  const started = Date.now()
  try {
    return work()
  } catch (error) {
    if ((error as { code?: unknown })?.code !== 'SQLITE_BUSY') throw error
    const timeout = Number(database.pragma('busy_timeout', { simple: true }))
    throw new SqliteBusyError(database.name, Date.now() - started, timeout, error)
  }
}
