/**
 * The names objects declared without one get, per kind. The model gives
 * PostgreSQL's (src/model/pg-names.ts); a dialect whose database names an
 * unnamed object otherwise says so (`Dialect.unnamedNames`), so that
 * `tsmig pull` writes a name only where the database's differs from it.
 */
export interface UnnamedNames {
  primaryKey(table: string): string
  unique(table: string, columns: readonly string[]): string
  foreignKey(table: string, columns: readonly string[]): string
  /** `columns`: the table's columns, to find those the expression uses. */
  check(table: string, expression: string, columns: readonly string[]): string
  /** `index().on(…)`, from each element's name (a column's, or what an expression contributes). */
  index(table: string, elements: readonly ({ readonly column: string } | { readonly expression: string })[]): string
  /** A column's `.index()`. */
  columnIndex(table: string, column: string): string
}

/** An object the database holds that tsmig does not manage: listed by `tsmig pull`, never compared. */
export interface UnmanagedObject {
  /** `view`, `materialized view`, `function`, `trigger`, `domain`, `sequence`, `partition`, `extension`, `policy`, … */
  readonly kind: string
  /** Schema-qualified where it is not in the default schema. */
  readonly name: string
  /** What else to know: the table a trigger is on, what a pulled table lost (`partitioned by …`). */
  readonly note?: string
}
