import type { SchemaIR, TableIR } from '../schema/ir.js'

/** What `include` is asked about: every object the comparator would otherwise compare. */
export interface IncludeObject {
  readonly type: 'table' | 'column' | 'index' | 'constraint' | 'enum'
  readonly name: string
  readonly table?: string
  readonly schema?: string
}

/** Keep only what the config's `include` accepts, on either side of a comparison. */
export function filterSchema(schema: SchemaIR, include: ((object: IncludeObject) => boolean) | undefined): SchemaIR {
  if (!include) return schema
  const tables: TableIR[] = []
  for (const t of schema.tables) {
    if (!include({ type: 'table', name: t.name, schema: t.schema })) continue
    const keep = (type: IncludeObject['type'], name: string): boolean => include({ type, name, table: t.name, schema: t.schema })
    tables.push({
      ...t,
      columns: t.columns.filter((c) => keep('column', c.name)),
      indexes: t.indexes.filter((i) => keep('index', i.name)),
      uniques: t.uniques.filter((u) => keep('constraint', u.name)),
      checks: t.checks.filter((c) => keep('constraint', c.name)),
      foreignKeys: t.foreignKeys.filter((f) => keep('constraint', f.name)),
      primaryKey: t.primaryKey && keep('constraint', t.primaryKey.name ?? `${t.name}_pkey`) ? t.primaryKey : null,
    })
  }
  return { tables, enums: schema.enums.filter((e) => include({ type: 'enum', name: e.name, schema: e.schema })) }
}
