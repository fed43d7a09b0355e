import type { Generated, GeneratedAlways } from 'kysely'
import type { ColumnBuilder, InsertMode } from './column-builder.js'
import type { ColumnMap, Table } from './table.js'

type ColumnValue<TData, TNotNull extends boolean> = TNotNull extends true ? TData : TData | null

type ColumnKyselyType<TBuilder> =
  TBuilder extends ColumnBuilder<infer TData, infer TNotNull, infer TInsert extends InsertMode>
    ? TInsert extends 'never'
      ? GeneratedAlways<ColumnValue<TData, TNotNull>>
      : TInsert extends 'optional'
        ? Generated<ColumnValue<TData, TNotNull>>
        : ColumnValue<TData, TNotNull>
    : never

/** The Kysely row interface of one table: `InferTable<typeof users>`. */
export type InferTable<TTable> =
  TTable extends Table<string, infer TColumns extends ColumnMap, string | undefined>
    ? { -readonly [K in keyof TColumns]: ColumnKyselyType<TColumns[K]> }
    : never

type TableKey<TTable> =
  TTable extends Table<infer TName, ColumnMap, infer TSchema> ? (TSchema extends string ? `${TSchema}.${TName}` : TName) : never

/**
 * A Kysely `Database` interface from a schema module: one key per exported
 * table (`schema.name` when the table has a schema). Columns with a server
 * default, serial or identity are `Generated`, generated columns and
 * identity-always columns `GeneratedAlways`, nullable ones `T | null`.
 *
 * @example
 * import type * as schema from './schema.js'
 * const db = new Kysely<InferDatabase<typeof schema>>({ dialect })
 */
export type InferDatabase<TModule> = {
  -readonly [K in keyof TModule as TModule[K] extends Table<string, ColumnMap, string | undefined>
    ? TableKey<TModule[K]>
    : never]: InferTable<TModule[K]>
}
