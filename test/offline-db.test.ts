import { PostgresAdapter, PostgresQueryCompiler, sql, SqliteAdapter, SqliteQueryCompiler } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createOfflineDb } from '../src/runtime/offline-db.js'

const parts = {
  postgres: { createAdapter: () => new PostgresAdapter(), createQueryCompiler: () => new PostgresQueryCompiler() },
  sqlite: { createAdapter: () => new SqliteAdapter(), createQueryCompiler: () => new SqliteQueryCompiler() },
}

for (const [dialect, compiler] of Object.entries(parts)) {
  describe(`op.db under --sql on ${dialect}`, () => {
    const printed: string[] = []
    const db = createOfflineDb(compiler, (statement) => void printed.push(statement))

    it('prints each query with its parameters inlined as literals, and returns no rows', async () => {
      printed.length = 0
      const result = await db
        .insertInto('t')
        .values({ s: "O'Brien \\ done", n: 42, f: 1.5, b: true, z: null, big: 9007199254740993n, d: new Date('2026-01-02T03:04:05.000Z'), j: { a: [1, 'x'] } })
        .execute()
      await db.updateTable('t').set({ s: 'y' }).where('n', 'in', [1, 2, 3]).where('s', '<>', '$1 ?').execute()
      await sql`delete from t where s = ${'a'} and n > ${5}`.execute(db)
      const rows = await db.selectFrom('t').selectAll().execute()
      expect(rows).toEqual([])
      expect(result).toHaveLength(1)
      expect(printed).toEqual([
        `insert into "t" ("s", "n", "f", "b", "z", "big", "d", "j") values ('O''Brien \\ done', 42, 1.5, true, null, 9007199254740993, '2026-01-02T03:04:05.000Z', '{"a":[1,"x"]}')`,
        `update "t" set "s" = 'y' where "n" in (1, 2, 3) and "s" <> '$1 ?'`,
        `delete from t where s = 'a' and n > 5`,
        `select * from "t"`,
      ])
    })

    it('refuses what has no portable literal, naming the way out', async () => {
      await expect(db.insertInto('t').values({ b: Buffer.from('x') }).execute()).rejects.toThrow(/binary parameter has no portable literal; write that statement with sql.raw or op.execute/)
      await expect(db.insertInto('t').values({ n: Number.NaN }).execute()).rejects.toThrow(/cannot print NaN/)
    })
  })
}
