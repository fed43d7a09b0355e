import type { ConstraintIR, IndexElement, IndexIR, TableIR, UniqueIR } from '../schema/ir.js'
import { isDeepStrictEqual } from 'node:util'
import { checkConstraintName } from '../model/check-name.js'
import { columnIndexIR } from '../model/column-index.js'
import { primaryKeyName, uniqueConstraintName } from '../model/pg-names.js'
import { commaSeparated, tsOptions, tsSql, tsString, tsStringList, tsStrings } from './render-value.js'
import { tsStorageParameters } from './render-storage.js'

type Use = (name: string) => void

function renderElement(element: IndexElement, use: Use): string {
  let base: string
  const ordered = element.desc || element.nulls !== null || element.opclass !== undefined
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
  if (element.opclass !== undefined) base += `.op(${tsString(element.opclass)})`
  if (element.desc) base += '.desc()'
  if (element.nulls === 'first') base += '.nullsFirst()'
  if (element.nulls === 'last') base += '.nullsLast()'
  return base
}

function renderElements(index: IndexIR, use: Use): string {
  return commaSeparated(index.elements, (e) => renderElement(e, use))
}

export function renderIndexElements(index: IndexIR, use: Use): string {
  return `[${renderElements(index, use)}]`
}

/** `index('name').on(...)…` for a table's extras. */
export function renderIndexExtra(index: IndexIR, use: Use): string {
  const builder = index.unique ? 'uniqueIndex' : 'index'
  use(builder)
  let source = `${builder}(${tsString(index.name)}).on(${renderElements(index, use)})`
  if (index.where !== null) {
    use('sql')
    source += `.where(${tsSql(index.where)})`
  }
  if (index.using !== null) source += `.using(${tsString(index.using)})`
  if (index.include.length > 0) source += `.include(${tsStrings(index.include)})`
  return source + renderUniqueness(index)
}

/** `.nullsNotDistinct()` and `.with({ … })` of an index or unique constraint. */
function renderUniqueness(object: IndexIR | UniqueIR): string {
  let source = object.nullsNotDistinct === true ? '.nullsNotDistinct()' : ''
  if (object.with !== undefined) source += `.with(${tsStorageParameters(object.with)})`
  return source
}

/** A constraint as a table extra (`primaryKey(…)`, `unique(…)`, `check(…)`, `foreignKey({…})`). */
export function renderConstraintExtra(constraint: ConstraintIR, use: Use, unnamed?: ReadonlySet<string>): string {
  switch (constraint.type) {
    case 'primaryKey':
      use('primaryKey')
      return `primaryKey({ name: ${tsString(constraint.name)} }, ${tsStrings(constraint.columns)})`
    case 'unique':
      use('unique')
      return `unique(${tsString(constraint.name)}).on(${tsStrings(constraint.columns)})${renderUniqueness(constraint)}`
    case 'check':
      use('check')
      use('sql')
      return unnamed?.has(constraint.name)
        ? `check(${tsSql(constraint.expression)})`
        : `check(${tsString(constraint.name)}, ${tsSql(constraint.expression)})`
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
export function tableExtras(table: TableIR): {
  constraints: ConstraintIR[]
  indexes: readonly IndexIR[]
  inline: Map<string, string>
  /** Checks that carry the name PostgreSQL would give them: written as `check(sql\`…\`)`. */
  unnamedChecks: ReadonlySet<string> | undefined
} {
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
  // Indexed loops: this runs for every table of a revision, mostly in a cold process.
  for (let i = 0; i < table.uniques.length; i++) {
    const u = table.uniques[i]
    if (u.with === undefined && u.columns.length === 1 && u.name === uniqueConstraintName(table.name, u.columns)) {
      append(u.columns[0], u.nullsNotDistinct === true ? '.unique({ nullsNotDistinct: true })' : '.unique()')
    }
    else constraints.push({ type: 'unique', ...u })
  }
  let unnamedChecks: Set<string> | undefined
  const columnNames = table.checks.length === 0 ? [] : table.columns.map((c) => c.name)
  for (let i = 0; i < table.checks.length; i++) {
    const c = table.checks[i]
    if (c.name === checkConstraintName(table.name, c.expression, columnNames, new Set())) (unnamedChecks ??= new Set()).add(c.name)
    constraints.push({ type: 'check', ...c })
  }
  for (let i = 0; i < table.foreignKeys.length; i++) constraints.push({ type: 'foreignKey', ...table.foreignKeys[i] })
  return { constraints, indexes: columnIndexes(table, append), inline, unnamedChecks }
}

/** The indexes left for the extras: one a column's `.index()` would declare is written on the column. */
function columnIndexes(table: TableIR, append: (column: string, text: string) => void): readonly IndexIR[] {
  let indexes: IndexIR[] | undefined
  for (let i = 0; i < table.indexes.length; i++) {
    const index = table.indexes[i]
    const first = index.elements[0]
    if (index.elements.length === 1 && 'column' in first && isDeepStrictEqual(index, columnIndexIR(table.name, first.column))) {
      append(first.column, '.index()')
      indexes ??= table.indexes.slice(0, i)
    } else indexes?.push(index)
  }
  return indexes ?? table.indexes
}
