import type { DialectAdapter, Kysely, QueryCompiler } from 'kysely'
import type { SchemaIR, TableIR, TableRef } from '../schema/ir.js'
import type { Op } from '../ops/op.js'
import type { IdentifierRules } from '../model/check-names.js'
import type { AffectedObject, DependentsAndRowEstimates } from './dependents.js'
import type { UnmanagedObject, UnnamedNames } from '../schema/unnamed-names.js'

/** A Kysely instance or a transaction on it: what introspection and execution run on. */
export type Queryable = Kysely<any>

export interface IntrospectOptions {
  /**
   * Schemas to read (PostgreSQL). Undefined = `current_schema()` only.
   * Tables in the current schema are reported with `schema: undefined`.
   */
  readonly schemas?: readonly string[]
  /** Tables never reported (the version table and its companions). */
  readonly excludeTables: readonly string[]
  /**
   * A hint: only these tables are needed (compiling an op on one table). A
   * dialect may read just them (SQLite: per-table pragmas, so a chain of
   * migrations is not quadratic) or ignore the hint and return everything.
   */
  readonly tables?: readonly TableRef[]
}

/** A warning about one op, naming the object (`table.column`). */
export interface OpAdvice {
  readonly object: string
  readonly message: string
}

/** A live schema normalized for comparing, and with its own expression texts. */
export interface IntrospectedSchema {
  readonly compared: SchemaIR
  readonly written: SchemaIR
}

export interface CompileContext {
  /**
   * The table as it is right before the op runs. Online this reads the live
   * database inside the migration's transaction; offline (`--sql`) it reads a
   * schema simulated from the ops already printed. Dialects that rebuild
   * tables (SQLite) need it; others may ignore it.
   */
  currentTable(ref: TableRef): Promise<TableIR | undefined>
  /**
   * The server's version (`Dialect.serverVersion`) when connected; absent
   * offline (`--sql`), where the SQL is printed for whatever server runs it: a dialect writes what every version accepts.
   */
  serverVersion?(): Promise<number | undefined>
}

/**
 * What connecting does when the database does not exist yet (SQLite: the
 * URL's file is missing; a server database is never created by connecting):
 * `create` it (commands that write: `upgrade`, `stamp`), `fail` naming it
 * (commands that only read), or read it as an `empty` database at base
 * without creating anything (`revision --autogenerate` in a new project).
 */
export interface ConnectOptions {
  readonly missing?: 'create' | 'fail' | 'empty'
}

export interface DialectCapabilities {
  /** DDL rolls back with the transaction. */
  readonly transactionalDdl: boolean
  /** Native enum types (else an enum column is text with a CHECK). */
  readonly enums: boolean
  /** Column and table comments. */
  readonly comments: boolean
  /** Several schemas (namespaces) per database. */
  readonly schemas: boolean
}

/**
 * Hooks the runner calls around each migration's transaction, on the same
 * connection. SQLite uses them to turn foreign keys off *before* BEGIN (inside a
 * transaction the pragma is ignored) and to run `foreign_key_check` before COMMIT.
 * `run` is one object per run of migrations on that connection (one command):
 * what a hook learned of the connection may be kept on it for the next
 * migration of the run, as nothing else uses the connection in between.
 */
export interface TransactionHooks {
  beforeBegin(db: Queryable, run: object): Promise<void>
  beforeCommit(trx: Queryable, run: object): Promise<void>
  afterEnd(db: Queryable, run: object): Promise<void>
}

/**
 * Ops a dialect carries out better together: on SQLite, consecutive changes
 * to one table become a single table rebuild instead of one each. The sinks
 * buffer the ops `batchTable` accepts while they stay on one table, and hand
 * them to `compileBatch` before any other op, before `op.db` runs a query, and
 * at the end of the migration (`OpSink.flush`).
 */
export interface OpBatching {
  /** The table an op may share a batch on, or undefined when it runs on its own. */
  batchTable(op: Op): TableRef | undefined
  /** SQL that carries out consecutive ops, all with the same `batchTable`, as one step. */
  compileBatch(ops: readonly Op[], ctx: CompileContext): Promise<readonly string[]>
}

/**
 * What `--sql` prints around a migration's `BEGIN`/`COMMIT`, chosen from the
 * statements of the migration (SQLite: the pragmas a table rebuild needs).
 * Each function returns statements without the trailing `;`.
 */
export interface OfflineTransactionHooks {
  beforeBegin(statements: readonly string[]): readonly string[]
  beforeCommit(statements: readonly string[]): readonly string[]
  afterEnd(statements: readonly string[]): readonly string[]
}

/**
 * What a dialect offers while migrations run on one connection: stopping the
 * statement it is running (Ctrl-C) and explaining a statement's failure.
 */
export interface MigrationSession {
  /**
   * Cancel, on the server, whatever the session's connection is running now
   * (a no-op when it is idle). Absent: a running statement cannot be stopped
   * (SQLite runs it in this thread); an interrupt waits for it to return.
   */
  readonly cancelRunning?: () => Promise<void>
  /**
   * Lines under a failed statement: the database's own detail and hint, and
   * for a missing privilege the grant it takes (`hint: GRANT CREATE ON SCHEMA …`).
   */
  explainError(error: unknown): readonly string[]
}

