import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely'
import { TsmigError } from '../../errors.js'
import type { ConnectOptions } from '../dialect.js'
import { reportingBusy } from './busy.js'

/** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
export const sqliteBusyTimeoutMs = 5000

/**
 * The file a `sqlite:` URL names. tsmig's own forms: `sqlite:<path>` relative
 * to the config's folder, `sqlite:/abs/path`, `sqlite::memory:`. SQLAlchemy's
 * and Alembic's forms keep their meaning there: `sqlite:///relative.db` (three
 * slashes, then a relative path), `sqlite:////abs/path.db` (four: absolute),
 * `sqlite://` and `sqlite:///:memory:` (in memory). `sqlite://host/…` names a
 * host, which SQLite has not, and is refused rather than read as a path.
 */
export function sqliteFileFromUrl(url: string, configDir: string): string {
  const match = /^sqlite:(.*)$/is.exec(url)
  if (match === null) throw new TsmigError(`not a SQLite URL: ${url} (expected sqlite:<path>)`)
  let path = match[1]
  if (path.startsWith('//')) {
    // SQLAlchemy's `sqlite://<host>/<path>`: the host must be empty, and the path starts after the third slash.
    const rest = path.slice(2)
    if (rest === '') return ':memory:'
    if (!rest.startsWith('/')) {
      throw new TsmigError(
        `the SQLite URL ${url} names a host (${rest.split('/')[0]}): use sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite:./path.db`,
      )
    }
    path = rest.slice(1)
  }
  if (path === '') throw new TsmigError(`the SQLite URL ${url} names no file (expected sqlite:<path> or sqlite::memory:)`)
  if (path === ':memory:') return path
  return isAbsolute(path) ? path : resolve(configDir, path)
}

/** What connecting does when the URL's file does not exist (see `ConnectOptions`). */
function openMissing(file: string, options: ConnectOptions): string {
  if (file === ':memory:' || existsSync(file)) return file
  switch (options.missing ?? 'create') {
    case 'create':
      return file
    case 'empty':
      // Read as an empty database (at base) without leaving a file behind.
      return ':memory:'
    case 'fail':
      throw new SqliteDatabaseMissingError(file)
  }
}

/** A command that only reads was pointed at a SQLite file that does not exist. */
export class SqliteDatabaseMissingError extends TsmigError {
  constructor(readonly file: string) {
    super(`SQLite database ${file} does not exist (only \`tsmig upgrade\` and \`tsmig stamp\` create it; check the URL)`)
  }
}

/**
 * A Kysely instance over better-sqlite3 on the URL's file. Foreign keys are
 * enforced (tsmig turns them off only around its own transactions), and a
 * busy timeout makes concurrent runs wait for each other's `BEGIN IMMEDIATE`
 * instead of failing.
 */
export async function connectSqlite(url: string, configDir: string, options: ConnectOptions = {}): Promise<Kysely<any>> {
  const named = sqliteFileFromUrl(url, configDir)
  const file = openMissing(named, options)
  let database: Database.Database
  try {
    // fileMustExist: a file deleted between the check above and here is still not created.
    database = new Database(file, { timeout: sqliteBusyTimeoutMs, fileMustExist: file !== ':memory:' && (options.missing ?? 'create') !== 'create' })
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
  // Every statement through `reportingBusy`: a file locked by another writer is reported as such (./busy.ts).
  const prepared = (sql: string): SqliteStatement => {
    const statement = reportingBusy(database, () => database.prepare(sql))
    return {
      reader: statement.reader,
      run: (parameters) => reportingBusy(database, () => statement.run(parameters)),
      all: (parameters) => reportingBusy(database, () => statement.all(parameters)),
      iterate: (parameters) => reportingBusy(database, () => statement.iterate(parameters)),
    }
  }
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      if (!rowlessStatement.test(sql) || sql.includes(';')) return prepared(sql)
      return {
        reader: false,
        run(parameters) {
          if (parameters.length > 0) return prepared(sql).run(parameters)
          reportingBusy(database, () => database.exec(sql))
          return { changes: 0, lastInsertRowid: 0 }
        },
        all: (parameters) => prepared(sql).all(parameters),
        iterate: (parameters) => prepared(sql).iterate(parameters),
      }
    },
  }
}
