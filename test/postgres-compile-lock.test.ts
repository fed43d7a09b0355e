import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acquirePostgresLock, MigrationLockTimeoutError, postgresLockKey } from '../src/dialects/postgres/lock.js'
import { createTempDatabase, type TempDatabase } from './helpers/postgres-compile-db.js'

let t: TempDatabase
let other: Kysely<any>
beforeAll(async () => {
  t = await createTempDatabase()
  // A second process stands in for a concurrent tsmig run: its own pool, its own sessions.
  other = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.url, max: 2 }) }) })
})
afterAll(async () => {
  await other?.destroy()
  await t?.drop()
})

// pg_locks is cluster-wide: only look at (and only terminate) sessions of this test's database.
const ourAdvisoryLocks = `locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`

async function advisoryHolders(): Promise<number> {
  const rows = await t.query<{ n: number }>(`select count(*)::int as n from pg_locks where ${ourAdvisoryLocks}`)
  return rows[0].n
}

describe('acquirePostgresLock', () => {
  it('makes a second run wait, time out with a clear message, then succeed after release', async () => {
    const release = await acquirePostgresLock(t.db, { timeoutMs: 1000 })
    expect(await advisoryHolders()).toBe(1)
    // The lock sits on a dedicated connection: the holder's other queries still run.
    expect(await t.query('select 1 as one')).toEqual([{ one: 1 }])

    const started = Date.now()
    const second = acquirePostgresLock(other, { timeoutMs: 300 })
    await expect(second).rejects.toThrow(MigrationLockTimeoutError)
    await expect(second).rejects.toThrow('another tsmig run holds the migration lock on this database (waited 300 ms)')
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)

    // A waiter that is still polling gets the lock as soon as the holder releases it.
    const waiting = acquirePostgresLock(other, { timeoutMs: 5000 })
    setTimeout(() => void release(), 150)
    const releaseSecond = await waiting
    expect(await advisoryHolders()).toBe(1)
    await releaseSecond()
    await releaseSecond() // releasing twice is harmless
    expect(await advisoryHolders()).toBe(0)
  })

  it('is released when the holding session dies', async () => {
    const crashed = new pg.Client({ connectionString: t.url })
    crashed.on('error', () => {})
    await crashed.connect()
    await crashed.query('select pg_advisory_lock($1::bigint)', [postgresLockKey])
    await expect(acquirePostgresLock(t.db, { timeoutMs: 100 })).rejects.toThrow(/holds the migration lock/)

    await t.query(`select pg_terminate_backend(pid) from pg_locks where ${ourAdvisoryLocks}`)
    const release = await acquirePostgresLock(t.db, { timeoutMs: 2000 })
    await release()
    await crashed.end().catch(() => {})
  })
})
