import type { ColumnType } from '../schema/ir.js'
import { createColumn, type ColumnBuilder } from './column-builder.js'
import { ModelError } from './model-error.js'
import type { Bytes } from './bytes.js'

function checkLength(what: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ModelError(`${what} must be an integer from ${min} to ${max}, got ${value}`)
  }
}

/**
 * The type's optional fields are set only when given, never as `undefined`
 * keys, so IRs compare and serialize cleanly. Literals rather than a copy and
 * a loop: every column of a schema module goes through here.
 */
function withLength<K extends 'varchar' | 'char'>(kind: K, length: number | undefined): ColumnType {
  return length === undefined ? { kind } : { kind, length }
}

function withPrecision<K extends 'timestamp' | 'time'>(kind: K, options: TimeOptions): ColumnType {
  const withTimezone = options.withTimezone === true
  const { precision } = options
  return precision === undefined ? { kind, withTimezone } : { kind, withTimezone, precision }
}

export function integer(): ColumnBuilder<number> {
  return createColumn({ kind: 'integer' })
}

/** `int8`: a string in TS, because node-postgres returns int8 as a string. */
export function bigint(): ColumnBuilder<string> {
  return createColumn({ kind: 'bigint' })
}

export function smallint(): ColumnBuilder<number> {
  return createColumn({ kind: 'smallint' })
}

/** An auto-incrementing integer (PostgreSQL `serial`, SQLite `AUTOINCREMENT`); not null. */
export function serial(): ColumnBuilder<number, true, 'optional'> {
  return createColumn({ kind: 'integer' }, { autoIncrement: true, notNull: true })
}

/** An auto-incrementing bigint (PostgreSQL `bigserial`); not null; a string in TS. */
export function bigserial(): ColumnBuilder<string, true, 'optional'> {
  return createColumn({ kind: 'bigint' }, { autoIncrement: true, notNull: true })
}

export function varchar(length?: number): ColumnBuilder<string> {
  checkLength('varchar length', length, 1, 10485760)
  return createColumn(withLength('varchar', length))
}

export function char(length?: number): ColumnBuilder<string> {
  checkLength('char length', length, 1, 10485760)
  return createColumn(withLength('char', length))
}

export function text(): ColumnBuilder<string> {
  return createColumn({ kind: 'text' })
}

export function boolean(): ColumnBuilder<boolean> {
  return createColumn({ kind: 'boolean' })
}

export interface TimeOptions {
  readonly withTimezone?: boolean
  /** Fractional digits of seconds, 0 to 6. */
  readonly precision?: number
}

export function timestamp(options: TimeOptions = {}): ColumnBuilder<Date> {
  checkLength('timestamp precision', options.precision, 0, 6)
  return createColumn(withPrecision('timestamp', options))
}

export function date(): ColumnBuilder<Date> {
  return createColumn({ kind: 'date' })
}

/** A time of day: a string in TS (`'13:45:00'`). */
export function time(options: TimeOptions = {}): ColumnBuilder<string> {
  checkLength('time precision', options.precision, 0, 6)
  return createColumn(withPrecision('time', options))
}

/** An exact number: a string in TS, so no precision is lost. */
export function numeric(precision?: number, scale?: number): ColumnBuilder<string> {
  checkLength('numeric precision', precision, 1, 1000)
  if (scale !== undefined && precision === undefined) throw new ModelError('numeric scale needs a precision')
  checkLength('numeric scale', scale, 0, precision ?? 0)
  // A scale needs a precision (checked above), so three shapes cover every case.
  if (precision === undefined) return createColumn({ kind: 'numeric' })
  return createColumn(scale === undefined ? { kind: 'numeric', precision } : { kind: 'numeric', precision, scale })
}

export function real(): ColumnBuilder<number> {
  return createColumn({ kind: 'real' })
}

export function doublePrecision(): ColumnBuilder<number> {
  return createColumn({ kind: 'doublePrecision' })
}

/** JSON text; `T` is the TS type of the parsed value. */
export function json<T = unknown>(): ColumnBuilder<T> {
  return createColumn({ kind: 'json' })
}

export function jsonb<T = unknown>(): ColumnBuilder<T> {
  return createColumn({ kind: 'jsonb' })
}

export function uuid(): ColumnBuilder<string> {
  return createColumn({ kind: 'uuid' })
}

export function bytea(): ColumnBuilder<Bytes> {
  return createColumn({ kind: 'bytea' })
}

/**
 * A type tsmig has no builder for, written as SQL: `customType<string>('tsvector')`,
 * `customType<number[]>('integer[]')`.
 */
export function customType<T = unknown>(sqlName: string): ColumnBuilder<T> {
  const name = sqlName.trim().toLowerCase()
  if (name === '') throw new ModelError('customType() needs a type name')
  return createColumn({ kind: 'custom', sql: name })
}

/**
 * A column of an enum type referenced by name, for code where the `enumType`
 * object is not in scope (generated revision files). The enum itself is not
 * added to the model by this column.
 */
export function enumColumn<TValue extends string = string>(
  name: string,
  options: { readonly schema?: string } = {},
): ColumnBuilder<TValue> {
  const { schema } = options
  return createColumn(schema === undefined ? { kind: 'enum', name } : { kind: 'enum', name, schema })
}
