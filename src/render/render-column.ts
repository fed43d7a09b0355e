import type { ColumnIR, ColumnType } from '../schema/ir.js'
import { assertNever } from '../util/assert-never.js'
import { renderIdentityOptions } from './render-identity.js'
import { tsDefault, tsOptions, tsSql, tsString } from './render-value.js'

/** `name(args)`, noting that the builder `name` must be imported. */
function call(use: (name: string) => void, name: string, args = ''): string {
  use(name)
  return `${name}(${args})`
}

/** The DSL builder call for a column type, and the builder names it needs imported. */
function renderType(type: ColumnType, autoIncrement: boolean, use: (name: string) => void): string {
  switch (type.kind) {
    case 'integer':
      return autoIncrement ? call(use, 'serial') : call(use, 'integer')
    case 'bigint':
      return autoIncrement ? call(use, 'bigserial') : call(use, 'bigint')
    case 'smallint':
    case 'text':
    case 'boolean':
    case 'date':
    case 'real':
    case 'doublePrecision':
    case 'json':
    case 'jsonb':
    case 'uuid':
    case 'bytea':
      return call(use, type.kind)
    case 'varchar':
    case 'char':
      return call(use, type.kind, type.length === undefined ? '' : String(type.length))
    case 'numeric':
      return call(
        use,
        'numeric',
        type.precision === undefined ? '' : type.scale === undefined ? String(type.precision) : `${type.precision}, ${type.scale}`,
      )
    case 'timestamp':
    case 'time':
      // The usual `timestamp()`: no options object to build.
      if (!type.withTimezone && type.precision === undefined) return call(use, type.kind)
      return call(
        use,
        type.kind,
        tsOptions([
          ['withTimezone', type.withTimezone ? 'true' : undefined],
          ['precision', type.precision === undefined ? undefined : String(type.precision)],
        ]),
      )
    case 'enum':
      return call(use, 'enumColumn', type.schema === undefined ? tsString(type.name) : `${tsString(type.name)}, { schema: ${tsString(type.schema)} }`)
    case 'custom':
      return call(use, 'customType', tsString(type.sql))
    default:
      return assertNever(type)
  }
}

/**
 * A column as DSL source: `varchar(255).notNull().default('x')`. Keys,
 * primary keys and foreign keys are rendered as table extras, not here, so
 * their names always round-trip.
 */
export function renderColumn(column: ColumnIR, use: (name: string) => void): string {
  let source = renderType(column.type, column.autoIncrement, use)
  // serial and identity imply NOT NULL in the DSL; say it only where it is not implied.
  if (!column.nullable && !column.autoIncrement && !column.identity) source += '.notNull()'
  if (column.identity) source += `.identity(${renderIdentityOptions(column.identity, column.type)})`
  if (column.collation != null) source += `.collate(${tsString(column.collation)})`
  if (column.default !== null) {
    const value = tsDefault(column.default)
    if (value.startsWith('sql`')) use('sql')
    source += `.default(${value})`
  }
  if (column.generated !== null) {
    use('sql')
    source += `.generated(${tsSql(column.generated)}${column.virtual === true ? ", { mode: 'virtual' }" : ''})`
  }
  if (column.comment !== null) source += `.comment(${tsString(column.comment)})`
  return source
}

/** Type-only builder for `alterColumn`'s `type:` key. */
export function renderColumnType(type: ColumnType, use: (name: string) => void): string {
  return renderType(type, false, use)
}
