import type { OfflineTransactionHooks } from '../../dialect.js'
import { rebuildGuardTable } from './rebuild-table.js'

/** Whether a migration's statements rebuild a table (every rebuild starts with its guard). */
function rebuilds(statements: readonly string[]): boolean {
  return statements.some((s) => s.startsWith(`CREATE TEMP TABLE ${rebuildGuardTable}`))
}

const fkCheckGuard =
  `"violations" CONSTRAINT "tsmig: PRAGMA foreign_key_check found rows whose parent is missing (listed above); ` +
  `the migration must not be committed" CHECK ("violations" = 0)`

/**
 * `--sql` around a migration that rebuilds a table: what the runner's
 * `sqliteTransactionHooks` do online, as statements for the sqlite3 shell.
 * Before BEGIN, `PRAGMA foreign_keys = OFF` (inside a transaction it would be
 * ignored, and the rebuild's DROP TABLE would cascade). Before COMMIT,
 * `PRAGMA foreign_key_check` (the shell prints the offending rows), then a
 * statement that fails when there are any, so that `sqlite3 -bail` stops
 * before COMMIT and the transaction is rolled back. Unlike online, rows that
 * already violated a foreign key before the migration count too. After
 * COMMIT, foreign keys are turned back on (tsmig's own connections run with
 * them on). A migration without a rebuild gets nothing.
 */
export const sqliteOfflineTransactionHooks: OfflineTransactionHooks = {
  beforeBegin: (statements) => (rebuilds(statements) ? ['PRAGMA foreign_keys = OFF'] : []),
  beforeCommit: (statements) =>
    rebuilds(statements)
      ? [
          'PRAGMA foreign_key_check',
          `CREATE TEMP TABLE "_tsmig_fk_check" (${fkCheckGuard})`,
          'INSERT INTO temp."_tsmig_fk_check" SELECT count(*) FROM pragma_foreign_key_check',
          'DROP TABLE temp."_tsmig_fk_check"',
        ]
      : [],
  afterEnd: (statements) => (rebuilds(statements) ? ['PRAGMA foreign_keys = ON'] : []),
}
