import { Kysely, type ConnectionProvider, type DatabaseIntrospector, type Dialect, type Driver } from 'kysely'
import { TsmigError } from '../errors.js'

/**
 * `db` (a migration's connection) whose every query, raw `sql` included,
 * first awaits `before()`. It is `op.db` when the sink holds ops back
 * (SQLite batches table changes into one rebuild): a data migration must see
 * the schema the ops written above it made. Kysely has no hook before a
 * query runs, so this swaps the executor's connection provider.
 *
 * The connection is the migration's, inside its transaction: opening another
 * transaction or connection on it fails with a clear error rather than
 * SQLite's "cannot start a transaction within a transaction".
 */
export function kyselyAfter(db: Kysely<any>, before: () => Promise<void>): Kysely<any> {
  const executor = db.getExecutor()
  const provider: ConnectionProvider = {
    async provideConnection(consumer) {
      await before()
      return executor.provideConnection(consumer)
    },
  }
  const refuse = (what: string) => async (): Promise<never> => {
    throw new TsmigError(`op.db cannot ${what}: it runs on the migration's own connection, inside the migration's transaction`)
  }
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: refuse('open another connection'),
    beginTransaction: refuse('begin a transaction'),
    commitTransaction: refuse('commit'),
    rollbackTransaction: refuse('roll back'),
    releaseConnection: async () => undefined,
    destroy: refuse('be destroyed'),
  }
  const dialect: Dialect = {
    createAdapter: () => executor.adapter,
    createDriver: () => driver,
    createQueryCompiler: () => {
      // Only `new Kysely({ dialect })` calls this; the executor below compiles with the connection's compiler.
      throw new TsmigError('internal error: op.db has no query compiler of its own')
    },
    createIntrospector: (): DatabaseIntrospector => {
      const introspector = db.introspection
      return {
        getSchemas: async () => (await before(), introspector.getSchemas()),
        getTables: async (options) => (await before(), introspector.getTables(options)),
        getMetadata: async (options) => (await before(), introspector.getMetadata(options)),
      }
    },
  }
  return new Kysely<any>({ config: { dialect }, dialect, driver, executor: executor.withConnectionProvider(provider) })
}
