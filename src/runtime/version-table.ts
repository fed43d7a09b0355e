import { sql } from 'kysely'
import type { Dialect, Queryable } from '../dialects/dialect.js'
import { TsmigError } from '../errors.js'
import { HistoryTable } from './history-table.js'
import { isMissingTable, sqlLiteral, tableExists } from './table-sql.js'

export class VersionTableError extends TsmigError {}

/**
 * The version table holds one row per current head (Alembic's semantics).
 * Statements are plain SQL text so that the offline `--sql` mode prints
 * exactly what the online mode runs. Its companion `<name>_history` records
 * every run with the checksum of the file that ran (tamper detection).
 */
export class VersionTable {
  readonly history: HistoryTable

  constructor(
    private readonly dialect: Dialect,
    readonly name: string,
  ) {
    this.history = new HistoryTable(dialect, `${name}_history`)
  }

  private get quoted(): string {
    return this.dialect.quoteIdentifier(this.name)
  }

  createSql(): string {
    return `CREATE TABLE IF NOT EXISTS ${this.quoted} (version_num varchar(32) NOT NULL, CONSTRAINT ${this.dialect.quoteIdentifier(`${this.name}_pkc`)} PRIMARY KEY (version_num))`
  }

  /** Both tables' creation, as `--sql` prints it from base. */
  createStatements(): string[] {
    return [this.createSql(), this.history.createSql()]
  }

  insertSql(id: string): string {
    return `INSERT INTO ${this.quoted} (version_num) VALUES (${sqlLiteral(id)})`
  }

  deleteSql(id: string): string {
    return `DELETE FROM ${this.quoted} WHERE version_num = ${sqlLiteral(id)}`
  }

  /** Current heads; none when the table does not exist yet. */
  async readHeads(db: Queryable): Promise<string[]> {
    try {
      const result = await sql.raw<{ version_num: string }>(`SELECT version_num FROM ${this.quoted} ORDER BY version_num`).execute(db)
      return result.rows.map((r) => r.version_num)
    } catch (error) {
      if (isMissingTable(error)) return []
      throw error
    }
  }

  /**
   * Create the version table and its history table when missing. Looked for
   * first: PostgreSQL wants the CREATE privilege on the schema even for a
   * `CREATE TABLE IF NOT EXISTS` of a table that exists, and a role that runs
   * migrations without it gets its own statement's error, with the grant it
   * needs, rather than one about tsmig's tables. Not inside a transaction.
   */
  async ensure(db: Queryable): Promise<void> {
    const tables = [this.name, this.history.name]
    const statements = this.createStatements()
    for (let i = 0; i < tables.length; i++) {
      if (!(await tableExists(db, this.dialect.quoteIdentifier(tables[i])))) await sql.raw(statements[i]).execute(db)
    }
  }

  /** Run one row change and insist it touched exactly one row: the table is the source of truth. */
  async change(db: Queryable, statement: string): Promise<void> {
    const result = await sql.raw(statement).execute(db)
    const touched = Number(result.numAffectedRows ?? 0n)
    if (touched !== 1) {
      throw new VersionTableError(`version table ${this.name} out of step: \`${statement}\` touched ${touched} rows, expected 1`)
    }
  }
}
