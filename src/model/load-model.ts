import type { EnumIR, SchemaIR, TableIR } from '../schema/ir.js'
import { displayTableName, tableKey } from '../schema/names.js'
import { columnStateOf } from './column-builder.js'
import { buildTableIR } from './build-table.js'
import { enumIROf, isEnumType } from './enum-type.js'
import { ModelError } from './model-error.js'
import { isTable, tableDefinitionOf, type AnyTable } from './table.js'

/** Collects enums by schema-qualified name; the same enum reached twice is kept once. */
class EnumCollector {
  readonly enums: EnumIR[] = []
  private readonly byKey = new Map<string, EnumIR>()

  add(ir: EnumIR): void {
    const key = tableKey(ir)
    const known = this.byKey.get(key)
    if (known === undefined) {
      this.byKey.set(key, ir)
      this.enums.push(ir)
    } else if (known !== ir && known.values.join('\u0000') !== ir.values.join('\u0000')) {
      throw new ModelError(`enum ${displayTableName(ir)} is defined twice with different values`)
    }
  }
}

/**
 * The model: every table and enum exported by the given module namespaces
 * (recognized by their brands, not their shape). Enums used by a column are
 * included even when not exported. A table exported twice (re-exports,
 * `export default`) counts once; two different tables with the same name are
 * an error.
 */
export function modelFromModules(modules: readonly Record<string, unknown>[]): SchemaIR {
  const tables: TableIR[] = []
  const seenTables = new Map<string, AnyTable>()
  const enums = new EnumCollector()
  for (const module of modules) {
    for (const value of Object.values(module)) {
      if (isEnumType(value)) enums.add(enumIROf(value))
      if (!isTable(value)) continue
      const definition = tableDefinitionOf(value)
      const ref = { schema: definition.schema, name: definition.name }
      const known = seenTables.get(tableKey(ref))
      if (known === value) continue
      if (known !== undefined) throw new ModelError(`table ${displayTableName(ref)} is defined twice in the model`)
      seenTables.set(tableKey(ref), value)
      tables.push(buildTableIR(definition))
      for (const builder of Object.values(definition.columns)) {
        const used = columnStateOf(builder).enumDefinition
        if (used !== null) enums.add(used)
      }
    }
  }
  return { tables, enums: enums.enums }
}
