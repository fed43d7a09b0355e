import type {
  CheckIR,
  ColumnIR,
  ForeignKeyIR,
  IndexElement,
  IndexIR,
  PrimaryKeyIR,
  TableIR,
  TableRef,
  UniqueIR,
} from '../schema/ir.js'
import { displayTableName, sameTable } from '../schema/names.js'
import { assertNever } from '../util/assert-never.js'
import { columnStateOf, type ColumnState } from './column-builder.js'
import { isColumnRef, isIndexElementBuilder } from './column-ref.js'
import { extraSpecOf, isTableExtra, type ColumnInput, type ExtraSpec, type ForeignKeySpec, type IndexElementInput, type IndexSpec } from './extras.js'
import { nameUnnamedChecks } from './check-name.js'
import { columnIndexIR } from './column-index.js'
import { uniquenessOptionsOf as uniquenessOptions } from './storage-parameters.js'
import { ModelError } from './model-error.js'
import { foreignKeyName, indexExpressionName, indexName, primaryKeyName, uniqueConstraintName } from './pg-names.js'
import { isSqlFragment } from './sql.js'
import { isTable, tableDefinitionOf, type AnyTable, type TableDefinition } from './table.js'

import { checkModifiers, columnForeignKey, columnOfState, columnUnique, referencesIR, tableRef } from './build-column.js'

const noExtras: readonly ExtraSpec[] = []

/** The specs of the table's extras, each checked before any is added (so errors come in that order). */
function extraSpecs(builder: TableIRBuilder): readonly ExtraSpec[] {
  const { definition } = builder
  if (definition.extras === undefined) return noExtras
  const result: unknown = definition.extras(definition.refs)
  if (typeof result !== 'object' || result === null) {
    throw new ModelError(`${builder.label}: the extras function must return a list of indexes and constraints`)
  }
  const list: unknown[] = Array.isArray(result) ? result : Object.values(result)
  return list.map((extra) => {
    if (!isTableExtra(extra)) throw new ModelError(`${builder.label}: the extras function returned something that is not an index or constraint`)
    return extraSpecOf(extra)
  })
}

/** The name an index element contributes to a default index name. */
function elementName(element: IndexElement): string {
  return 'column' in element ? element.column : indexExpressionName(element.expression)
}

/** Appends the `name` of each item. */
function pushNames(names: string[], items: readonly { readonly name: string }[]): void {
  for (let i = 0; i < items.length; i++) names.push(items[i].name)
}

/** Builds the IR of one table; for the helpers that need the table's columns and name. */
class TableIRBuilder {
  readonly columnNames: readonly string[]
  primaryKey: PrimaryKeyIR | null = null
  readonly indexes: IndexIR[] = []
  readonly uniques: UniqueIR[] = []
  readonly checks: CheckIR[] = []
  readonly foreignKeys: ForeignKeyIR[] = []
  /** Positions in `checks` of unnamed checks, in order; undefined when there are none (nearly always). */
  unnamedChecks: number[] | undefined

  constructor(readonly ref: TableRef, readonly definition: TableDefinition) {
    this.columnNames = Object.keys(definition.columns)
  }

  /** How errors name the table; built on demand, as only errors need it. */
  get label(): string {
    return `table ${displayTableName(this.ref)}`
  }

  column(input: ColumnInput, what: string): string {
    let name: string
    if (typeof input === 'string') name = input
    else if (isColumnRef(input)) {
      if (input.table !== undefined && !sameTable(input.table, this.ref)) {
        throw new ModelError(`${this.label}: ${what} uses column ${input.name} of table ${displayTableName(input.table)}`)
      }
      name = input.name
    } else throw new ModelError(`${this.label}: ${what} takes columns (t.name) or column names`)
    if (!this.columnNames.includes(name)) throw new ModelError(`${this.label}: ${what} names unknown column ${name}`)
    return name
  }

  columns(inputs: readonly ColumnInput[], what: string): string[] {
    if (inputs.length === 0) throw new ModelError(`${this.label}: ${what} has no columns`)
    return this.columnList(inputs, what)
  }

  /** The names of `inputs`, which may be empty (index `include`). */
  columnList(inputs: readonly ColumnInput[], what: string): string[] {
    const names: string[] = []
    for (let i = 0; i < inputs.length; i++) names.push(this.column(inputs[i], what))
    return names
  }

