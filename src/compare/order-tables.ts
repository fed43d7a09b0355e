import type { ForeignKeyIR, TableIR } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'

export interface OrderedTables {
  /** Tables, parents before children, each without its deferred foreign keys. */
  readonly tables: readonly TableIR[]
  /** Foreign keys that close a cycle: added after every table of the set exists. */
  readonly deferred: readonly { readonly table: TableIR; readonly foreignKey: ForeignKeyIR }[]
}

function referencedKey(fk: ForeignKeyIR): string {
  return tableKey({ schema: fk.references.schema, name: fk.references.table })
}

/**
 * Order a set of tables so that every table comes after the tables its
 * foreign keys reference (within the set). A foreign key that would need a
 * table not yet placed — a cycle — is split off into `deferred`. Depth-first,
 * linear in tables plus foreign keys; ties keep the input order, so output is
 * deterministic.
 */
export function orderTablesByDependency(input: readonly TableIR[]): OrderedTables {
  const byKey = new Map(input.map((t) => [tableKey(t), t]))
  const state = new Map<string, 'visiting' | 'done'>()
  const placed: TableIR[] = []
  const deferred: { table: TableIR; foreignKey: ForeignKeyIR }[] = []

  const visit = (table: TableIR): void => {
    const key = tableKey(table)
    state.set(key, 'visiting')
    const kept: ForeignKeyIR[] = []
    for (const fk of table.foreignKeys) {
      const target = referencedKey(fk)
      const parent = byKey.get(target)
      if (target === key || !parent) {
        kept.push(fk) // self-reference or a table outside the set: no ordering needed
        continue
      }
      const parentState = state.get(target)
      if (parentState === 'visiting') deferred.push({ table, foreignKey: fk })
      else {
        if (parentState === undefined) visit(parent)
        kept.push(fk)
      }
    }
    state.set(key, 'done')
    placed.push(kept.length === table.foreignKeys.length ? table : { ...table, foreignKeys: kept })
  }

  for (const table of input) if (!state.has(tableKey(table))) visit(table)
  // Deferred keys point at the table version without them; re-point at the placed version.
  const placedByKey = new Map(placed.map((t) => [tableKey(t), t]))
  return {
    tables: placed,
    deferred: deferred.map((d) => ({ table: placedByKey.get(tableKey(d.table))!, foreignKey: d.foreignKey })),
  }
}
