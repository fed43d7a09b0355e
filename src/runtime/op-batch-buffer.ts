import type { CompileContext, Dialect, OpBatching } from '../dialects/dialect.js'
import { TsmigError } from '../errors.js'
import { describeOp } from '../ops/describe-op.js'
import type { Op } from '../ops/op.js'
import { displayTableName, sameTable } from '../schema/names.js'

/**
 * Holds back the ops a dialect merges (`Dialect.batching`: SQLite makes one
 * rebuild of consecutive ops on one table) until an op that does not join
 * arrives, or `flush()` is called (before `op.db` runs a query, at the end of
 * the migration). Without batching every op is carried out at once.
 */
export class OpBatchBuffer {
  private pending: Op[] = []

  constructor(
    private readonly batching: OpBatching | undefined,
    private readonly carryOut: (ops: readonly Op[]) => Promise<void>,
  ) {}

  async add(op: Op): Promise<void> {
    const table = this.batching?.batchTable(op)
    const open = this.pending.length === 0 ? undefined : this.batching?.batchTable(this.pending[0])
    if (open !== undefined && (table === undefined || !sameTable(table, open))) await this.flush()
    if (table === undefined) await this.carryOut([op])
    else this.pending.push(op)
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return
    const ops = this.pending
    this.pending = []
    await this.carryOut(ops)
  }
}

/** The statements of ops the buffer hands over: a batch, or a single op the dialect compiles alone. */
export function compileOps(dialect: Dialect, ops: readonly Op[], ctx: CompileContext): Promise<readonly string[]> {
  const batching = dialect.batching
  if (batching !== undefined && batching.batchTable(ops[0]) !== undefined) return batching.compileBatch(ops, ctx)
  return dialect.compile(ops[0], ctx)
}

/**
 * A statement of a batch failed. The database's message (SQLite: `CHECK
 * constraint failed: ck_price`, `NOT NULL constraint failed:
 * _tsmig_new_items.name`) names the constraint, and often only the rebuild's
 * temporary table: this names the table and the ops too.
 */
export class BatchFailedError extends TsmigError {
  constructor(ops: readonly Op[], table: { readonly schema?: string; readonly name: string }, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`table ${displayTableName(table)} (${ops.map(describeOp).join(', ')}): ${reason}`, { cause })
  }
}

/** Run `execute` on each statement; a failure in a batch becomes a `BatchFailedError`. */
export async function executeOps(
  dialect: Dialect,
  ops: readonly Op[],
  statements: readonly string[],
  execute: (statement: string) => Promise<void>,
): Promise<void> {
  const table = dialect.batching?.batchTable(ops[0])
  for (let i = 0; i < statements.length; i++) {
    try {
      await execute(statements[i])
    } catch (error) {
      throw table === undefined ? error : new BatchFailedError(ops, table, error)
    }
  }
}
