import { ColumnRef } from './column-ref.js'
import { isColumnBuilder, type AnyColumnBuilder } from './column-builder.js'
import type { TableExtra } from './extras.js'
import { ModelError } from './model-error.js'
import { tableDefinition } from './symbols.js'

export type ColumnMap = Readonly<Record<string, AnyColumnBuilder>>

/** The columns of a table as references: what `users.id` and `(t) => [index().on(t.email)]` see. */
export type TableColumns<TColumns> = { readonly [K in keyof TColumns & string]: ColumnRef }

/** What the extras function returns: a list, or an object whose values are the extras (drizzle style). */
export type TableExtras = readonly TableExtra[] | Readonly<Record<string, TableExtra>>

export interface TableOptions<TSchema extends string | undefined = string | undefined> {
  /** PostgreSQL schema; undefined = the connection's current schema. */
  readonly schema?: TSchema
  readonly comment?: string | null
}

export interface TableDefinition<
  TName extends string = string,
  TColumns extends ColumnMap = ColumnMap,
  TSchema extends string | undefined = string | undefined,
> {
  readonly name: TName
  readonly schema: TSchema
  readonly comment: string | null
  readonly columns: TColumns
  /** The table object itself, handed to `extras`. */
  readonly refs: TableColumns<TColumns>
  /** Called when the IR is built, so extras may mention tables defined further down. */
  readonly extras: ((t: any) => TableExtras) | undefined
}

/** A table object: its columns by key, its definition behind a symbol. */
export type Table<
  TName extends string = string,
  TColumns extends ColumnMap = ColumnMap,
  TSchema extends string | undefined = string | undefined,
> = TableColumns<TColumns> & { readonly [tableDefinition]: TableDefinition<TName, TColumns, TSchema> }

export type AnyTable = Table<string, ColumnMap, string | undefined>

/**
 * A table of the model. Each key of `columns` is a column's database name.
 * The third argument returns the table-level extras (indexes, constraints);
 * the fourth holds options.
 *
 * @example
 * export const posts = table('posts', {
 *   id: serial().primaryKey(),
 *   author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
 *   title: varchar(255).notNull(),
 * }, (t) => [
 *   index('ix_posts_author_id').on(t.author_id),
 *   uniqueIndex().on(sql`lower(${t.title})`),
 * ], { comment: 'blog posts' })
 */
export function table<
  const TName extends string,
  TColumns extends ColumnMap,
  const TSchema extends string | undefined = undefined,
>(
  name: TName,
  columns: TColumns,
  extras?: (t: TableColumns<TColumns>) => TableExtras,
  options: TableOptions<TSchema> = {},
): Table<TName, TColumns, TSchema> {
  if (typeof name !== 'string' || name === '') throw new ModelError('table() needs a name')
  if (typeof columns !== 'object' || columns === null) throw new ModelError(`table ${name}: columns must be an object`)
  if (extras !== undefined && typeof extras !== 'function') {
    throw new ModelError(`table ${name}: the third argument must be a function (t) => [...extras]`)
  }
  const schema = options.schema as TSchema
  const ref = schema === undefined ? { name } : { schema, name }
  const result = {} as Record<string, ColumnRef>
  const keys = Object.keys(columns)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    const builder = columns[key]
    if (!isColumnBuilder(builder)) throw new ModelError(`table ${name}: column ${key} is not a column builder`)
    const column = new ColumnRef(ref, key)
    // Assigning `__proto__` would set the prototype: defineProperty makes it a plain own property.
    // Other keys are assigned, which is much cheaper; the freeze below leaves every property alike.
    if (key === '__proto__') Object.defineProperty(result, key, { value: column, enumerable: true })
    else result[key] = column
  }
  const refs = result as TableColumns<TColumns>
  const definition: TableDefinition<TName, TColumns, TSchema> = {
    name,
    schema,
    comment: options.comment ?? null,
    columns,
    refs,
    extras,
  }
  Object.defineProperty(result, tableDefinition, { value: definition })
  return Object.freeze(result) as unknown as Table<TName, TColumns, TSchema>
}

export function isTable(value: unknown): value is AnyTable {
  return typeof value === 'object' && value !== null && tableDefinition in value
}

export function tableDefinitionOf<TName extends string, TColumns extends ColumnMap, TSchema extends string | undefined>(
  value: Table<TName, TColumns, TSchema>,
): TableDefinition<TName, TColumns, TSchema> {
  return value[tableDefinition]
}
