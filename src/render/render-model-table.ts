import type { ColumnIR, ForeignKeyIR, IndexElement, IndexIR, TableIR, TableRef } from '../schema/ir.js'
import type { UnnamedNames } from '../schema/unnamed-names.js'
import { tableKey } from '../schema/names.js'
import { renderColumn, renderColumnType } from './render-column.js'
import { commaSeparated, tsKey, tsOptions, tsSql, tsString, tsStringList } from './render-value.js'
import { tsStorageParameters } from './render-storage.js'
import type { ModelIdentifiers } from './model-identifiers.js'

type Use = (name: string) => void

export interface ModelTableContext {
  readonly names: UnnamedNames
  readonly identifiers: ModelIdentifiers
  /** Tables of the module, by `tableKey`: a reference to one of them is written as its column. */
  readonly pulled: ReadonlySet<string>
  /** Tables in a cycle of foreign keys, by `tableKey` → cycle number (see reference-cycles.ts). */
  readonly cycles: ReadonlyMap<string, number>
  readonly use: Use
}

const plainIdentifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** `t.email`, or `t['e-mail']` for a name that is no identifier. */
function member(object: string, name: string): string {
  return plainIdentifier.test(name) ? `${object}.${name}` : `${object}[${tsString(name)}]`
}

function actions(fk: ForeignKeyIR, name: string | undefined): string {
  return tsOptions([
    ['name', name === undefined ? undefined : tsString(name)],
    ['onDelete', fk.onDelete === 'no action' ? undefined : tsString(fk.onDelete)],
    ['onUpdate', fk.onUpdate === 'no action' ? undefined : tsString(fk.onUpdate)],
    ['deferrable', fk.deferrable === null ? undefined : tsString(fk.deferrable)],
  ])
}

function renderElement(element: IndexElement, use: Use): string {
  let base: string
  if ('column' in element) base = member('t', element.column)
  else {
    use('sql')
    base = tsSql(element.expression)
    if (!element.desc && element.nulls === null && element.opclass === undefined) return base
    use('indexExpression')
    base = `indexExpression(${base})`
  }
  if (element.opclass !== undefined) base += `.op(${tsString(element.opclass)})`
  if (element.desc) base += '.desc()'
  if (element.nulls === 'first') base += '.nullsFirst()'
  if (element.nulls === 'last') base += '.nullsLast()'
  return base
}

function isColumnIndex(index: IndexIR, table: TableIR, names: UnnamedNames): boolean {
  const first = index.elements[0]
  return (
    index.elements.length === 1 && 'column' in first && !first.desc && first.nulls === null && first.opclass === undefined &&
    !index.unique && index.where === null && index.using === null && index.include.length === 0 &&
    index.nullsNotDistinct !== true && index.with === undefined && index.name === names.columnIndex(table.name, first.column)
  )
}

function renderIndex(index: IndexIR, table: TableIR, ctx: ModelTableContext): string {
  const builder = index.unique ? 'uniqueIndex' : 'index'
  ctx.use(builder)
  const name = index.name === ctx.names.index(table.name, index.elements) ? '' : tsString(index.name)
  let source = `${builder}(${name}).on(${commaSeparated(index.elements, (e) => renderElement(e, ctx.use))})`
  if (index.where !== null) {
    ctx.use('sql')
    source += `.where(${tsSql(index.where)})`
  }
  if (index.using !== null) source += `.using(${tsString(index.using)})`
  if (index.include.length > 0) source += `.include(${commaSeparated(index.include, (c) => member('t', c))})`
  if (index.nullsNotDistinct === true) source += '.nullsNotDistinct()'
  if (index.with !== undefined) source += `.with(${tsStorageParameters(index.with)})`
  return source
}

/**
 * One table as the DSL a person writes: keys, single-column uniques and
 * foreign keys and plain column indexes on their columns, the rest as
 * extras; a name only where the database's differs from the one the model
 * would give the object unnamed.
 */