export interface Dialect {
  /** `postgres` or `sqlite`: appears in messages and `init`. */
  readonly name: string
  readonly capabilities: DialectCapabilities
  /** Limits on names the model is checked against when it loads. */
  readonly identifiers: IdentifierRules

  /** A Kysely instance on the URL. `configDir` resolves relative SQLite paths. Default `missing: 'create'`. */
  connect(url: string, configDir: string, options?: ConnectOptions): Promise<Kysely<any>>

  /**
   * The server's version as a number, for features that depend on it
   * (PostgreSQL's `server_version_num`: 150004, 180000). Absent: no feature
   * of the dialect depends on the version.
   */
  serverVersion?(db: Queryable): Promise<number>

  /** Read the live schema into the IR, normalized the way `normalizeModel` normalizes. */
  introspect(db: Queryable, options: IntrospectOptions): Promise<SchemaIR>

  /**
   * `introspect`, and beside it the same schema with each expression as the
   * database itself reports it (`written`, see `src/schema/written-text.ts`):
   * what a generated downgrade writes back, and what compiling an op on a
   * live table keeps of the objects the op leaves alone.
   */
  introspectWithText(db: Queryable, options: IntrospectOptions): Promise<IntrospectedSchema>

  /**
   * Turn the model's IR into what this dialect would store and report for it
   * (type synonyms, default expressions, enum degradation on SQLite, names the
   * database gives). May ask the server to normalize expressions when `db` is given.
   */
  normalizeModel(model: SchemaIR, db?: Queryable): Promise<SchemaIR>

  /**
   * The model as this dialect writes it — what it stores instead of what it
   * lacks (SQLite: an enum's CHECK, `CURRENT_TIMESTAMP` for `now()`) — with
   * each expression as its author wrote it. Absent: the model as it is.
   */
  declareModel?(model: SchemaIR): SchemaIR

  /**
   * Optional second pass for expressions that still differ after
   * `normalizeModel`: let the server decide how it would store them
   * (PostgreSQL). Returns the model with those expressions in stored form.
   */
  refineModel?(model: SchemaIR, database: SchemaIR, db: Queryable): Promise<SchemaIR>

  /**
   * For autogenerate's warnings, read from the live database: the objects
   * tsmig does not manage (views, rules, triggers, policies) that use what a
   * revision drops or alters, and how many rows each of `countRowsOf` holds
   * (the tables that lose a table's or a column's data).
   */
  dependentsAndRowEstimates(
    db: Queryable,
    affected: readonly AffectedObject[],
    countRowsOf: readonly TableRef[],
  ): Promise<DependentsAndRowEstimates>

  /**
   * What a user should know about generated ops before running them on
   * this server (a change the server cannot make in place, made another way).
   */
  adviseOnOps?(ops: readonly Op[], db: Queryable): Promise<readonly OpAdvice[]>

  /**
   * What the database holds in the schemas of `options` that tsmig does not
   * manage (views, triggers, functions, domains, …), and what a pulled table
   * loses in the model (partitioning): `tsmig pull` lists them in the model's
   * header. Absent: the dialect has nothing of the kind.
   */
  listUnmanaged?(db: Queryable, options: IntrospectOptions): Promise<readonly UnmanagedObject[]>

  /**
   * The names this database gives objects created without one, where they
   * differ from the model's (src/model/unnamed-names.ts): `tsmig pull` writes
   * a name only where the database's differs. Absent: the model's names.
   */
  readonly unnamedNames?: Partial<UnnamedNames>

  /** SQL statements, in order, that carry out one op. */
  compile(op: Op, ctx: CompileContext): Promise<readonly string[]>

  /** Quote an identifier for this dialect. */
  quoteIdentifier(name: string): string

  /** The statement that opens a migration's transaction (`BEGIN`, SQLite: `BEGIN IMMEDIATE`). */
  readonly beginSql: string

  readonly transactionHooks: TransactionHooks

  /** Merge consecutive ops (SQLite table rebuilds); absent = every op compiled on its own. */
  readonly batching?: OpBatching

  /** The `--sql` counterpart of `transactionHooks`; absent = nothing printed around BEGIN/COMMIT. */
  readonly offlineTransactionHooks?: OfflineTransactionHooks

  /**
   * Serialize concurrent runs (PostgreSQL advisory lock; SQLite relies on
   * `BEGIN IMMEDIATE`). Returns the release function.
   */
  acquireLock(db: Queryable, options: { readonly timeoutMs: number }): Promise<() => Promise<void>>

  /**
   * Called once per run with the connection migrations run on (`conn`) and
   * the Kysely instance it came from (`db`, free for a second connection).
   * Absent: nothing can be cancelled and errors are reported as they come.
   */
  openMigrationSession?(db: Queryable, conn: Queryable): Promise<MigrationSession>

  /**
   * Kysely's query compiler and adapter for this SQL, used without a driver:
   * under `--sql`, `op.db` compiles data-migration queries with them and prints
   * them with literals inlined. Absent: `op.db` is unavailable offline.
   */
  readonly kyselyCompiler?: { createAdapter(): DialectAdapter; createQueryCompiler(): QueryCompiler }

  /**
   * A new empty database beside the one at `url`, for `tsmig verify`'s
   * stairway test; `drop` removes it. Absent: verify needs `--scratch-url`.
   */
  createScratchDatabase?(url: string, configDir: string): Promise<{ readonly url: string; drop(): Promise<void> }>
}
