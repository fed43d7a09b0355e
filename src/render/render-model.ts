import type { SchemaIR } from '../schema/ir.js'
import type { UnmanagedObject, UnnamedNames } from '../schema/unnamed-names.js'
import { tableKey } from '../schema/names.js'
import * as dsl from '../model/index.js'
import { modelUnnamedNames } from '../model/unnamed-names.js'
import { modelIdentifiers } from './model-identifiers.js'
import { referenceCycles } from './reference-cycles.js'
import { renderModelTable } from './render-model-table.js'
import { tsString, tsStringList } from './render-value.js'

export interface RenderModelOptions {
  /** Names the database gives unnamed objects, where they differ from the model's. */
  readonly unnamedNames?: Partial<UnnamedNames>
  /** What the database holds that the model leaves out, listed in the header comment. */
  readonly leftOut?: readonly UnmanagedObject[]
  /** The first line of the header comment (where the model came from). */
  readonly title?: string
}

/** Names a module's `import { … } from 'tsmig'` may bring in: no table or enum may take one. */
const dslNames: ReadonlySet<string> = new Set([...Object.keys(dsl), 'ColumnRef'])

/** `kind name (note)` lines, for the header comment and the command's output. */
export function describeUnmanaged(objects: readonly UnmanagedObject[]): string[] {
  return objects.map((o) => `${o.kind} ${o.name}${o.note === undefined ? '' : ` (${o.note})`}`)
}

/**
 * A schema as a tsmig model module: a header comment naming what was left
 * out, the imports it needs, then one `export const` per enum and table, in
 * the schema's order. Loading the module gives the schema back.
 */
export function renderModel(schema: SchemaIR, options: RenderModelOptions = {}): string {
  const names: UnnamedNames = { ...modelUnnamedNames, ...options.unnamedNames }
  const identifiers = modelIdentifiers(schema, dslNames)
  const used = new Set<string>()
  const use = (name: string): void => void used.add(name)
  const ctx = {
    names,
    identifiers,
    pulled: new Set(schema.tables.map(tableKey)),
    cycles: referenceCycles(schema.tables),
    use,
  }
  const blocks: string[] = []
  for (const e of schema.enums) {
    use('enumType')
    const schemaOption = e.schema === undefined ? '' : `, { schema: ${tsString(e.schema)} }`
    blocks.push(`export const ${identifiers.enum(e)} = enumType(${tsString(e.name)}, ${tsStringList(e.values)}${schemaOption})`)
  }
  for (const t of schema.tables) {
    use('table')
    blocks.push(renderModelTable(t, ctx))
  }
  const header = ['/**', ` * ${options.title ?? 'The model, written by `tsmig pull`.'}`]
  const leftOut = options.leftOut ?? []
  if (leftOut.length > 0) {
    header.push(' *', ' * Left out (tsmig does not manage these; they stay in the database and `tsmig check` ignores them):')
    for (const line of describeUnmanaged(leftOut)) header.push(` *   ${line.replace(/\*\//g, '* /')}`)
  }
  header.push(' */')
  const typeOnly = used.has('ColumnRef')
  used.delete('ColumnRef')
  const imports = [...used].sort()
  if (typeOnly) imports.push('type ColumnRef')
  return `${header.join('\n')}\nimport { ${imports.join(', ')} } from 'tsmig'\n\n${blocks.join('\n\n')}\n`
}
