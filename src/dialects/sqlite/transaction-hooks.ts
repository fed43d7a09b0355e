import { sql } from 'kysely'
import type { Queryable, TransactionHooks } from '../dialect.js'
import { TsmigError } from '../../errors.js'

export interface ForeignKeyViolation {
  readonly table: string
  readonly rowid: number | null
  readonly parent: string
  /** The child's columns and the parent's, as `pragma_foreign_key_list` gives them. */
  readonly columns: readonly string[]
  readonly parentColumns: readonly (string | null)[]
}

/** `PRAGMA foreign_key_check` found rows whose parent is missing; the migration is rolled back. */
export class ForeignKeyCheckError extends TsmigError {
  constructor(readonly violations: readonly ForeignKeyViolation[]) {
    const shown = violations.slice(0, 10).map((v) => {
      const parentColumns = v.parentColumns.every((c) => c !== null) ? `(${v.parentColumns.join(', ')})` : ''
      return `${v.table}(${v.columns.join(', ')}) rowid ${v.rowid ?? '?'} → ${v.parent}${parentColumns}`
    })
    const more = violations.length > shown.length ? `; and ${violations.length - shown.length} more` : ''
    super(`foreign key check failed, ${violations.length} row(s) reference a missing parent: ${shown.join('; ')}${more}`)
  }
}

interface SavedState {
  readonly foreignKeys: number
  readonly legacyAlterTable: number
  /** Violations already in the database before the migration (`table, rowid, parent` keys). */
  violations: ReadonlySet<string>
}

/**
 * What the first `beforeBegin` of a run found on its connection, for
 * `beforeCommit`, `afterEnd` and the run's next migrations: a run of many
 * migrations reads the pragmas and the violations once, not before every
 * migration (on a database with rows, `foreign_key_check` reads every child
 * table). That holds because nothing else uses the connection between two
 * migrations of a run, `afterEnd` puts the pragmas back as they were, and a
 * committed migration leaves exactly the violations its own `beforeCommit`
 * saw (a subset of those it started with).
 */
const saved = new WeakMap<object, SavedState>()

interface CheckRow {
  readonly table: string
  readonly rowid: number | null
  readonly parent: string
  readonly fkid: number
}

async function foreignKeyCheck(db: Queryable): Promise<CheckRow[]> {
  const { rows } = await sql<CheckRow>`SELECT c."table", c.rowid, c.parent, c.fkid FROM pragma_foreign_key_check AS c`.execute(db)
  return rows
}

const violationKey = (row: CheckRow) => `${row.table}\u0000${row.rowid}\u0000${row.parent}`

async function readPragma(db: Queryable, name: 'foreign_keys' | 'legacy_alter_table'): Promise<number> {
  const { rows } = await sql<Record<string, number>>`SELECT * FROM ${sql.raw(`pragma_${name}`)}`.execute(db)
  return Number(Object.values(rows[0] ?? {})[0] ?? 0)
}

/**
 * SQLite's safe procedure for schema changes, around each migration's
 * transaction (SPEC §7): `foreign_keys` must be turned off *before* BEGIN
 * (inside a transaction the pragma is silently ignored), or a table rebuild's
 * `DROP TABLE` would fire `ON DELETE CASCADE` on the children and empty them.
 * Before COMMIT, `PRAGMA foreign_key_check` must come back clean, else the
 * migration fails and the runner rolls it back (rows that already violated a
 * foreign key before the migration, possible in a database written with
 * enforcement off, are not held against it). Afterwards the pragmas get
 * their previous values.
 */
export const sqliteTransactionHooks: TransactionHooks = {
  async beforeBegin(db, run) {
    if (!saved.has(run)) {
      saved.set(run, {
        foreignKeys: await readPragma(db, 'foreign_keys'),
        legacyAlterTable: await readPragma(db, 'legacy_alter_table'),
        violations: new Set((await foreignKeyCheck(db)).map(violationKey)),
      })
    }
    await sql.raw('PRAGMA foreign_keys = OFF').execute(db)
  },

  async beforeCommit(trx, run) {
    const state = saved.get(run)
    const before = state?.violations ?? new Set<string>()
    const found = await foreignKeyCheck(trx)
    const rows = found.filter((row) => !before.has(violationKey(row)))
    if (rows.length === 0) {
      if (state !== undefined) state.violations = new Set(found.map(violationKey))
      return
    }
    const keys = await sql<{ table_name: string; id: number; from: string; to: string | null }>`
      SELECT m.name AS table_name, f.id, f."from", f."to"
      FROM main.sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f
      WHERE m.type = 'table' ORDER BY f.seq`.execute(trx)
    const violations = rows.map((row): ForeignKeyViolation => {
      const key = keys.rows.filter((k) => k.table_name === row.table && k.id === row.fkid)
      return {
        table: row.table,
        rowid: row.rowid,
        parent: row.parent,
        columns: key.map((k) => k.from),
        parentColumns: key.map((k) => k.to),
      }
    })
    throw new ForeignKeyCheckError(violations)
  },

  async afterEnd(db, run) {
    // Unknown (no beforeBegin in this run): put back what connectSqlite sets.
    const previous = saved.get(run) ?? { foreignKeys: 1, legacyAlterTable: 0 }
    await sql.raw(`PRAGMA legacy_alter_table = ${previous.legacyAlterTable ? 'ON' : 'OFF'}`).execute(db)
    await sql.raw(`PRAGMA foreign_keys = ${previous.foreignKeys ? 'ON' : 'OFF'}`).execute(db)
  },
}
