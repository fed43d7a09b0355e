import type { EnumIR, SchemaIR, TableIR } from '../schema/ir.js'
import { displayTableName, tableKey } from '../schema/names.js'
import { columnStateOf, type AnyColumnBuilder } from './column-builder.js'
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

/** The enums the columns use, so that the model has them even when they are not exported. */
function addColumnEnums(enums: EnumCollector, columns: Readonly<Record<string, AnyColumnBuilder>>): void {
  const builders = Object.values(columns)
  for (let i = 0; i < builders.length; i++) {
    const used = columnStateOf(builders[i]).enumDefinition
    if (used !== null) enums.add(used)
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
  for (let m = 0; m < modules.length; m++) {
    const values = Object.values(modules[m])
    for (let v = 0; v < values.length; v++) {
      const value = values[v]
      if (isEnumType(value)) enums.add(enumIROf(value))
      if (!isTable(value)) continue
      const definition = tableDefinitionOf(value)
      const key = tableKey({ schema: definition.schema, name: definition.name })
      const known = seenTables.get(key)
      if (known === value) continue
      if (known !== undefined) throw new ModelError(`table ${displayTableName(definition)} is defined twice in the model`)
      seenTables.set(key, value)
      tables.push(buildTableIR(definition))
      addColumnEnums(enums, definition.columns)
    }
  }
  return { tables, enums: enums.enums }
}
