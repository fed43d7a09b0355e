/** `"it""s"`: SQLite's standard identifier quoting. */
export function quoteSqliteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** `'it''s'`: an SQL string literal. */
export function quoteSqliteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
