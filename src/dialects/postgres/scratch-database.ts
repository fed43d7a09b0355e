import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { TsmigError } from '../../errors.js'
import { connectPostgres, describePostgresUrl } from './connect.js'
import { quotePostgresIdentifier } from './identifiers.js'

export class ScratchDatabaseError extends TsmigError {}

/**
 * `tsmig verify`'s scratch database: `CREATE DATABASE tsmig_verify_<random>`
 * on the server the URL points at (the role needs CREATEDB), reached by the
 * same URL with the database name replaced. `drop` removes it with FORCE, so
 * a connection left behind by a failed migration cannot keep it alive.
 */
export async function createPostgresScratchDatabase(url: string): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const name = `tsmig_verify_${randomBytes(6).toString('hex')}`
  const quoted = quotePostgresIdentifier(name)
  const onServer = async (work: (db: Awaited<ReturnType<typeof connectPostgres>>) => Promise<void>): Promise<void> => {
    const db = await connectPostgres(url)
    try {
      await work(db)
    } finally {
      await db.destroy()
    }
  }
  try {
    await onServer((db) => sql.raw(`CREATE DATABASE ${quoted}`).execute(db).then(() => undefined))
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new ScratchDatabaseError(
      `cannot create a scratch database on ${describePostgresUrl(url)} for verify (${reason}); grant CREATEDB or pass --scratch-url <empty database>`,
      { cause: error },
    )
  }
  const scratch = new URL(url)
  scratch.pathname = `/${encodeURIComponent(name)}`
  scratch.searchParams.delete('dbname')
  let dropped: Promise<void> | undefined
  return {
    url: scratch.toString(),
    drop: () =>
      (dropped ??= onServer(async (db) => {
        await sql.raw(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`).execute(db)
      })),
  }
}
