/**
 * PostgreSQL for tests, whatever the machine has:
 * - `TSMIG_TEST_PG=pglite` forces an in-process PGlite (PostgreSQL 18 in WASM)
 *   served over TCP by `@electric-sql/pglite-socket`;
 * - else `TSMIG_TEST_PG_URL` (or `TSMIG_TEST_PG=server` with the default URL);
 * - else `postgres://postgres@127.0.0.1:5432/postgres` when a PostgreSQL
 *   server answers there, else PGlite.
 *
 * `createTempDatabase()` gives each caller a database of its own: a real
 * `CREATE DATABASE` on a server; on PGlite, which is one database behind one
 * connection, a fresh PGlite instance on its own port (cloned from a cached
 * snapshot of an initialized cluster, so it starts in well under a second).
 *
 * PGlite caveats for test authors: every connection to one instance shares a
 * single backend session, so advisory locks never block, session settings are
 * shared, and while one connection is inside a transaction the others' queries
 * wait for it to end (a test must not await a second connection from inside a
 * transaction). A child process may connect, but only while this process's
 * event loop runs: spawn it asynchronously, never with `spawnSync`/`execSync`.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import pg from 'pg'

export type PgBackend = 'server' | 'pglite'

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TempDatabase {
  /** Connection URL of the new, empty database. */
  readonly url: string
  /** Drop the database (or stop the PGlite instance). Idempotent. */
  drop(): Promise<void>
}

let backend: PgBackend | undefined

/** Which PostgreSQL the tests of this process run against. Decided once, synchronously. */
export function pgBackend(): PgBackend {
  backend ??= decideBackend()
  return backend
}

function decideBackend(): PgBackend {
  const forced = process.env.TSMIG_TEST_PG
  if (forced === 'pglite') return 'pglite'
  if (forced === 'server' || process.env.TSMIG_TEST_PG_URL) return 'server'
  if (forced !== undefined && forced !== '') throw new Error(`TSMIG_TEST_PG must be "server" or "pglite", not ${JSON.stringify(forced)}`)
  return serverAnswers(DEFAULT_PG_URL) ? 'server' : 'pglite'
}

/**
 * Synchronous probe (so that `pgBackend()` can be used while tests are being
 * collected): a child process sends PostgreSQL's SSLRequest and expects the
 * one-byte answer a PostgreSQL server gives.
 */
function serverAnswers(url: string): boolean {
  const { hostname, port } = new URL(url)
  const script = `
    const socket = require('node:net').connect({ host: ${JSON.stringify(hostname)}, port: ${Number(port || 5432)} })
    const done = (ok) => { socket.destroy(); process.exit(ok ? 0 : 1) }
    socket.setTimeout(1500, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])))
    socket.on('data', (data) => done(data[0] === 78 || data[0] === 83))`
  const result = spawnSync(process.execPath, ['-e', script], { timeout: 5000, stdio: 'ignore' })
  return result.status === 0
}

let adminUrl: Promise<string> | undefined

/**
 * A URL with rights to create databases. On PGlite it is one shared instance
 * per process: `CREATE DATABASE` there isolates nothing, use `createTempDatabase`.
 */
export function pgAdminUrl(): Promise<string> {
  adminUrl ??=
    pgBackend() === 'server'
      ? Promise.resolve(process.env.TSMIG_TEST_PG_URL || DEFAULT_PG_URL)
      : startPglite().then((instance) => instance.url)
  return adminUrl
}

/** A new empty database; the caller drops it. */
export async function createTempDatabase(): Promise<TempDatabase> {
  if (pgBackend() === 'pglite') {
    const instance = await startPglite()
    let dropped: Promise<void> | undefined
    return { url: instance.url, drop: () => (dropped ??= instance.stop()) }
  }
  const admin = await pgAdminUrl()
  const name = `tsmig_test_${randomBytes(6).toString('hex')}`
  await withClient(admin, (client) => client.query(`CREATE DATABASE "${name}"`))
  const url = new URL(admin)
  url.pathname = `/${name}`
  let dropped: Promise<void> | undefined
  return {
    url: url.toString(),
    drop: () =>
      (dropped ??= withClient(admin, async (client) => {
        // FORCE: a test that forgot to close a pool must not make the drop fail.
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      })),
  }
}

/** Run `fn` with a fresh database, dropped afterwards whatever happens. */
export async function withTempDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const database = await createTempDatabase()
  try {
    return await fn(database.url)
  } finally {
    await database.drop()
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

interface PgliteInstance {
  readonly url: string
  stop(): Promise<void>
}

async function startPglite(): Promise<PgliteInstance> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
  const snapshot = loadSnapshot()
  let db = snapshot === undefined ? undefined : await PGlite.create({ loadDataDir: snapshot }).catch(() => undefined)
  if (db === undefined) {
    db = await PGlite.create()
    await saveSnapshot(await db.dumpDataDir('gzip'))
  }
  // Pools of several connections multiplex onto the one PGlite session.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 100 })
  await server.start()
  const instance = db
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop()
      // Detaching clients may still roll back an open transaction: let that settle first.
      await new Promise((resolve) => setTimeout(resolve, 20))
      await instance.close()
    },
  }
}

/** Snapshot of a freshly initialized PGlite cluster, shared by the processes of a test run. */
function snapshotPath(): string {
  const require = createRequire(import.meta.url)
  let dir = dirname(require.resolve('@electric-sql/pglite'))
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir)
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }
  return join(tmpdir(), `tsmig-pglite-${version}.tar.gz`)
}

let cachedSnapshot: Blob | undefined

function loadSnapshot(): Blob | undefined {
  if (cachedSnapshot !== undefined) return cachedSnapshot
  const path = snapshotPath()
  if (!existsSync(path)) return undefined
  cachedSnapshot = new Blob([readFileSync(path)])
  return cachedSnapshot
}

async function saveSnapshot(blob: Blob): Promise<void> {
  cachedSnapshot = blob
  const path = snapshotPath()
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`
  // Written aside then renamed, so a concurrent reader never sees half a file.
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()))
  try {
    renameSync(partial, path)
  } catch {
    rmSync(partial, { force: true })
  }
}
