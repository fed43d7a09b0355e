import { isAbsolute, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { TsmigError } from '../../errors.js'

/** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
export const sqliteBusyTimeoutMs = 5000

/**
 * The file a `sqlite:` URL names: `sqlite:<path>` relative to the config's
 * folder, `sqlite:/abs/path`, or `sqlite::memory:`.
 */
export function sqliteFileFromUrl(url: string, configDir: string): string {
  const match = /^sqlite:(.*)$/is.exec(url)
  if (match === null) throw new TsmigError(`not a SQLite URL: ${url} (expected sqlite:<path>)`)
  const path = match[1]
  if (path === '') throw new TsmigError(`the SQLite URL ${url} names no file (expected sqlite:<path> or sqlite::memory:)`)
  if (path === ':memory:') return path
  return isAbsolute(path) ? path : resolve(configDir, path)
}

/**
 * A Kysely instance over better-sqlite3 on the URL's file. Foreign keys are
 * enforced (tsmig turns them off only around its own transactions), and a
 * busy timeout makes concurrent runs wait for each other's `BEGIN IMMEDIATE`
 * instead of failing.
 */
export async function connectSqlite(url: string, configDir: string): Promise<Kysely<any>> {
  const file = sqliteFileFromUrl(url, configDir)
  let database: Database.Database
  try {
    database = new Database(file, { timeout: sqliteBusyTimeoutMs })
    database.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`)
    database.pragma('foreign_keys = ON')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TsmigError(`cannot open SQLite database ${file}: ${reason}`, { cause: error })
  }
  return new Kysely<any>({ dialect: new SqliteDialect({ database }) })
}
