import type { Dialect } from '../dialects/dialect.js'
import type { SchemaIR, TableIR } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'

const byName = <T extends { readonly name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name))
const bySchemaAndName = <T extends { readonly schema?: string; readonly name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => tableKey(a).localeCompare(tableKey(b)))

/**
 * A schema as the DDL that creates it, compiled by the dialect from
 * `createEnum`/`createTable` ops: what a reader compares two schemas by.
 * Enums, tables and each table's indexes and constraints come sorted by name
 * so that two equal schemas always print the same text, whatever order an
 * introspector or the model listed them in.
 */
export async function renderSchemaDdl(dialect: Dialect, schema: SchemaIR): Promise<string> {
  const statements: string[] = []
  const noLiveTable = { currentTable: async () => undefined }
  for (const e of bySchemaAndName(schema.enums)) statements.push(...(await dialect.compile({ kind: 'createEnum', enum: e }, noLiveTable)))
  for (const table of bySchemaAndName(schema.tables)) {
    const sorted: TableIR = {
      ...table,
      indexes: byName(table.indexes),
      uniques: byName(table.uniques),
      checks: byName(table.checks),
      foreignKeys: byName(table.foreignKeys),
    }
    statements.push(...(await dialect.compile({ kind: 'createTable', table: sorted }, noLiveTable)))
  }
  return statements.map((s) => `${s};\n`).join('')
}

/**
 * Columns of `schema`'s tables in the order the same tables have in
 * `reference` (columns it lacks last): column order is not something tsmig
 * migrates, so it must not fill a diff of two schemas with moved lines.
 */
function alignColumns(schema: SchemaIR, reference: SchemaIR): SchemaIR {
  const referenceTables = new Map(reference.tables.map((t) => [tableKey(t), t]))
  return {
    ...schema,
    tables: schema.tables.map((table) => {
      const order = referenceTables.get(tableKey(table))?.columns.map((c) => c.name)
      if (order === undefined) return table
      const rank = (name: string): number => {
        const at = order.indexOf(name)
        return at < 0 ? order.length : at
      }
      return { ...table, columns: [...table.columns].sort((a, b) => rank(a.name) - rank(b.name)) }
    }),
  }
}

/**
 * A unified diff of two schemas' DDL (`before` → `after`), or null when their
 * DDL is the same text (a difference the dialect does not print, such as a
 * comment on SQLite).
 */
export async function schemaDdlPatch(
  dialect: Dialect,
  before: SchemaIR,
  after: SchemaIR,
  labels: { readonly before: string; readonly after: string },
): Promise<string | null> {
  const [left, right] = await Promise.all([renderSchemaDdl(dialect, alignColumns(before, after)), renderSchemaDdl(dialect, after)])
  if (left === right) return null
  // Imported here: an in-sync `check` never needs the diff package (20 modules at start-up).
  const { createTwoFilesPatch } = await import('diff')
  const patch = createTwoFilesPatch(labels.before, labels.after, left, right, undefined, undefined, { context: 3 })
  // The leading `====…` line is the diff package's file separator, not part of a unified diff.
  return patch.replace(/^=+\n/, '')
}
