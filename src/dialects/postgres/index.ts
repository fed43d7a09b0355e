import { PostgresAdapter, PostgresQueryCompiler } from 'kysely'
import type { Dialect, TransactionHooks } from '../dialect.js'
import { compilePostgresOp } from './compile/compile.js'
import { connectPostgres } from './connect.js'
import { quotePostgresIdentifier } from './identifiers.js'
import { introspectPostgres, introspectPostgresWithText } from './introspect/introspect.js'
import { acquirePostgresLock } from './lock.js'
import { openPostgresMigrationSession } from './migration-session.js'
import { normalizePostgresModel } from './normalize/normalize.js'
import { createPostgresScratchDatabase } from './scratch-database.js'
import { refinePostgresModel } from './normalize/refine-model.js'
import { postgresDependentsAndRowEstimates } from './introspect/dependents.js'
import { MAX_IDENTIFIER_BYTES } from './identifiers.js'
import { advisePostgresOps } from './compile/advise-ops.js'
import { postgresServerVersion } from './server-version.js'
import { listPostgresUnmanaged } from './introspect/list-unmanaged.js'

export { compilePostgresOp } from './compile/compile.js'
export { connectPostgres, describePostgresUrl, PostgresConnectionError } from './connect.js'
export { introspectPostgres } from './introspect/introspect.js'
export { acquirePostgresLock } from './lock.js'
export {
  normalizePostgresModel,
  normalizePostgresModelWith,
  normalizePostgresSchema,
  normalizePostgresTable,
  normalizePostgresColumnType,
  normalizePostgresExpression,
  normalizePostgresDefault,
} from './normalize/normalize.js'
export { quotePostgresIdentifier } from './identifiers.js'

// PostgreSQL runs DDL inside ordinary transactions: nothing to do around them.
const noHooks: TransactionHooks = {
  beforeBegin: async () => undefined,
  beforeCommit: async () => undefined,
  afterEnd: async () => undefined,
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  capabilities: { transactionalDdl: true, enums: true, comments: true, schemas: true },
  // Longer names are cut with a mere NOTICE; primary keys and unique constraints are indexes, named like relations.
  identifiers: { maxBytes: MAX_IDENTIFIER_BYTES, keyNamesAreRelations: true },
  dependentsAndRowEstimates: postgresDependentsAndRowEstimates,
  connect: (url) => connectPostgres(url),
  introspect: introspectPostgres,
  introspectWithText: introspectPostgresWithText,
  normalizeModel: normalizePostgresModel,
  refineModel: refinePostgresModel,
  compile: compilePostgresOp,
  serverVersion: postgresServerVersion,
  adviseOnOps: advisePostgresOps,
  listUnmanaged: listPostgresUnmanaged,
  quoteIdentifier: quotePostgresIdentifier,
  beginSql: 'BEGIN',
  transactionHooks: noHooks,
  acquireLock: acquirePostgresLock,
  openMigrationSession: openPostgresMigrationSession,
  kyselyCompiler: { createAdapter: () => new PostgresAdapter(), createQueryCompiler: () => new PostgresQueryCompiler() },
  createScratchDatabase: (url) => createPostgresScratchDatabase(url),
}
