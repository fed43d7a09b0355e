import type { Kysely } from 'kysely'
import type { Dialect } from '../dialects/dialect.js'
import { TsmigError } from '../errors.js'
import { applyOp } from '../ops/apply-op.js'
import type { Op } from '../ops/op.js'
import type { OpSink } from '../ops/op-sink.js'
import type { SchemaIR } from '../schema/ir.js'
import { sameTable } from '../schema/names.js'

export class OfflineModeError extends TsmigError {}

/**
 * `--sql`: compiles each op and hands the statements to `emit` instead of a
 * database. A schema simulated from the ops printed so far stands in for the
 * live one, so SQLite rebuilds can be printed too.
 */
export class OfflineSink implements OpSink {
  constructor(
    private readonly dialect: Dialect,
    private schema: SchemaIR,
    private readonly emit: (statement: string) => void,
  ) {}

  get db(): Kysely<any> {
    throw new OfflineModeError('op.db is not available with --sql: a data migration needs a connection (run it online, or write it with op.execute)')
  }

  get simulatedSchema(): SchemaIR {
    return this.schema
  }

  async run(op: Op): Promise<void> {
    const statements = await this.dialect.compile(op, {
      currentTable: async (ref) => this.schema.tables.find((t) => sameTable(t, ref)),
    })
    for (const statement of statements) this.emit(statement)
    this.schema = applyOp(this.schema, op)
  }
}
