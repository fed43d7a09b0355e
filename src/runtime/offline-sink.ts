import type { Kysely } from 'kysely'
import type { Dialect } from '../dialects/dialect.js'
import { TsmigError } from '../errors.js'
import { applyOp } from '../ops/apply-op.js'
import type { Op } from '../ops/op.js'
import type { OpSink } from '../ops/op-sink.js'
import type { SchemaIR } from '../schema/ir.js'
import { sameTable } from '../schema/names.js'
import { compileOps, OpBatchBuffer } from './op-batch-buffer.js'

export class OfflineModeError extends TsmigError {}

/**
 * `--sql`: compiles each op and hands the statements to `emit` instead of a
 * database. A schema simulated from the ops printed so far stands in for the
 * live one, so SQLite rebuilds can be printed too. Ops the dialect batches
 * are held back as online (`flush()` prints what is left; call it when
 * `upgrade`/`downgrade` returns), so the printed SQL is the SQL an online run
 * executes.
 */
export class OfflineSink implements OpSink {
  private readonly buffer: OpBatchBuffer

  constructor(
    private readonly dialect: Dialect,
    private schema: SchemaIR,
    private readonly emit: (statement: string) => void,
    /** `op.db`: a Kysely that prints its queries (`createOfflineDb`); absent, `op.db` throws. */
    private readonly offlineDb?: Kysely<any>,
  ) {
    this.buffer = new OpBatchBuffer(dialect.batching, (ops) => this.carryOut(ops))
  }

  get db(): Kysely<any> {
    if (this.offlineDb !== undefined) return this.offlineDb
    throw new OfflineModeError('op.db is not available with --sql: a data migration needs a connection (run it online, or write it with op.execute)')
  }

  /** The schema after every op printed so far (call `flush()` first). */
  get simulatedSchema(): SchemaIR {
    return this.schema
  }

  run(op: Op): Promise<void> {
    return this.buffer.add(op)
  }

  flush(): Promise<void> {
    return this.buffer.flush()
  }

  private async carryOut(ops: readonly Op[]): Promise<void> {
    const statements = await compileOps(this.dialect, ops, {
      currentTable: async (ref) => this.schema.tables.find((t) => sameTable(t, ref)),
    })
    for (const statement of statements) this.emit(statement)
    for (const op of ops) this.schema = applyOp(this.schema, op)
  }
}
