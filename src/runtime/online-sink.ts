import { CompiledQuery, type Kysely } from 'kysely'
import type { CompileContext, Dialect, Queryable } from '../dialects/dialect.js'
import type { Op } from '../ops/op.js'
import type { OpSink } from '../ops/op-sink.js'
import type { TableRef } from '../schema/ir.js'
import { sameTable } from '../schema/names.js'
import { kyselyAfter } from './kysely-after.js'
import { compileOps, executeOps, OpBatchBuffer } from './op-batch-buffer.js'

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
    serverVersion: async () => this.dialect.serverVersion?.(this.connection),
  }
  private readonly execute = (statement: string) => this.executeStatement(statement)

  constructor(
    private readonly connection: Queryable,
    private readonly dialect: Dialect,
    private readonly schemas: readonly string[] | undefined,
  ) {
    this.buffer = new OpBatchBuffer(dialect.batching, (ops) => this.carryOut(ops))
  }

  get db(): Kysely<any> {
    if (this.dialect.batching === undefined) return this.connection
    this.flushingDb ??= kyselyAfter(this.connection, () => this.buffer.flush())
    return this.flushingDb
  }

  run(op: Op): Promise<void> {
    return this.buffer.add(op)
  }

  flush(): Promise<void> {
    return this.buffer.flush()
  }

  private async carryOut(ops: readonly Op[]): Promise<void> {
    const statements = await compileOps(this.dialect, ops, this.ctx)
    await executeOps(this.dialect, ops, statements, this.execute)
  }

  /**
   * The statement as a compiled raw query, which is what `sql.raw(statement)`
   * compiles to, without building and compiling its operation tree.
   */
  private async executeStatement(statement: string): Promise<void> {
    await this.connection.executeQuery(CompiledQuery.raw(statement))
  }

  private async readTable(ref: TableRef) {
    const schemas = ref.schema === undefined ? this.schemas : [ref.schema]
    // In the database's own words: a table rebuilt around an op keeps the text of what the op leaves alone.
    const { written } = await this.dialect.introspectWithText(this.connection, { schemas, excludeTables: [], tables: [ref] })
    return written.tables.find((t) => sameTable(t, ref))
  }
}
