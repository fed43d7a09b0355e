/**
 * Base class of every error tsmig reports to a user. The CLI prints
 * `error: <message>` for these (no stack trace unless `--verbose`), then
 * `details`, indented: where it happened (a code frame, the failing SQL
 * statement and the op that produced it), the database's detail and hint.
 */
export class TsmigError extends Error {
  /** Lines printed under the `error:` line, each indented by the CLI. */
  readonly details: readonly string[]

  constructor(message: string, options?: { cause?: unknown; details?: readonly string[] }) {
    super(message, options)
    this.name = new.target.name
    this.details = options?.details ?? []
  }
}

/** The command line asks for something that cannot be: the CLI exits 2 (bad usage) rather than 1. */
export class UsageError extends TsmigError {}

/**
 * Another writer held the database longer than tsmig was told to wait (SQLite:
 * a file locked by another process). The statement did not run; the runner
 * reports this as it is rather than as a migration that failed.
 */
export class DatabaseBusyError extends TsmigError {}
