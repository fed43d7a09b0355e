import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteFileFromUrl } from '../src/dialects/sqlite/connect.js'
import { sqliteDialect } from '../src/dialects/sqlite/index.js'
import { TsmigError } from '../src/errors.js'
import { execAll, migrate, openTempSqlite, rows, type TempSqlite } from './helpers/sqlite-support.js'

describe('sqlite URLs', () => {
  it('resolves paths against the config folder', () => {
    expect(sqliteFileFromUrl('sqlite:./dev.sqlite3', '/project')).toBe('/project/dev.sqlite3')
    expect(sqliteFileFromUrl('sqlite:data/dev.db', '/project')).toBe('/project/data/dev.db')
    expect(sqliteFileFromUrl('sqlite:/abs/dev.db', '/project')).toBe('/abs/dev.db')
    expect(sqliteFileFromUrl('sqlite::memory:', '/project')).toBe(':memory:')
    expect(() => sqliteFileFromUrl('sqlite:', '/project')).toThrow(/names no file/)
  })
})

describe('sqliteDialect', () => {
  let temp: TempSqlite
  beforeEach(async () => {
    temp = await openTempSqlite()
  })
  afterEach(async () => temp.close())

  it('describes itself', () => {
    expect(sqliteDialect.name).toBe('sqlite')
    expect(sqliteDialect.capabilities).toEqual({ transactionalDdl: true, enums: false, comments: false, schemas: false })
    expect(sqliteDialect.quoteIdentifier('a "b"')).toBe('"a ""b"""')
    expect(sqliteDialect.beginSql).toBe('BEGIN IMMEDIATE')
  })

  it('connects to a file relative to the config folder, enforcing foreign keys, with a busy timeout', async () => {
    const db = await sqliteDialect.connect('sqlite:nested.sqlite3', temp.dir)
    try {
      expect(await rows(db, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }])
      expect(await rows(db, 'PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }])
      await execAll(db, ['CREATE TABLE t (a)'])
      expect(existsSync(join(temp.dir, 'nested.sqlite3'))).toBe(true)
    } finally {
      await db.destroy()
    }
  })

  it('runs statements without rows as prepared ones would: one at a time, with SQLite\'s own errors', async () => {
    const db = await sqliteDialect.connect('sqlite:shortcut.sqlite3', temp.dir)
    try {
      await execAll(db, ['CREATE TABLE a (x text DEFAULT \'a;b\')', '  create index ix_a on a (x)', 'ALTER TABLE a ADD COLUMN y integer'])
      expect(await rows(db, "SELECT name FROM sqlite_master WHERE tbl_name = 'a' ORDER BY name")).toEqual([{ name: 'a' }, { name: 'ix_a' }])
      expect(await rows(db, 'SELECT name FROM pragma_table_info(\'a\') ORDER BY cid')).toEqual([{ name: 'x' }, { name: 'y' }])
      await expect(execAll(db, ['CREATE TABLE a (z)'])).rejects.toThrow('table a already exists')
      await expect(execAll(db, ['CREATE TABLE b (z); DROP TABLE a'])).rejects.toThrow(/more than one statement/)
      expect(await rows(db, "SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a', 'b')")).toEqual([{ n: 1 }])
      await execAll(db, ['DROP TABLE a'])
      expect(await rows(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'")).toEqual([{ n: 0 }])
      // Pragmas set and transaction control take the same path; a pragma read still returns its rows.
      await execAll(db, ['PRAGMA legacy_alter_table = ON', 'BEGIN IMMEDIATE', 'CREATE TABLE c (x)', 'ROLLBACK'])
      expect(await rows(db, 'PRAGMA legacy_alter_table')).toEqual([{ legacy_alter_table: 1 }])
      expect(await rows(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'")).toEqual([{ n: 0 }])
      await expect(execAll(db, ['COMMIT'])).rejects.toThrow('no transaction is active')
    } finally {
      await db.destroy()
    }
  })

  it('names the file it cannot open', async () => {
    const failure = sqliteDialect.connect('sqlite:missing/dir/x.db', temp.dir)
    await expect(failure).rejects.toBeInstanceOf(TsmigError)
    await expect(failure).rejects.toThrow(`cannot open SQLite database ${join(temp.dir, 'missing/dir/x.db')}`)
  })

  it('turns foreign keys off around a transaction and restores both pragmas after', async () => {
    await temp.db.connection().execute(async (conn) => {
      const hooks = sqliteDialect.transactionHooks
      const run = {}
      await hooks.beforeBegin(conn, run)
      expect(await rows(conn, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 0 }])
      await execAll(conn, ['BEGIN IMMEDIATE'])
      await hooks.beforeCommit(conn, run)
      await execAll(conn, ['COMMIT'])
      await hooks.afterEnd(conn, run)
      expect(await rows(conn, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }])
      expect(await rows(conn, 'PRAGMA legacy_alter_table')).toEqual([{ legacy_alter_table: 0 }])

      // A migration that sets a pragma itself: the next one of the run starts from the values the run began with.
      await hooks.beforeBegin(conn, run)
      await execAll(conn, ['BEGIN IMMEDIATE', 'PRAGMA legacy_alter_table = ON'])
      await hooks.beforeCommit(conn, run)
      await execAll(conn, ['COMMIT'])
      await hooks.afterEnd(conn, run)
      expect(await rows(conn, 'PRAGMA legacy_alter_table')).toEqual([{ legacy_alter_table: 0 }])
      expect(await rows(conn, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }])

      // A connection that had them off when a run began keeps them off.
      await execAll(conn, ['PRAGMA foreign_keys = OFF'])
      const nextRun = {}
      await hooks.beforeBegin(conn, nextRun)
      await hooks.afterEnd(conn, nextRun)
      expect(await rows(conn, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 0 }])
    })
  })

  it('holds only new foreign key violations against a migration, also in the later migrations of a run', async () => {
    await execAll(temp.db, [
      'CREATE TABLE parent (id integer PRIMARY KEY)',
      'CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id))',
      'PRAGMA foreign_keys = OFF',
      'INSERT INTO child VALUES (1, 42)',
      'PRAGMA foreign_keys = ON',
    ])
    const run = {}
    const migration = (...statements: string[]) => migrate(temp.db, statements.map((text) => ({ kind: 'execute' as const, sql: text })), run)
    // The orphan row 1 was there before: not this migration's doing.
    await migration('INSERT INTO parent VALUES (1)')
    await migration('INSERT INTO parent VALUES (2)')
    // A new orphan fails the migration, which is rolled back.
    await expect(migration('INSERT INTO child VALUES (2, 43)')).rejects.toThrow(/child\(parent_id\) rowid 2 → parent\(id\)/)
    expect(await rows(temp.db, 'SELECT id FROM child ORDER BY id')).toEqual([{ id: 1 }])
    // Fixing the old orphan is fine, and from then on it is no longer excused.
    await migration('DELETE FROM child WHERE id = 1')
    await expect(migration('INSERT INTO child VALUES (3, 44)')).rejects.toThrow(/rowid 3/)
  })

  it('makes a second writer wait for BEGIN IMMEDIATE rather than fail', async () => {
    await execAll(temp.db, ['CREATE TABLE runs (who text)'])
    // Another process holds the write lock for a moment (better-sqlite3 blocks this thread while it waits).
    const require = createRequire(import.meta.url)
    const script = `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))})
      const db = new Database(${JSON.stringify(temp.file)})
      db.exec('BEGIN IMMEDIATE'); db.exec("INSERT INTO runs VALUES ('other')")
      process.stdout.write('locked\\n')
      setTimeout(() => { db.exec('COMMIT'); db.close() }, 400)`
    const other = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) => other.stdout.once('data', () => resolve()))
    const release = await sqliteDialect.acquireLock(temp.db, { timeoutMs: 10_000 })
    expect(await rows(temp.db, 'PRAGMA busy_timeout')).toEqual([{ timeout: 10_000 }])
    await temp.db.connection().execute(async (conn) => {
      await execAll(conn, ['BEGIN IMMEDIATE', `INSERT INTO runs VALUES ('me')`, 'COMMIT'])
    })
    await release()
    await new Promise((resolve) => other.once('exit', resolve))
    expect(await rows(temp.db, 'SELECT who FROM runs ORDER BY rowid')).toEqual([{ who: 'other' }, { who: 'me' }])
    expect(await rows(temp.db, 'PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }])
  })
})
