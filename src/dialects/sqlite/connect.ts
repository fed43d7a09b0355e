import { isAbsolute, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely'
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
  return new Kysely<any>({ dialect: new SqliteDialect({ database: withRowlessShortcut(database) }) })
}

/**
 * Statements that never return rows, recognized by their start: schema
 * changes (CREATE, ALTER, DROP), a pragma being set (`PRAGMA x = v`, not a
 * pragma read), and transaction control (BEGIN, COMMIT, END, ROLLBACK).
 */
const rowlessStatement = /^\s*(?:CREATE\s|ALTER\s|DROP\s|PRAGMA\s+[\w.]+\s*=\s*[\w-]+\s*$|(?:BEGIN|COMMIT|END|ROLLBACK)(?:\s|$))/i

/**
 * better-sqlite3 as Kysely uses it, with one shortcut: a statement that
 * returns no rows and has no parameters runs through `exec`, which builds no
 * Statement object (Kysely prepares every query: for a 1,000-table create,
 * 2,229 statements, those objects were ~60 ms of ~400, and a chain of 1,000
 * migrations sends ~5,000 BEGIN, COMMIT and pragma statements). Only text that
 * is surely one statement (no `;` in it) qualifies, as `prepare` refuses
 * several and so must this; errors are SQLite's own, raised when the
 * statement runs as before.
 */
function withRowlessShortcut(database: Database.Database): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      if (!rowlessStatement.test(sql) || sql.includes(';')) return database.prepare(sql)
      return {
        reader: false,
        run(parameters) {
          if (parameters.length > 0) return database.prepare(sql).run(parameters)
          database.exec(sql)
          return { changes: 0, lastInsertRowid: 0 }
        },
        all: (parameters) => database.prepare(sql).all(parameters),
        iterate: (parameters) => database.prepare(sql).iterate(parameters),
      }
    },
  }
}
