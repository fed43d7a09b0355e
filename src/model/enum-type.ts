import type { EnumIR } from '../schema/ir.js'
import { createColumn, type ColumnBuilder } from './column-builder.js'
import { ModelError } from './model-error.js'
import { enumDefinition } from './symbols.js'

/** A database enum type; calling it gives a column of that type. */
export interface EnumType<TName extends string = string, TValues extends readonly string[] = readonly string[]> {
  (): ColumnBuilder<TValues[number]>
  readonly name: TName
  readonly values: TValues
  readonly schema: string | undefined
  readonly [enumDefinition]: EnumIR
}

/**
 * An enum type (PostgreSQL `CREATE TYPE … AS ENUM`; on SQLite a text column
 * with a CHECK).
 *
 * @example
 * export const mood = enumType('mood', ['happy', 'sad'])
 * export const users = table('users', { mood: mood().notNull() })
 */
export function enumType<const TName extends string, const TValues extends readonly string[]>(
  name: TName,
  values: TValues,
  options: { readonly schema?: string } = {},
): EnumType<TName, TValues> {
  if (typeof name !== 'string' || name === '') throw new ModelError('enumType() needs a name')
  const seen = new Set<string>()
  for (const value of values) {
    if (typeof value !== 'string') throw new ModelError(`enum ${name}: values must be strings`)
    if (seen.has(value)) throw new ModelError(`enum ${name}: value '${value}' appears twice`)
    seen.add(value)
  }
  const { schema } = options
  const ir: EnumIR = schema === undefined ? { name, values: [...values] } : { schema, name, values: [...values] }
  const type = schema === undefined ? { kind: 'enum', name } as const : { kind: 'enum', name, schema } as const
  const column = (): ColumnBuilder<TValues[number]> => createColumn(type, { enumDefinition: ir })
  // A function's own `name` is read-only but configurable, hence defineProperties rather than assignment.
  return Object.defineProperties(column, {
    name: { value: name, enumerable: true },
    values: { value: Object.freeze([...values]), enumerable: true },
    schema: { value: schema, enumerable: true },
    [enumDefinition]: { value: ir },
  }) as unknown as EnumType<TName, TValues>
}

export function isEnumType(value: unknown): value is EnumType {
  return typeof value === 'function' && enumDefinition in value
}

export function enumIROf(value: EnumType): EnumIR {
  return value[enumDefinition]
}
