import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { connectPostgres, describePostgresUrl, PostgresConnectionError } from '../src/dialects/postgres/connect.js'
import { TsmigError } from '../src/errors.js'
import { pgAdminUrl, pgBackend, withTempDatabase } from './helpers/postgres.js'

describe('connectPostgres', () => {
  it('returns a working Kysely instance', async () => {
    await withTempDatabase(async (url) => {
      const db = await connectPostgres(url)
      try {
        const { rows } = await sql<{ n: string }>`select 9007199254740993::int8 as n`.execute(db)
        // int8 stays a string: no silent precision loss.
        expect(rows).toEqual([{ n: '9007199254740993' }])
      } finally {
        await db.destroy()
      }
    })
  })

  it('names host, port and database when the server is unreachable, never the password', async () => {
    const error = await connectPostgres('postgres://someone:s3cret@127.0.0.1:1/nowhere').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PostgresConnectionError)
    expect(error).toBeInstanceOf(TsmigError)
    const message = (error as Error).message
    expect(message).toMatch(/^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/)
    expect(message).not.toContain('s3cret')
  })

  // PGlite serves one database to any user name: these failures need a real server.
  it.skipIf(pgBackend() === 'pglite')('names the database that does not exist', async () => {
    const url = new URL(await pgAdminUrl())
    url.pathname = '/tsmig_no_such_database'
    await expect(connectPostgres(url.toString())).rejects.toThrow(
      `cannot connect to PostgreSQL at ${url.hostname}:${url.port || '5432'}/tsmig_no_such_database: database "tsmig_no_such_database" does not exist`,
    )
  })

  it.skipIf(pgBackend() === 'pglite')('reports credentials the server refuses', async () => {
    const url = new URL(await pgAdminUrl())
    url.username = 'tsmig_no_such_role'
    url.password = 'hunter2'
    const error = (await connectPostgres(url.toString()).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(PostgresConnectionError)
    expect(error.message).toContain(`${url.hostname}:${url.port || '5432'}${url.pathname}`)
    expect(error.message).toMatch(/tsmig_no_such_role/)
    expect(error.message).not.toContain('hunter2')
  })
})

describe('describePostgresUrl', () => {
  it('describes TCP and socket URLs', () => {
    expect(describePostgresUrl('postgres://u:p@db.example:6543/app')).toBe('db.example:6543/app')
    expect(describePostgresUrl('postgresql://localhost/app')).toBe('localhost:5432/app')
    expect(describePostgresUrl('postgres:///app?host=/run/postgresql')).toBe('/run/postgresql:5432/app')
  })
})
