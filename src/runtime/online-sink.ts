import { sql } from 'kysely'
import type { Dialect, Queryable } from '../dialects/dialect.js'
import type { Op } from '../ops/op.js'
import type { OpSink } from '../ops/op-sink.js'
import type { TableRef } from '../schema/ir.js'
import { sameTable } from '../schema/names.js'

/** Runs each op at once on the migration's connection, inside its transaction. */
export class OnlineSink implements OpSink {
  constructor(
    readonly db: Queryable,
    private readonly dialect: Dialect,
    private readonly schemas: readonly string[] | undefined,
  ) {}

  async run(op: Op): Promise<void> {
    const statements = await this.dialect.compile(op, {
      currentTable: (ref) => this.readTable(ref),
    })
    for (const statement of statements) await sql.raw(statement).execute(this.db)
  }

  private async readTable(ref: TableRef) {
    const schemas = ref.schema === undefined ? this.schemas : [ref.schema]
    const schema = await this.dialect.introspect(this.db, { schemas, excludeTables: [] })
    return schema.tables.find((t) => sameTable(t, ref))
  }
}
