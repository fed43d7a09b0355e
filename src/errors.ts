/**
 * Base class of every error tsmig reports to a user. The CLI prints
 * `error: <message>` for these (no stack trace unless `--verbose`).
 */
export class TsmigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
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
