import type { IntrospectedSchema, IntrospectOptions, Queryable } from '../../dialect.js'
import { writtenSchema } from '../../../schema/written-text.js'
import type { ColumnIR, ColumnType, EnumIR, IdentityIR, SchemaIR, TableIR } from '../../../schema/ir.js'
import { buildTableIR } from './introspect-table.js'
import {
  queryColumns,
  queryConstraints,
  queryCurrentSchema,
  queryEnums,
  queryIndexes,
  queryTables,
  type ColumnRow,
  type IdentitySequenceRow,
} from './introspect-queries.js'
import { normalizePostgresSchema } from '../normalize/normalize-table.js'
import { parsePostgresType } from '../normalize/parse-type.js'

/**
 * Read the live schema into the IR with a fixed number of catalog queries
 * (six, whatever the number of tables), normalized exactly as
 * `normalizePostgresModel` normalizes the model. The queries do not depend on
 * each other: on a pool they run side by side on several connections, on one
 * connection (a migration's transaction) one after the other.
 *
 * Reads the tables of `options.schemas` (default: `current_schema()`); tables
 * and enums of the current schema are reported with `schema: undefined`.
 * `options.excludeTables` names tables of the current schema to leave out.
 * Run it inside a REPEATABLE READ transaction for a consistent picture of a
 * database other sessions are changing.
 */
export async function introspectPostgres(db: Queryable, options: IntrospectOptions): Promise<SchemaIR> {
  return (await introspectPostgresWithText(db, options)).compared
}

/**
 * `introspectPostgres`, and the same schema with each expression as
 * `pg_get_expr` printed it: the text that, written back, gives the same catalog.
 */
export async function introspectPostgresWithText(db: Queryable, options: IntrospectOptions): Promise<IntrospectedSchema> {
  const schemas = options.schemas !== undefined && options.schemas.length > 0 ? options.schemas : null
  // The biggest reads first, so that they start on the connections the pool has open.
  const [columns, constraints, indexes, allTables, enums, current] = await Promise.all([
    queryColumns(db, schemas),
    queryConstraints(db, schemas),
    queryIndexes(db, schemas),
    queryTables(db, schemas),
    queryEnums(db, schemas),
    queryCurrentSchema(db),
  ])
  const currentSchema = current ?? undefined
  const local = (schema: string): string | undefined => (schema === currentSchema ? undefined : schema)

  const excluded = new Set(options.excludeTables)
  const tables = allTables.filter((t) => !(local(t.schema) === undefined && excluded.has(t.name)))

  const byTable = <R extends { readonly table_oid: string }>(rows: readonly R[]): Map<string, R[]> => {
    const map = new Map<string, R[]>()
    for (const row of rows) {
      const list = map.get(row.table_oid)
      if (list === undefined) map.set(row.table_oid, [row])
      else list.push(row)
    }
    return map
  }
  const columnsOf = byTable(columns)
  const constraintsOf = byTable(constraints)
  const indexesOf = byTable(indexes)

  const tableIRs: TableIR[] = tables.map((t) =>
    buildTableIR({
      schema: local(t.schema),
      name: t.name,
      comment: t.comment,
      columns: (columnsOf.get(t.oid) ?? []).map((c) => columnIR(c, local)),
      constraints: constraintsOf.get(t.oid) ?? [],
      indexes: indexesOf.get(t.oid) ?? [],
      localSchema: local,
    }),
  )
  const enumIRs: EnumIR[] = enums.map((e) => {
    const schema = local(e.schema)
    return schema === undefined ? { name: e.name, values: [...e.values] } : { schema, name: e.name, values: [...e.values] }
  })
  const read: SchemaIR = { tables: tableIRs, enums: enumIRs }
  const compared = normalizePostgresSchema(read, { currentSchema })
  return { compared, written: writtenSchema(compared, read) }
}

function columnType(row: ColumnRow, local: (schema: string) => string | undefined): ColumnType {
  if (row.type_type === 'e') {
    const schema = local(row.type_schema)
    return schema === undefined ? { kind: 'enum', name: row.type_name } : { kind: 'enum', name: row.type_name, schema }
  }
  // Only the built-in spellings of pg_catalog types map to IR kinds: a domain
  // or a type named `integer` in another schema stays custom.
  if (row.type_schema === 'pg_catalog') return parsePostgresType(row.formatted_type)
  return { kind: 'custom', sql: row.formatted_type }
}

function columnIR(row: ColumnRow, local: (schema: string) => string | undefined): ColumnIR {
  const generated = row.generated === 's' || row.generated === 'v' ? row.default_expr : null
  const autoIncrement = generated === null && row.owned_sequence_default && /^nextval\(/i.test(row.default_expr ?? '')
  const column: ColumnIR = {
    name: row.name,
    type: columnType(row, local),
    nullable: !row.not_null,
    default: generated !== null || autoIncrement ? null : row.default_expr,
    comment: row.comment,
    identity: row.identity === 'a' || row.identity === 'd' ? identityIR(row.identity === 'a', row.identity_options) : null,
    generated,
    autoIncrement,
    ...(row.collation === null ? {} : { collation: row.collation }),
  }
  return row.generated === 'v' ? { ...column, virtual: true } : column
}

/** An identity with every option its sequence has (absent only if the sequence could not be read). */
function identityIR(always: boolean, options: IdentitySequenceRow | null): IdentityIR {
  if (options === null) return { always }
  const { start, increment, min, max, cycle, cache } = options
  return { always, start, increment, minValue: min, maxValue: max, cycle, cache }
}