  indexElement(input: IndexElementInput, what: string): IndexElement {
    if (isSqlFragment(input)) return { expression: input.sql, desc: false, nulls: null }
    if (isIndexElementBuilder(input)) {
      const { source, desc, nulls, opclass } = input.spec
      const element: IndexElement = isSqlFragment(source)
        ? { expression: source.sql, desc, nulls }
        : { column: this.column(source, what), desc, nulls }
      return opclass === undefined ? element : { ...element, opclass }
    }
    return { column: this.column(input, what), desc: false, nulls: null }
  }

  addIndex(spec: IndexSpec): void {
    const what = spec.name === undefined ? 'an index' : `index ${spec.name}`
    if (spec.elements.length === 0) throw new ModelError(`${this.label}: ${what} has no columns; add .on(...)`)
    const elements: IndexElement[] = []
    for (let i = 0; i < spec.elements.length; i++) elements.push(this.indexElement(spec.elements[i], what))
    const include = this.columnList(spec.include, what)
    if (spec.nullsNotDistinct === true && !spec.unique) {
      throw new ModelError(`${this.label}: ${what} is not unique; nullsNotDistinct() needs uniqueIndex()`)
    }
    this.indexes.push({
      name: spec.name ?? this.defaultIndexName(elements),
      unique: spec.unique,
      elements,
      where: spec.where?.sql ?? null,
      using: spec.using,
      include,
      ...uniquenessOptions(spec, `${this.label}: ${what}`),
    })
  }

  /** PostgreSQL's name for an unnamed index; only computed when no name is given. */
  defaultIndexName(elements: readonly IndexElement[]): string {
    const names: string[] = []
    for (let i = 0; i < elements.length; i++) names.push(elementName(elements[i]))
    return indexName(this.ref.name, names)
  }

  addForeignKey({ options }: ForeignKeySpec): void {
    const what = options.name === undefined ? 'a foreign key' : `foreign key ${options.name}`
    const columns = this.columns(options.columns, what)
    const given = options.foreignTable
    let target: TableRef | undefined = typeof given === 'string' ? { name: given } : given
    const foreignColumns = options.foreignColumns.map((input) => {
      if (typeof input === 'string') return input
      if (!isColumnRef(input)) throw new ModelError(`${this.label}: ${what} takes foreignColumns like [users.id]`)
      if (input.table !== undefined) {
        if (target !== undefined && !sameTable(target, input.table)) {
          throw new ModelError(`${this.label}: ${what} references columns of several tables`)
        }
        target = input.table
      }
      return input.name
    })
    if (target === undefined) throw new ModelError(`${this.label}: ${what} needs foreignTable when foreignColumns are names`)
    if (foreignColumns.length !== columns.length) {
      const targetName = displayTableName(target)
      throw new ModelError(
        `${this.label}, ${columns.length === 1 ? 'column' : 'columns'} ${columns.join(', ')}: ${what} has ${columns.length} column(s) but references ${foreignColumns.length} (${foreignColumns.map((c) => `${targetName}.${c}`).join(', ')})`,
      )
    }
    this.foreignKeys.push({
      name: options.name ?? foreignKeyName(this.ref.name, columns),
      columns,
      references: referencesIR(target, foreignColumns),
      onDelete: options.onDelete ?? 'no action',
      onUpdate: options.onUpdate ?? 'no action',
      deferrable: options.deferrable ?? null,
    })
  }

  setPrimaryKey(primaryKey: PrimaryKeyIR): void {
    if (this.primaryKey !== null) {
      const both = [...this.primaryKey.columns, ...primaryKey.columns].join(', ')
      throw new ModelError(`${this.label}: more than one primary key (${both}); declare a composite key with primaryKey(...) in the extras`)
    }
    this.primaryKey = primaryKey
  }

  addExtra(spec: ExtraSpec): void {
    switch (spec.kind) {
      case 'index':
        return this.addIndex(spec)
      case 'unique': {
        const what = spec.name === undefined ? 'a unique constraint' : `unique constraint ${spec.name}`
        const columns = this.columns(spec.columns, what)
        this.uniques.push({ name: spec.name ?? uniqueConstraintName(this.ref.name, columns), columns, ...uniquenessOptions(spec, `${this.label}: ${what}`) })
        return
      }
      case 'check':
        // An unnamed check is named once every explicit name is known (nameUnnamedChecks).
        if (spec.name === undefined) (this.unnamedChecks ??= []).push(this.checks.length)
        this.checks.push({ name: spec.name ?? '', expression: spec.expression.sql })
        return
      case 'foreignKey':
        return this.addForeignKey(spec)
      case 'primaryKey': {
        const columns = this.columns(spec.columns, 'the primary key')
        return this.setPrimaryKey({ name: spec.name ?? primaryKeyName(this.ref.name), columns })
      }
      default:
        return assertNever(spec)
    }
  }

