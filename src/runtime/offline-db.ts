import {
  Kysely,
  OperationNodeTransformer,
  ValueListNode,
  ValueNode,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DialectAdapter,
  type Driver,
  type KyselyPlugin,
  type PrimitiveValueListNode,
  type QueryCompiler,
  type QueryResult,
} from 'kysely'
import { TsmigError } from '../errors.js'

export class OfflineQueryError extends TsmigError {}

/** What a dialect lends `--sql` mode: Kysely's compiler and adapter for its SQL, used without a driver. */
export interface KyselyCompilerParts {
  createAdapter(): DialectAdapter
  createQueryCompiler(): QueryCompiler
}

/**
 * A value inlined as an SQL literal. Kysely's compiler writes strings
 * (quotes doubled), numbers, booleans, null and dates (ISO text) itself;
 * objects become JSON text as the pg driver would send them. Binary data and
 * arrays have no literal spelling common to both dialects: say so.
 */
function inlineValue(value: unknown): unknown {
  if (value === undefined) return null
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new OfflineQueryError(`op.db with --sql: cannot print ${value} as an SQL literal`)
  }
  if (value === null || value instanceof Date || ['string', 'number', 'boolean', 'bigint'].includes(typeof value)) return value
  if (value instanceof Uint8Array || Array.isArray(value)) {
    throw new OfflineQueryError(
      `op.db with --sql: a ${value instanceof Uint8Array ? 'binary' : 'array'} parameter has no portable literal; write that statement with sql.raw or op.execute`,
    )
  }
  if (typeof value === 'object') return JSON.stringify(value)
  throw new OfflineQueryError(`op.db with --sql: cannot print a ${typeof value} parameter as an SQL literal`)
}

/** Turns every parameter into an immediate value, so the compiled SQL carries literals instead of `$1`/`?`. */
class InlineParameters extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return node.immediate ? node : ValueNode.createImmediate(inlineValue(node.value))
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    // `in (…)` lists: the compiler prints a value list element by element, each immediate.
    const list = ValueListNode.create(node.values.map((value) => ValueNode.createImmediate(inlineValue(value))))
    return list as unknown as PrimitiveValueListNode
  }
}

const inlineParameters: KyselyPlugin = {
  transformQuery: (args) => new InlineParameters().transformNode(args.node),
  transformResult: async (args) => args.result,
}

class EmittingDriver implements Driver {
  private readonly connection: DatabaseConnection

  constructor(emit: (statement: string) => Promise<void> | void) {
    this.connection = {
      async executeQuery<R>(query: { readonly sql: string }): Promise<QueryResult<R>> {
        await emit(query.sql)
        return { rows: [] }
      },
      async *streamQuery() {
        throw new OfflineQueryError('op.db with --sql: queries cannot be streamed offline')
      },
    }
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection
  }
  // The migration's own BEGIN/COMMIT are printed around it; a nested one would end it early.
  async beginTransaction(): Promise<void> {}
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

const noIntrospection: DatabaseIntrospector = {
  getSchemas: () => Promise.reject(new OfflineQueryError('op.db with --sql cannot introspect: there is no database')),
  getTables: () => Promise.reject(new OfflineQueryError('op.db with --sql cannot introspect: there is no database')),
  getMetadata: () => Promise.reject(new OfflineQueryError('op.db with --sql cannot introspect: there is no database')),
}

/**
 * `op.db` for `--sql`: a Kysely whose queries run nowhere. Each is compiled
 * with the dialect's own compiler, its parameters inlined as literals, and
 * handed to `emit` (awaited, so a sink can flush buffered ops first); it
 * returns no rows, so a data migration should be written as set-based
 * statements (`UPDATE … WHERE`, `INSERT … SELECT`) to print completely.
 */
export function createOfflineDb(parts: KyselyCompilerParts, emit: (statement: string) => Promise<void> | void): Kysely<any> {
  return new Kysely<any>({
    dialect: {
      createAdapter: () => parts.createAdapter(),
      createDriver: () => new EmittingDriver(emit),
      createQueryCompiler: () => parts.createQueryCompiler(),
      createIntrospector: () => noIntrospection,
    },
    plugins: [inlineParameters],
  })
}
