import { Kysely, PostgresDialect } from 'kysely'
import { TsmigError } from '../../errors.js'
import { loadPg } from './load-pg.js'

/** The database could not be reached, or refused the credentials. */
export class PostgresConnectionError extends TsmigError {}

/** `host:port/database` of a URL, for messages: never the password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url)
    // `postgres:///db?host=/run/postgresql` connects through a Unix socket.
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost'
    const port = parsed.port || parsed.searchParams.get('port') || '5432'
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || parsed.searchParams.get('dbname') || '(default)'
    return `${host}:${port}/${database}`
  } catch {
    return '(unparsable URL)'
  }
}

/**
 * A Kysely instance on a small `pg` pool, checked by opening one connection so
 * that an unreachable server or bad credentials fail here, with a message that
 * names the host and database. `int8` and `numeric` come back as strings (pg's
 * default: no silent precision loss).
 */
export async function connectPostgres(url: string): Promise<Kysely<any>> {
  const pool = new (await loadPg()).Pool({
    connectionString: url,
    // Migrations use one connection; introspection and the lock may want one more each.
    max: 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    // A forgotten pool must not keep the CLI process alive.
    allowExitOnIdle: true,
    application_name: 'tsmig',
  })
  // An idle connection the server closes (restart, DROP DATABASE … FORCE) emits
  // 'error' on the pool; unhandled, that would crash the process. The next query
  // reports the problem instead.
  pool.on('error', () => undefined)
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw new PostgresConnectionError(`cannot connect to PostgreSQL at ${describePostgresUrl(url)}: ${reasonOf(error)}`, {
      cause: error,
    })
  }
  return new Kysely<any>({ dialect: new PostgresDialect({ pool }) })
}

function reasonOf(error: unknown): string {
  // Connecting to `localhost` tries each address; Node reports an AggregateError with no message.
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0])
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name
  return String(error)
}