  /** PostgreSQL keeps index and constraint names unique per schema and per table: catch clashes early. */
  checkNames(): void {
    // One list: the primary key and unique names (in both groups), then the indexes; then,
    // cut back to the shared part, the checks and foreign keys.
    const names: string[] = []
    if (this.primaryKey !== null) names.push(this.primaryKey.name ?? '')
    pushNames(names, this.uniques)
    const shared = names.length
    pushNames(names, this.indexes)
    this.throwIfRepeated(names)
    names.length = shared
    pushNames(names, this.checks)
    pushNames(names, this.foreignKeys)
    this.throwIfRepeated(names)
  }

  throwIfRepeated(names: readonly string[]): void {
    const duplicate = firstRepeated(names)
    if (duplicate !== undefined) throw new ModelError(`${this.label}: the name ${duplicate} is used twice`)
  }
}

/** The first name equal to an earlier one, or undefined. */
function firstRepeated(names: readonly string[]): string | undefined {
  // Most tables have a handful of names: a scan beats building a Set.
  for (let i = 1; i < names.length; i++) {
    if (names.lastIndexOf(names[i], i - 1) !== -1) return names[i]
  }
  return undefined
}

/** A primary key makes its columns NOT NULL in the database, so the model says so too. */
function notNullKey(columns: ColumnIR[], columnNames: readonly string[], keyColumns: readonly string[]): void {
  for (let k = 0; k < keyColumns.length; k++) {
    const i = columnNames.indexOf(keyColumns[k])
    // Usually already so (`.primaryKey()` implies `.notNull()`): no copy then.
    if (i !== -1 && columns[i].nullable) columns[i] = { ...columns[i], nullable: false }
  }
}

/**
 * The IR of a table, from a table object or its definition (the op facade
 * builds one from `op.createTable(name, columns, extras?, options?)`).
 * References are resolved and extras evaluated here, not when `table()` runs.
 */
export function buildTableIR(source: AnyTable | TableDefinition): TableIR {
  const definition = isTable(source) ? tableDefinitionOf(source) : source
  const ref = tableRef(definition.name, definition.schema)
  const builder = new TableIRBuilder(ref, definition)
  const { columnNames } = builder
  // Every column's modifiers are checked before any constraint is looked at, so that errors come in that order.
  const states: ColumnState[] = []
  const columns: ColumnIR[] = []
  for (let i = 0; i < columnNames.length; i++) {
    const name = columnNames[i]
    const state = columnStateOf(definition.columns[name])
    checkModifiers(state, ref, name)
    states.push(state)
    columns.push(columnOfState(name, state, !state.notNull))
  }
  for (let i = 0; i < columnNames.length; i++) {
    const name = columnNames[i]
    const state = states[i]
    if (state.primaryKey) builder.setPrimaryKey({ name: primaryKeyName(ref.name), columns: [name] })
    const uniqueIR = columnUnique(ref, name, state)
    if (uniqueIR !== null) builder.uniques.push(uniqueIR)
    const foreignKeyIR = columnForeignKey(ref, name, state)
    if (foreignKeyIR !== null) builder.foreignKeys.push(foreignKeyIR)
    if (state.index !== undefined) builder.indexes.push(columnIndexIR(ref.name, name, state.index.name))
  }
  const specs = extraSpecs(builder)
  for (let i = 0; i < specs.length; i++) builder.addExtra(specs[i])
  const { unnamedChecks, primaryKey, uniques, foreignKeys } = builder
  if (unnamedChecks) nameUnnamedChecks(ref.name, columnNames, builder.checks, unnamedChecks, [primaryKey, ...uniques, ...foreignKeys])
  builder.checkNames()
  if (builder.primaryKey !== null) notNullKey(columns, columnNames, builder.primaryKey.columns)
  const table: TableIR = {
    name: ref.name,
    columns,
    primaryKey: builder.primaryKey,
    indexes: builder.indexes,
    uniques: builder.uniques,
    checks: builder.checks,
    foreignKeys: builder.foreignKeys,
    comment: definition.comment,
  }
  // A literal, not `{ ...ref, … }` (slow to build); the same keys in the same order.
  return ref.schema === undefined ? table : { schema: ref.schema, ...table }
}
