import { CompiledQuery, type Kysely } from 'kysely'
import type { CompileContext, Dialect, MigrationSession, Queryable } from '../dialects/dialect.js'
import type { OpCallSite } from '../ops/call-site.js'
import type { Op } from '../ops/op.js'
import type { OpSink } from '../ops/op-sink.js'
import type { TableRef } from '../schema/ir.js'
import { sameTable } from '../schema/names.js'
import { kyselyAfter } from './kysely-after.js'
import { interruption, InterruptedError } from './interruption.js'
import { BatchFailedError, compileOps, executeOps, OpBatchBuffer } from './op-batch-buffer.js'
import { StatementFailedError } from './statement-failed.js'

/**
 * Runs ops on the migration's connection, inside its transaction: at once,
 * or, for ops the dialect batches (SQLite table changes), as one step when
 * the batch ends — at the next op that does not join it, when `op.db` runs a
 * query, or at `flush()` (the runner calls it when `upgrade`/`downgrade` returns).
 */
export class OnlineSink implements OpSink {
  private readonly buffer: OpBatchBuffer
  private flushingDb: Kysely<any> | undefined
  // Made once, not per op: a migration may carry out thousands of ops.
  private readonly ctx: CompileContext = {
    currentTable: (ref) => this.readTable(ref),
    serverVersion: () => (this.version ??= this.dialect.serverVersion?.(this.connection) ?? Promise.resolve(undefined)),
  }
  private version: Promise<number | undefined> | undefined
  private readonly execute = (statement: string) => this.executeStatement(statement)
  /** Where the revision called `op` for each op not yet carried out (SQLite holds some back). */
  private readonly sites = new Map<Op, OpCallSite>()
  /** The statement being executed, for the error when it fails. */
  private current: string | undefined

  constructor(
    private readonly connection: Queryable,
    private readonly dialect: Dialect,
    private readonly schemas: readonly string[] | undefined,
    private readonly session?: MigrationSession,
  ) {
    this.buffer = new OpBatchBuffer(dialect.batching, (ops) => this.carryOut(ops))
  }

  get db(): Kysely<any> {
    if (this.dialect.batching === undefined) return this.connection
    this.flushingDb ??= kyselyAfter(this.connection, () => this.buffer.flush())
    return this.flushingDb
  }

  run(op: Op, site?: OpCallSite): Promise<void> {
    if (site !== undefined) this.sites.set(op, site)
    return this.buffer.add(op)
  }

  flush(): Promise<void> {
    return this.buffer.flush()
  }

  private async carryOut(ops: readonly Op[]): Promise<void> {
    try {
      const statements = await compileOps(this.dialect, ops, this.ctx)
      this.current = undefined
      await executeOps(this.dialect, ops, statements, this.execute)
    } catch (error) {
      if (this.current === undefined || error instanceof InterruptedError) throw error
      const cause = error instanceof BatchFailedError ? (error.cause ?? error) : error
      const explanation = this.session?.explainError(cause) ?? []
      throw new StatementFailedError(this.current, ops, ops.map((op) => this.sites.get(op)), error, explanation)
    } finally {
      for (const op of ops) this.sites.delete(op)
    }
  }

  /**
   * The statement as a compiled raw query, which is what `sql.raw(statement)`
   * compiles to, without building and compiling its operation tree.
   */
  private async executeStatement(statement: string): Promise<void> {
    await interruption.check()
    this.current = statement
    await this.connection.executeQuery(CompiledQuery.raw(statement))
    this.current = undefined
  }

  private async readTable(ref: TableRef) {
    const schemas = ref.schema === undefined ? this.schemas : [ref.schema]
    // In the database's own words: a table rebuilt around an op keeps the text of what the op leaves alone.
    const { written } = await this.dialect.introspectWithText(this.connection, { schemas, excludeTables: [], tables: [ref] })
    return written.tables.find((t) => sameTable(t, ref))
  }
}