export function renderModelTable(table: TableIR, ctx: ModelTableContext): string {
  const { names, use } = ctx
  const inline = new Map<string, string>()
  const append = (column: string, text: string): void => void inline.set(column, (inline.get(column) ?? '') + text)
  const extras: string[] = []
  const col = (name: string) => member('t', name)
  const self = tableKey(table)
  const pkInline = table.primaryKey !== null && table.primaryKey.columns.length === 1 &&
    (table.primaryKey.name === null || table.primaryKey.name === names.primaryKey(table.name))
  if (table.primaryKey !== null) {
    const pk = table.primaryKey
    if (pkInline) append(pk.columns[0], '.primaryKey()')
    else {
      use('primaryKey')
      const named = pk.name === null || pk.name === names.primaryKey(table.name) ? '' : `{ name: ${tsString(pk.name)} }, `
      extras.push(`primaryKey(${named}${commaSeparated(pk.columns, col)})`)
    }
  }
  for (const u of table.uniques) {
    const unnamed = u.name === names.unique(table.name, u.columns)
    if (u.columns.length === 1 && u.with === undefined) {
      const options = tsOptions([['name', unnamed ? undefined : tsString(u.name)], ['nullsNotDistinct', u.nullsNotDistinct === true ? 'true' : undefined]])
      append(u.columns[0], `.unique(${options === '' ? '' : u.nullsNotDistinct === true ? options : tsString(u.name)})`)
      continue
    }
    use('unique')
    let source = `unique(${unnamed ? '' : tsString(u.name)}).on(${commaSeparated(u.columns, col)})`
    if (u.nullsNotDistinct === true) source += '.nullsNotDistinct()'
    if (u.with !== undefined) source += `.with(${tsStorageParameters(u.with)})`
    extras.push(source)
  }
  const columnNames = table.columns.map((c) => c.name)
  for (const c of table.checks) {
    use('check')
    use('sql')
    const unnamed = c.name === names.check(table.name, c.expression, columnNames)
    extras.push(unnamed ? `check(${tsSql(c.expression)})` : `check(${tsString(c.name)}, ${tsSql(c.expression)})`)
  }
  const referencing = new Set<string>()
  for (const fk of table.foreignKeys) {
    const target: TableRef = fk.references.schema === undefined ? { name: fk.references.table } : { schema: fk.references.schema, name: fk.references.table }
    const targetKey = tableKey(target)
    const known = ctx.pulled.has(targetKey)
    const inCycle = known && ctx.cycles.has(self) && ctx.cycles.get(self) === ctx.cycles.get(targetKey)
    const name = fk.name === names.foreignKey(table.name, fk.columns) ? undefined : fk.name
    const targetName = known ? ctx.identifiers.table(target) : ''
    if (known && fk.columns.length === 1 && !referencing.has(fk.columns[0])) {
      referencing.add(fk.columns[0])
      if (inCycle) use('ColumnRef')
      const options = actions(fk, name)
      append(fk.columns[0], `.references(${inCycle ? '(): ColumnRef' : '()'} => ${member(targetName, fk.references.columns[0])}${options === '' ? '' : `, ${options}`})`)
      continue
    }
    use('foreignKey')
    // Inside a cycle the target's columns are named, not referenced: TypeScript would need the type being inferred.
    const byName = !known || inCycle
    const foreignTable = !byName ? undefined : target.schema === undefined ? tsString(target.name) : `{ schema: ${tsString(target.schema)}, name: ${tsString(target.name)} }`
    extras.push(`foreignKey(${tsOptions([
      ['name', name === undefined ? undefined : tsString(name)],
      ['columns', `[${commaSeparated(fk.columns, col)}]`],
      ['foreignTable', foreignTable],
      ['foreignColumns', byName ? tsStringList(fk.references.columns) : `[${commaSeparated(fk.references.columns, (c) => member(targetName, c))}]`],
      ['onDelete', fk.onDelete === 'no action' ? undefined : tsString(fk.onDelete)],
      ['onUpdate', fk.onUpdate === 'no action' ? undefined : tsString(fk.onUpdate)],
      ['deferrable', fk.deferrable === null ? undefined : tsString(fk.deferrable)],
    ])})`)
  }
  for (const index of table.indexes) {
    const first = index.elements[0]
    if (isColumnIndex(index, table, names) && 'column' in first) append(first.column, '.index()')
    else extras.push(renderIndex(index, table, ctx))
  }

  const lines = [`export const ${ctx.identifiers.table(table)} = table(${tsString(table.name)}, {`]
  for (const column of table.columns) {
    const primary = pkInline && table.primaryKey!.columns[0] === column.name
    // `__proto__:` in an object literal sets the prototype; a computed key is a plain property.
    const key = column.name === '__proto__' ? `['__proto__']` : tsKey(column.name)
    lines.push(`  ${key}: ${renderModelColumn(column, primary, ctx)}${inline.get(column.name) ?? ''},`)
  }
  const options = tsOptions([
    ['schema', table.schema === undefined ? undefined : tsString(table.schema)],
    ['comment', table.comment === null ? undefined : tsString(table.comment)],
  ])
  if (extras.length === 0) lines.push(options === '' ? '})' : `}, undefined, ${options})`)
  else {
    lines.push('}, (t) => [')
    for (const extra of extras) lines.push(`  ${extra},`)
    lines.push(options === '' ? '])' : `], ${options})`)
  }
  return lines.join('\n')
}

/** A column's builder chain; an enum column calls the module's own enum (`mpaaRating()`). */
function renderModelColumn(column: ColumnIR, primary: boolean, ctx: ModelTableContext): string {
  // `.primaryKey()` says NOT NULL itself.
  const shown = primary && !column.nullable ? { ...column, nullable: true } : column
  if (column.type.kind !== 'enum') return renderColumn(shown, ctx.use)
  const type = column.type
  const skip = new Set<string>()
  const typeSource = renderColumnType(type, (n) => skip.add(n))
  const source = renderColumn(shown, (n) => (skip.has(n) ? undefined : ctx.use(n)))
  return `${ctx.identifiers.enum(type)}()${source.slice(typeSource.length)}`
}
