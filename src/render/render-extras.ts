import type { ConstraintIR, IndexElement, IndexIR, TableIR } from '../schema/ir.js'
import { primaryKeyName, uniqueConstraintName } from '../model/pg-names.js'
import { tsOptions, tsSql, tsString, tsStringList } from './render-value.js'

type Use = (name: string) => void

function renderElement(element: IndexElement, use: Use): string {
  let base: string
  const ordered = element.desc || element.nulls !== null
  if ('column' in element) {
    if (!ordered) return tsString(element.column)
    use('columnRef')
    base = `columnRef(${tsString(element.column)})`
  } else {
    use('sql')
    if (!ordered) return tsSql(element.expression)
    use('indexExpression')
    base = `indexExpression(${tsSql(element.expression)})`
  }
  if (element.desc) base += '.desc()'
  if (element.nulls === 'first') base += '.nullsFirst()'
  if (element.nulls === 'last') base += '.nullsLast()'
  return base
}

export function renderIndexElements(index: IndexIR, use: Use): string {
  return `[${index.elements.map((e) => renderElement(e, use)).join(', ')}]`
}

/** `index('name').on(...)…` for a table's extras. */
export function renderIndexExtra(index: IndexIR, use: Use): string {
  const builder = index.unique ? 'uniqueIndex' : 'index'
  use(builder)
  let source = `${builder}(${tsString(index.name)}).on(${index.elements.map((e) => renderElement(e, use)).join(', ')})`
  if (index.where !== null) {
    use('sql')
    source += `.where(${tsSql(index.where)})`
  }
  if (index.using !== null) source += `.using(${tsString(index.using)})`
  if (index.include.length > 0) source += `.include(${index.include.map(tsString).join(', ')})`
  return source
}

/** A constraint as a table extra (`primaryKey(…)`, `unique(…)`, `check(…)`, `foreignKey({…})`). */
export function renderConstraintExtra(constraint: ConstraintIR, use: Use): string {
  switch (constraint.type) {
    case 'primaryKey':
      use('primaryKey')
      return `primaryKey({ name: ${tsString(constraint.name)} }, ${constraint.columns.map(tsString).join(', ')})`
    case 'unique':
      use('unique')
      return `unique(${tsString(constraint.name)}).on(${constraint.columns.map(tsString).join(', ')})`
    case 'check':
      use('check')
      use('sql')
      return `check(${tsString(constraint.name)}, ${tsSql(constraint.expression)})`
    case 'foreignKey': {
      use('foreignKey')
      const target = constraint.references.schema === undefined
        ? tsString(constraint.references.table)
        : `{ schema: ${tsString(constraint.references.schema)}, name: ${tsString(constraint.references.table)} }`
      return `foreignKey(${tsOptions([
        ['name', tsString(constraint.name)],
        ['columns', tsStringList(constraint.columns)],
        ['foreignTable', target],
        ['foreignColumns', tsStringList(constraint.references.columns)],
        ['onDelete', constraint.onDelete === 'no action' ? undefined : tsString(constraint.onDelete)],
        ['onUpdate', constraint.onUpdate === 'no action' ? undefined : tsString(constraint.onUpdate)],
        ['deferrable', constraint.deferrable === null ? undefined : tsString(constraint.deferrable)],
      ])})`
    }
  }
}

/**
 * A table's keys, checks, foreign keys and indexes for `createTable`. A
 * single-column primary key or unique constraint with PostgreSQL's own name
 * is written on its column (`inline`: `.primaryKey()`, `.unique()`), as a
 * person would; everything else becomes an extra.
 */
export function tableExtras(table: TableIR): { constraints: ConstraintIR[]; indexes: readonly IndexIR[]; inline: Map<string, string> } {
  const constraints: ConstraintIR[] = []
  const inline = new Map<string, string>()
  const append = (column: string, text: string): void => void inline.set(column, (inline.get(column) ?? '') + text)
  const pk = table.primaryKey
  if (pk) {
    const defaultName = primaryKeyName(table.name)
    const name = pk.name ?? defaultName
    if (pk.columns.length === 1 && name === defaultName) append(pk.columns[0], '.primaryKey()')
    else constraints.push({ type: 'primaryKey', name, columns: pk.columns })
  }
  for (const u of table.uniques) {
    if (u.columns.length === 1 && u.name === uniqueConstraintName(table.name, u.columns)) append(u.columns[0], '.unique()')
    else constraints.push({ type: 'unique', ...u })
  }
  for (const c of table.checks) constraints.push({ type: 'check', ...c })
  for (const f of table.foreignKeys) constraints.push({ type: 'foreignKey', ...f })
  return { constraints, indexes: table.indexes, inline }
}
