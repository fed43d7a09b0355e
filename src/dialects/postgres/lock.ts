import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql, type Kysely } from 'kysely'
import { TsmigError } from '../../errors.js'

/** Thrown when another run keeps the migration lock longer than the caller is willing to wait. */
export class MigrationLockTimeoutError extends TsmigError {
  constructor(timeoutMs: number) {
    super(`another tsmig run holds the migration lock on this database (waited ${timeoutMs} ms); try again when it has finished`)
  }
}

/**
 * The advisory lock key: a fixed 64-bit number derived from the tool's name, so
 * every tsmig process (any version) contends for the same lock. Advisory locks
 * are per database, so runs against different databases never block each other.
 */
export const postgresLockKey: string = createHash('sha256').update('tsmig').digest().readBigInt64BE(0).toString()

const pollIntervalMs = 100

/**
 * Takes the migration lock: a session-level `pg_advisory_lock` held on a
 * connection of its own for the whole run, so transactions committing and
 * rolling back on other connections never release it, and a crashed process
 * releases it when its session ends. Waits up to `timeoutMs`, polling
 * `pg_try_advisory_lock` (a blocked `pg_advisory_lock` could not be given up
 * cleanly). Resolves to the release function.
 */
export async function acquirePostgresLock(
  db: Kysely<any>,
  options: { readonly timeoutMs: number },
): Promise<() => Promise<void>> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let signalAcquired!: () => void
  const acquired = new Promise<void>((resolve) => (signalAcquired = resolve))

  // The callback stays pending while the lock is held: Kysely keeps the
  // connection reserved for it until it returns.
  const session = db.connection().execute(async (connection) => {
    const deadline = Date.now() + options.timeoutMs
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${postgresLockKey}::bigint) as locked`.execute(connection)
      if (rows[0]?.locked === true) break
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new MigrationLockTimeoutError(options.timeoutMs)
      await sleep(Math.min(pollIntervalMs, remaining))
    }
    signalAcquired()
    await released
    await sql`select pg_advisory_unlock(${postgresLockKey}::bigint)`.execute(connection)
  })
  // Until release is called nobody awaits `session`; a lost connection must not become an unhandled rejection.
  session.catch(() => {})

  await Promise.race([acquired, session])
  let releasing: Promise<void> | undefined
  return () => {
    release()
    // A lock connection lost meanwhile has ended its session, and the lock with it: nothing
    // left to release, and no error to hide the one the run may be failing with.
    releasing ??= session.catch(() => undefined)
    return releasing
  }
}
