import { sql } from 'kysely'
import type { Dialect, Queryable } from '../dialects/dialect.js'
import { isMissingTable, sqlLiteral } from './table-sql.js'

/** One migration run, as the history table records it. */
export interface HistoryEntry {
  readonly seq: number
  readonly revision: string
  readonly direction: 'up' | 'down'
  /** `revisionChecksum` of the file that ran. */
  readonly checksum: string
  /** When it ran (the transaction's start), as ISO text. */
  readonly appliedAt: string
  /** How long it took; null when it was applied from `--sql` output. */
  readonly durationMs: number | null
}

export interface HistoryRecord {
  readonly revision: string
  readonly direction: 'up' | 'down'
  readonly checksum: string
  readonly durationMs: number | null
}

interface HistoryRow {
  readonly seq: number | string
  readonly revision: string
  readonly direction: string
  readonly checksum: string
  readonly applied_at: Date | string
  readonly duration_ms: number | string | null
}

/**
 * `<version table>_history`: one row per migration run, up or down, written in
 * the same transaction as the version-table change. The newest `up` row of an
 * applied revision holds the checksum of the file that ran, so `check` and
 * `upgrade` can tell when that file was edited or deleted afterwards.
 *
 * The statements are plain SQL that PostgreSQL and SQLite both accept (the
 * sequence number is `max + 1`, which the migration lock serializes), so
 * `--sql` prints what the online run executes.
 */
export class HistoryTable {
  constructor(
    private readonly dialect: Dialect,
    readonly name: string,
  ) {}

  private get quoted(): string {
    return this.dialect.quoteIdentifier(this.name)
  }

  createSql(): string {
    return (
      `CREATE TABLE IF NOT EXISTS ${this.quoted} (seq integer NOT NULL, revision varchar(32) NOT NULL, direction varchar(4) NOT NULL, ` +
      `checksum varchar(64) NOT NULL, applied_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL, duration_ms integer, ` +
      `CONSTRAINT ${this.dialect.quoteIdentifier(`${this.name}_pkc`)} PRIMARY KEY (seq))`
    )
  }

  insertSql(record: HistoryRecord): string {
    const duration = record.durationMs === null ? 'NULL' : String(Math.round(record.durationMs))
    const values = [sqlLiteral(record.revision), sqlLiteral(record.direction), sqlLiteral(record.checksum), duration]
    return `INSERT INTO ${this.quoted} (seq, revision, direction, checksum, duration_ms) SELECT COALESCE(MAX(seq), 0) + 1, ${values.join(', ')} FROM ${this.quoted}`
  }

  async ensure(db: Queryable): Promise<void> {
    await sql.raw(this.createSql()).execute(db)
  }

  async record(db: Queryable, record: HistoryRecord): Promise<void> {
    await sql.raw(this.insertSql(record)).execute(db)
  }

  /** Every run, oldest first; none when the table does not exist (a database migrated before it did). */
  async read(db: Queryable): Promise<HistoryEntry[]> {
    let rows: HistoryRow[]
    try {
      rows = (
        await sql.raw<HistoryRow>(`SELECT seq, revision, direction, checksum, applied_at, duration_ms FROM ${this.quoted} ORDER BY seq`).execute(db)
      ).rows
    } catch (error) {
      if (isMissingTable(error)) return []
      throw error
    }
    return rows.map((row) => ({
      seq: Number(row.seq),
      revision: row.revision,
      direction: row.direction === 'down' ? 'down' : 'up',
      checksum: row.checksum,
      appliedAt: isoTime(row.applied_at),
      durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    }))
  }
}

/** PostgreSQL returns a Date; SQLite's CURRENT_TIMESTAMP is UTC text `YYYY-MM-DD HH:MM:SS`. */
function isoTime(value: Date | string): string {
  if (value instanceof Date) return value.toISOString()
  const utc = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value
  const date = new Date(utc)
  return Number.isNaN(date.getTime()) ? value : date.toISOString()
}

/** The newest run of each revision: an `up` means it is applied with that file. */
export function latestRuns(entries: readonly HistoryEntry[]): Map<string, HistoryEntry> {
  const latest = new Map<string, HistoryEntry>()
  for (const entry of entries) latest.set(entry.revision, entry)
  return latest
}
