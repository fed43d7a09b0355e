import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'

/**
 * A SQLite database's tables as SQLite itself reads them (the pragmas), as
 * sorted lines: unlike `sqliteCatalogSnapshot`, independent of how the DDL was
 * spelled (`[Album]` or `"Album"`), so a database built by tsmig compares
 * equal to one built from a hand-written script. Indexes SQLite makes for
 * keys are named by their columns, as their names are SQLite's own counters.
 */
export function sqlitePragmaSnapshot(file: string, exclude: readonly string[] = ['tsmig_version', 'tsmig_version_history']): string[] {
  if (!existsSync(file)) return []
  const db = new Database(file, { readonly: true })
  try {
    const tables = db
      .prepare(`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL %'`)
      .all() as { name: string; sql: string }[]
    const lines: string[] = []
    for (const { name, sql } of tables) {
      if (exclude.includes(name)) continue
      lines.push(`table ${name}${/\bAUTOINCREMENT\b/i.test(sql) ? ' autoincrement' : ''}${/\)\s*WITHOUT\s+ROWID\s*$/i.test(sql) ? ' without rowid' : ''}`)
      const columns = db.prepare(`select * from pragma_table_xinfo(?)`).all(name) as Record<string, unknown>[]
      const lonePrimaryKey = columns.filter((c) => Number(c.pk) > 0).length === 1
      for (const c of columns) {
        const declared = String(c.type).toLowerCase()
        const type = declared === 'integer' && c.pk && lonePrimaryKey ? declared : affinity(declared)
        const noDefault = c.dflt_value === null || String(c.dflt_value).toUpperCase() === 'NULL'
        lines.push(`column ${name}.${c.name} ${type}${c.notnull ? ' not null' : ''}${noDefault ? '' : ` default ${c.dflt_value}`}${c.pk ? ` pk${c.pk}` : ''}${c.hidden ? ` hidden${c.hidden}` : ''} #${c.cid}`)
      }
      for (const i of db.prepare(`select * from pragma_index_list(?)`).all(name) as { name: string; unique: number; origin: string; partial: number }[]) {
        const columns = (db.prepare(`select * from pragma_index_xinfo(?) where key = 1`).all(i.name) as { name: string | null; desc: number; coll: string }[])
          .map((x) => `${x.name ?? '<expr>'}${x.desc ? ' desc' : ''}${x.coll === 'BINARY' ? '' : ` collate ${x.coll}`}`)
        const label = i.origin === 'c' ? `index ${i.name}` : `${i.origin === 'pk' ? 'primary key' : 'unique'} (auto)`
        lines.push(`${label} on ${name} (${columns.join(', ')})${i.unique ? ' unique' : ''}${i.partial ? ' partial' : ''}`)
      }
      for (const f of db.prepare(`select * from pragma_foreign_key_list(?)`).all(name) as Record<string, unknown>[]) {
        lines.push(`foreign key ${name} #${f.seq} (${f.from}) → ${f.table}(${f.to}) on update ${f.on_update} on delete ${f.on_delete}`)
      }
    }
    return lines.sort()
  } finally {
    db.close()
  }
}

/** SQLite's rules for a declared type's affinity (datatype3.html, 3.1), with the declared size kept. */
function affinity(declared: string): string {
  const size = /\(.*\)$/.exec(declared)?.[0] ?? ''
  if (declared.includes('int')) return `INTEGER${size}`
  if (/char|clob|text/.test(declared)) return `TEXT${size}`
  if (declared === '' || declared.includes('blob')) return `BLOB${size}`
  if (/real|floa|doub/.test(declared)) return `REAL${size}`
  return `NUMERIC${size}`
}
