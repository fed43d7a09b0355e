// Temporary database for the PostgreSQL compile tests, until test/helpers/postgres.ts exists.
import { randomBytes } from 'node:crypto'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { CompileContext } from '../../src/dialects/dialect.js'
import { compilePostgresOp } from '../../src/dialects/postgres/compile/compile.js'
import type { Op } from '../../src/ops/op.js'

export const postgresAdminUrl = process.env.TSMIG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TempDatabase {
  readonly url: string
  readonly db: Kysely<any>
  /** Compiles the op and runs its statements one by one; returns them. */
  run(op: Op, ctx?: CompileContext): Promise<readonly string[]>
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>
  drop(): Promise<void>
}

const noTables: CompileContext = { currentTable: async () => undefined }

export async function createTempDatabase(): Promise<TempDatabase> {
  const name = `tsmig_test_${randomBytes(6).toString('hex')}`
  await withAdmin((admin) => admin.query(`create database ${name}`))
  const url = new URL(postgresAdminUrl)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 })
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) })
  return {
    url: url.toString(),
    db,
    async run(op, ctx = noTables) {
      const statements = await compilePostgresOp(op, ctx)
      for (const statement of statements) await sql.raw(statement).execute(db)
      return statements
    },
    async query<R>(text: string, params: readonly unknown[] = []) {
      return (await pool.query(text, [...params])).rows as R[]
    },
    async drop() {
      await db.destroy()
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`))
    },
  }
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}
