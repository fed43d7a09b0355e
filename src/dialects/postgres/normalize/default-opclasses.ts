import { sql } from 'kysely'
import type { IndexElement, IndexIR, SchemaIR, TableIR } from '../../../schema/ir.js'
import type { Queryable } from '../../dialect.js'
import { normalizeOpclass } from './normalize-index-options.js'
import { renderPostgresType } from '../compile/type-sql.js'

/**
 * Operator classes a model names that are the default for the column anyway
 * (`t.title.op('text_ops')` on a text column): the introspector reports only
 * non-default classes, as `pg_get_indexdef` does, so these are dropped from the
 * model by the same rule, decided by the server in one query. Expression
 * elements keep theirs (their type is not known without the server building
 * the index). Without any opclass in the model, no query is made.
 */
export async function dropDefaultOpclasses(model: SchemaIR, db: Queryable): Promise<SchemaIR> {
  const probes: { opclass: string; method: string; type: string }[] = []
  const keyOf = (p: { opclass: string; method: string; type: string }) => `${p.opclass}\u0000${p.method}\u0000${p.type}`
  for (const table of model.tables) {
    forEachColumnOpclass(table, (opclass, method, type) => probes.push({ opclass, method, type }))
  }
  if (probes.length === 0) return model
  const { rows } = await sql<{ opclass: string; method: string; type: string }>`
    select p.opclass, p.method, p.type
    from unnest(${probes.map((p) => p.opclass)}::text[], ${probes.map((p) => p.method)}::text[], ${probes.map((p) => p.type)}::text[])
      as p(opclass, method, type)
    join pg_catalog.pg_am am on am.amname = p.method
    join pg_catalog.pg_opclass opc on opc.opcmethod = am.oid and opc.opcdefault
    join pg_catalog.pg_namespace n on n.oid = opc.opcnamespace
    where (case when strpos(p.opclass, '.') > 0 then n.nspname || '.' || opc.opcname else opc.opcname end) = p.opclass
      and (strpos(p.opclass, '.') > 0 or pg_catalog.pg_opclass_is_visible(opc.oid))
      and not exists (
        select 1 from pg_catalog.pg_opclass d
        where d.opcmethod = opc.opcmethod and d.opcdefault and d.oid <> opc.oid and d.opcintype = pg_catalog.to_regtype(p.type)
      )`.execute(db)
  if (rows.length === 0) return model
  const defaults = new Set(rows.map(keyOf))
  return {
    ...model,
    tables: model.tables.map((table) => {
      let changed = false
      const indexes = table.indexes.map((index) => {
        const elements = index.elements.map((element) => {
          const type = columnElementType(table, element)
          if (element.opclass === undefined || type === undefined) return element
          if (!defaults.has(keyOf({ opclass: normalizeOpclass(element.opclass), method: methodOf(index), type }))) return element
          changed = true
          const { opclass: _default, ...plain } = element
          return plain
        })
        return { ...index, elements }
      })
      return changed ? { ...table, indexes } : table
    }),
  }
}

function methodOf(index: IndexIR): string {
  return index.using?.toLowerCase() ?? 'btree'
}

/** The PostgreSQL type of a column element, or undefined for an expression or an unknown column. */
function columnElementType(table: TableIR, element: IndexElement): string | undefined {
  if (!('column' in element)) return undefined
  const column = table.columns.find((c) => c.name === element.column)
  return column === undefined ? undefined : renderPostgresType(column.type)
}

function forEachColumnOpclass(table: TableIR, visit: (opclass: string, method: string, type: string) => void): void {
  for (const index of table.indexes) {
    for (const element of index.elements) {
      const type = columnElementType(table, element)
      if (element.opclass !== undefined && type !== undefined) visit(normalizeOpclass(element.opclass), methodOf(index), type)
    }
  }
}
