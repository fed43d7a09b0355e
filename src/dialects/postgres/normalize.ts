import { sql } from 'kysely'
import type { Queryable } from '../dialect.js'
import type { ColumnIR, ColumnType, IndexElement, SchemaIR, TableIR } from '../../schema/ir.js'
import { postgresObjectName, truncatePostgresIdentifier as cut } from './identifiers.js'
import { normalizePostgresSchema, type PostgresNormalizeOptions } from './normalize-table.js'

export {
  normalizePostgresSchema,
  normalizePostgresTable,
  normalizePostgresColumnType,
  normalizePostgresEnum,
  type PostgresNormalizeOptions,
} from './normalize-table.js'
export { normalizePostgresExpression } from './normalize-expression.js'
export { normalizePostgresDefault } from './normalize-default.js'

/**
 * Turn the model's IR into what PostgreSQL would report for it after running
 * the DDL tsmig generates: the declaration-only rules below, then the same
 * normalization the introspector applies to what it reads.
 *
 * With `db`, the connection's `current_schema()` is read so that model objects
 * placed explicitly in it (`schema: 'public'`) compare equal to what the
 * introspector reports (`schema: undefined`). This is also where expression
 * normalization by the server itself would plug in.
 */
export async function normalizePostgresModel(model: SchemaIR, db?: Queryable): Promise<SchemaIR> {
  const options: PostgresNormalizeOptions = db === undefined ? {} : { currentSchema: await currentSchemaOf(db) }
  return normalizePostgresModelWith(model, options)
}

/** The pure part of `normalizePostgresModel`. */
export function normalizePostgresModelWith(model: SchemaIR, options: PostgresNormalizeOptions): SchemaIR {
  return normalizePostgresSchema(
    {
      tables: model.tables.map(applyDeclarationRules),
      enums: model.enums.map((e) => ({ ...e, name: cut(e.name), ...(e.schema === undefined ? {} : { schema: cut(e.schema) }) })),
    },
    options,
  )
}

async function currentSchemaOf(db: Queryable): Promise<string | undefined> {
  const { rows } = await sql<{ current_schema: string | null }>`select current_schema() as current_schema`.execute(db)
  return rows[0]?.current_schema ?? undefined
}

/** `char` without a length declares char(1). */
function declaredType(type: ColumnType): ColumnType {
  if (type.kind === 'char' && type.length === undefined) return { kind: 'char', length: 1 }
  if (type.kind === 'enum') return { ...type, name: cut(type.name), ...(type.schema === undefined ? {} : { schema: cut(type.schema) }) }
  return type
}

function cutColumns(columns: readonly string[]): string[] {
  return columns.map(cut)
}

function cutElement(element: IndexElement): IndexElement {
  return 'column' in element ? { ...element, column: cut(element.column) } : element
}

/**
 * What only the DDL implies: identifiers longer than 63 bytes are truncated by
 * the server (names included), `char` means char(1), an unnamed primary key is
 * `<table>_pkey`.
 */
function applyDeclarationRules(table: TableIR): TableIR {
  const columns: ColumnIR[] = table.columns.map((c) => ({ ...c, name: cut(c.name), type: declaredType(c.type) }))
  return {
    ...table,
    ...(table.schema === undefined ? {} : { schema: cut(table.schema) }),
    name: cut(table.name),
    columns,
    primaryKey:
      table.primaryKey === null
        ? null
        : {
            // An unnamed primary key gets PostgreSQL's own name for it.
            name: table.primaryKey.name === null ? postgresObjectName(cut(table.name), null, 'pkey') : cut(table.primaryKey.name),
            columns: cutColumns(table.primaryKey.columns),
          },
    indexes: table.indexes.map((i) => ({ ...i, name: cut(i.name), elements: i.elements.map(cutElement), include: cutColumns(i.include) })),
    uniques: table.uniques.map((u) => ({ name: cut(u.name), columns: cutColumns(u.columns) })),
    checks: table.checks.map((c) => ({ ...c, name: cut(c.name) })),
    foreignKeys: table.foreignKeys.map((fk) => ({
      ...fk,
      name: cut(fk.name),
      columns: cutColumns(fk.columns),
      references: {
        ...fk.references,
        ...(fk.references.schema === undefined ? {} : { schema: cut(fk.references.schema) }),
        table: cut(fk.references.table),
        columns: cutColumns(fk.references.columns),
      },
    })),
  }
}
