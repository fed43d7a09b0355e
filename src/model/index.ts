/**
 * The model DSL: what schema modules and revision files import from 'tsmig'.
 * Internals for other parts of tsmig (`buildTableIR`, `columnWithConstraints`,
 * `modelFromModules`) are imported from their own files.
 */
export { sql, isSqlFragment, sqlLiteral, type SqlFragment, type SqlValue, type SqlTag } from './sql.js'
export {
  ColumnBuilder,
  type AnyColumnBuilder,
  type DefaultInput,
  type InsertMode,
  type ReferenceOptions,
  type ColumnUniqueOptions,
  type GeneratedOptions,
} from './column-builder.js'
export type { StorageParameterInput } from './storage-parameters.js'
export {
  integer,
  bigint,
  smallint,
  serial,
  bigserial,
  varchar,
  char,
  text,
  boolean,
  timestamp,
  date,
  time,
  numeric,
  real,
  doublePrecision,
  json,
  jsonb,
  uuid,
  bytea,
  customType,
  enumColumn,
  type TimeOptions,
} from './column-types.js'
export { enumType, isEnumType, type EnumType } from './enum-type.js'
export type { IdentityOptions, IdentityValue } from './identity-options.js'
export { ColumnRef, IndexElementBuilder, columnRef, indexExpression } from './column-ref.js'
export {
  index,
  uniqueIndex,
  unique,
  check,
  foreignKey,
  primaryKey,
  IndexBuilder,
  UniqueBuilder,
  type ColumnInput,
  type IndexElementInput,
  type ForeignKeyOptions,
  type PrimaryKeyOptions,
  type TableExtra,
} from './extras.js'
export {
  table,
  isTable,
  type Table,
  type AnyTable,
  type ColumnMap,
  type TableColumns,
  type TableExtras,
  type TableOptions,
  type TableDefinition,
} from './table.js'
export { ModelError } from './model-error.js'
export type { Bytes } from './bytes.js'
export type { InferDatabase, InferTable } from './infer-database.js'
