import { sql, SqliteAdapter, SqliteQueryCompiler } from 'kysely'
import type { Dialect } from '../dialect.js'
import { compileSqliteOp } from './compile/compile.js'
import { connectSqlite, sqliteBusyTimeoutMs } from './connect.js'
import { introspectSqlite, introspectSqliteWithText } from './introspect/introspect.js'
import { declareModel, normalizeModel } from './normalize/normalize.js'
import { quoteSqliteIdentifier } from './compile/quote.js'
import { createSqliteScratchDatabase } from './scratch-database.js'
import { sqliteTransactionHooks } from './transaction-hooks.js'
import { compileTableBatch } from './compile/compile-table-batch.js'
import { sqliteOfflineTransactionHooks } from './compile/offline-hooks.js'
import { sqliteBatchTable } from './compile/table-batch-op.js'
import { sqliteDependentsAndRowEstimates } from './introspect/dependents.js'
import { listSqliteUnmanaged } from './introspect/list-unmanaged.js'

export { compileSqliteOp } from './compile/compile.js'
export { compileTableBatch as compileSqliteTableBatch } from './compile/compile-table-batch.js'
export { sqliteOfflineTransactionHooks } from './compile/offline-hooks.js'
export { connectSqlite, sqliteFileFromUrl } from './connect.js'
export { introspectSqlite } from './introspect/introspect.js'
export {
  comparableTable as comparableSqliteTable,
  declareModel as declareSqliteModel,
  normalizeModel as normalizeSqliteModel,
  normalizeTable as normalizeSqliteTable,
  SqliteUnsupportedError,
} from './normalize/normalize.js'
export { SqliteBusyError } from './busy.js'
export { ForeignKeyCheckError, sqliteTransactionHooks } from './transaction-hooks.js'
export type { SqliteCompileContext, SqliteStoredTable } from './introspect/stored-table.js'

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  capabilities: { transactionalDdl: true, enums: false, comments: false, schemas: false },
  // No practical length limit; constraint names are labels in the table's SQL, not objects of the schema.
  identifiers: { keyNamesAreRelations: false },
  dependentsAndRowEstimates: sqliteDependentsAndRowEstimates,
  connect: connectSqlite,
  introspect: introspectSqlite,
  introspectWithText: introspectSqliteWithText,
  normalizeModel: async (model) => normalizeModel(model),
  declareModel,
  listUnmanaged: listSqliteUnmanaged,
  compile: compileSqliteOp,
  quoteIdentifier: quoteSqliteIdentifier,
  // IMMEDIATE takes the write lock at once: concurrent runs queue here (busy_timeout) instead of
  // failing with SQLITE_BUSY when a deferred transaction later tries to write.
  beginSql: 'BEGIN IMMEDIATE',
  transactionHooks: sqliteTransactionHooks,
  // Consecutive ops on one table make one rebuild, not one each.
  batching: { batchTable: sqliteBatchTable, compileBatch: compileTableBatch },
  offlineTransactionHooks: sqliteOfflineTransactionHooks,
  kyselyCompiler: { createAdapter: () => new SqliteAdapter(), createQueryCompiler: () => new SqliteQueryCompiler() },
  createScratchDatabase: () => createSqliteScratchDatabase(),
  async acquireLock(db, options) {
    // No lock to take: BEGIN IMMEDIATE serializes writers. Each statement waits for another writer as long as
    // the caller would wait for a lock (--lock-timeout), no more and no less; then it fails with SqliteBusyError.
    await sql.raw(`PRAGMA busy_timeout = ${Math.floor(options.timeoutMs)}`).execute(db)
    return async () => {
      await sql.raw(`PRAGMA busy_timeout = ${sqliteBusyTimeoutMs}`).execute(db)
    }
  },
}
