import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { createTempDatabase, pgAdminUrl, pgBackend, withTempDatabase } from './helpers/postgres.js'

async function query<R>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows as R[]
  } finally {
    await client.end()
  }
}

describe('test/helpers/postgres', () => {
  it('reports the backend the process uses', async () => {
    const expected = process.env.TSMIG_TEST_PG === 'pglite' ? 'pglite' : pgBackend()
    expect(pgBackend()).toBe(expected)
    const [{ version }] = await query<{ version: string }>(await pgAdminUrl(), 'select version()')
    expect(version.includes('PGlite')).toBe(pgBackend() === 'pglite')
  })

  it('gives each temporary database its own, empty namespace', async () => {
    const [a, b] = await Promise.all([createTempDatabase(), createTempDatabase()])
    try {
      expect(a.url).not.toBe(b.url)
      await query(a.url, 'create table only_in_a (id int)')
      const inB = await query<{ n: number }>(b.url, `select count(*)::int as n from pg_class where relname = 'only_in_a'`)
      expect(inB[0].n).toBe(0)
    } finally {
      await a.drop()
      await b.drop()
    }
    // Dropping twice is harmless.
    await a.drop()
  })

  it('withTempDatabase drops the database even when the callback throws', async () => {
    let seen = ''
    await expect(
      withTempDatabase(async (url) => {
        seen = url
        await query(url, 'select 1')
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    await expect(query(seen, 'select 1')).rejects.toThrow()
  })
})
