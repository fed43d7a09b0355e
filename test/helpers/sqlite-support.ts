import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { CompileContext, Queryable } from '../../src/dialects/dialect.js'
import { sqliteDialect } from '../../src/dialects/sqlite/index.js'
import type { Op } from '../../src/ops/op.js'
import type { SchemaIR, TableIR } from '../../src/schema/ir.js'

/** Shared by the sqlite-*.test.ts files: real database files in a temp folder, and the runner's hook sequence. */

export interface TempSqlite {
  readonly db: Kysely<any>
  readonly dir: string
  readonly file: string
  close(): Promise<void>
}

export async function openTempSqlite(): Promise<TempSqlite> {
  const dir = mkdtempSync(join(tmpdir(), 'tsmig-sqlite-'))
  const file = join(dir, 'test.sqlite3')
  const db = await sqliteDialect.connect(`sqlite:${file}`, dir)
  return {
    db,
    dir,
    file,
    async close() {
      await db.destroy()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function execAll(db: Queryable, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function introspect(db: Queryable): Promise<SchemaIR> {
  return sqliteDialect.introspect(db, { excludeTables: [] })
}

export async function readTable(db: Queryable, name: string): Promise<TableIR | undefined> {
  return (await introspect(db)).tables.find((t) => t.name === name)
}

/** The context the runner gives the compiler online: the live table, read inside the transaction. */
export function liveContext(db: Queryable): CompileContext {
  return { currentTable: async (ref) => readTable(db, ref.name) }
}

/**
 * Runs ops as the runner runs one migration, on one connection:
 * beforeBegin → BEGIN IMMEDIATE → each op compiled against the live table and
 * executed → beforeCommit → COMMIT (ROLLBACK on error) → afterEnd.
 * Returns the statements executed. Pass the same `run` to carry on a run of migrations.
 */
export async function migrate(db: Kysely<any>, ops: readonly Op[], run: object = {}): Promise<string[]> {
  const executed: string[] = []
  await db.connection().execute(async (conn) => {
    const hooks = sqliteDialect.transactionHooks
    await hooks.beforeBegin(conn, run)
    try {
      await sql.raw(sqliteDialect.beginSql).execute(conn)
      try {
        for (const op of ops) {
          const statements = await sqliteDialect.compile(op, liveContext(conn))
          await execAll(conn, statements)
          executed.push(...statements)
        }
        await hooks.beforeCommit(conn, run)
        await sql.raw('COMMIT').execute(conn)
      } catch (error) {
        await sql.raw('ROLLBACK').execute(conn)
        throw error
      }
    } finally {
      await hooks.afterEnd(conn, run)
    }
  })
  return executed
}

export async function rows<T = Record<string, unknown>>(db: Queryable, query: string): Promise<T[]> {
  return (await sql.raw<T>(query).execute(db)).rows
}
