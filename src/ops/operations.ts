import type { Kysely } from 'kysely'
import { TsmigError } from '../errors.js'
import { buildTableIR, columnWithConstraints } from '../model/build-table.js'
import { columnStateOf, isColumnBuilder, type AnyColumnBuilder } from '../model/column-builder.js'
import { isColumnRef, isIndexElementBuilder } from '../model/column-ref.js'
import type { IndexElementInput } from '../model/extras.js'
import { isSqlFragment, sqlLiteral, type SqlFragment } from '../model/sql.js'
import { table as defineTable, type ColumnMap, type TableColumns, type TableExtras } from '../model/table.js'
import type { Deferrable, IdentityIR, IndexElement, ReferentialAction, TableRef } from '../schema/ir.js'
import type { ColumnChanges } from './op.js'
import type { OpSink } from './op-sink.js'

export class OperationError extends TsmigError {}

export interface SchemaOption {
  /** PostgreSQL schema of the table; default the current schema. */
  readonly schema?: string
}

export interface AlterColumnOptions {
  /** New type, as a column builder: `type: varchar(255)`. */
  readonly type?: AnyColumnBuilder
  readonly nullable?: boolean
  /** New server default; `null` drops it. */
  readonly default?: unknown
  readonly comment?: string | null
  readonly identity?: IdentityIR | null
  readonly generated?: SqlFragment | null
  readonly autoIncrement?: boolean
  readonly newName?: string
}

export interface CreateIndexOptions extends SchemaOption {
  readonly unique?: boolean
  readonly where?: SqlFragment | string
  readonly using?: string
  readonly include?: readonly string[]
}

export interface ForeignKeyOptions extends SchemaOption {
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
  readonly deferrable?: Deferrable | null
  readonly referencedSchema?: string
}

/**
 * The `op` of a revision file (Alembic's `op`). Each method builds an op and
 * hands it to the sink, which runs it inside the migration's transaction (or
 * prints it with `--sql`). Generated and hand-written revisions share this path.
 */
export interface Operations {
  /** Kysely inside the migration's transaction, for data migrations. */
  readonly db: Kysely<any>
  createTable<TColumns extends ColumnMap>(
    name: string,
    columns: TColumns,
    extras?: (t: TableColumns<TColumns>) => TableExtras,
    options?: SchemaOption & { readonly comment?: string | null },
  ): Promise<void>
  dropTable(name: string, options?: SchemaOption): Promise<void>
  renameTable(name: string, newName: string, options?: SchemaOption): Promise<void>
  addColumn(table: string, name: string, column: AnyColumnBuilder, options?: SchemaOption): Promise<void>
  dropColumn(table: string, name: string, options?: SchemaOption): Promise<void>
  alterColumn(table: string, name: string, changes: AlterColumnOptions, options?: SchemaOption): Promise<void>
  createIndex(name: string, table: string, elements: readonly IndexElementInput[], options?: CreateIndexOptions): Promise<void>
  dropIndex(name: string, table: string, options?: SchemaOption): Promise<void>
  createUniqueConstraint(name: string, table: string, columns: readonly string[], options?: SchemaOption): Promise<void>
  createForeignKey(
    name: string,
    table: string,
    referencedTable: string,
    columns: readonly string[],
    referencedColumns: readonly string[],
    options?: ForeignKeyOptions,
  ): Promise<void>
  createCheckConstraint(name: string, table: string, expression: SqlFragment | string, options?: SchemaOption): Promise<void>
  createPrimaryKey(name: string, table: string, columns: readonly string[], options?: SchemaOption): Promise<void>
  dropConstraint(name: string, table: string, options?: SchemaOption): Promise<void>
  createEnum(name: string, values: readonly string[], options?: SchemaOption): Promise<void>
  dropEnum(name: string, options?: SchemaOption): Promise<void>
  addEnumValue(name: string, value: string, options?: SchemaOption & { readonly before?: string; readonly after?: string }): Promise<void>
  /** Replace an enum's values (rebuilds the type; rows keep their values). */
  recreateEnum(name: string, values: readonly string[], options?: SchemaOption): Promise<void>
  setTableComment(table: string, comment: string | null, options?: SchemaOption): Promise<void>
  /** Run SQL as is: a string or `sql\`…\``. */
  execute(statement: SqlFragment | string): Promise<void>
}

function ref(name: string, options: SchemaOption | undefined): TableRef {
  if (typeof name !== 'string' || name === '') throw new OperationError(`a table name must be a non-empty string (got ${JSON.stringify(name)})`)
  return options?.schema === undefined ? { name } : { schema: options.schema, name }
}

function sqlText(value: SqlFragment | string, what: string): string {
  if (isSqlFragment(value)) return value.sql
  if (typeof value === 'string') return value
  throw new OperationError(`${what} must be sql\`…\` or a string`)
}

function names(list: readonly string[], what: string): readonly string[] {
  if (!Array.isArray(list) || list.length === 0 || !list.every((c) => typeof c === 'string' && c !== '')) {
    throw new OperationError(`${what} must be a non-empty list of column names`)
  }
  return list
}

function indexElement(input: IndexElementInput): IndexElement {
  if (typeof input === 'string') return { column: input, desc: false, nulls: null }
  if (isColumnRef(input)) return { column: input.name, desc: false, nulls: null }
  if (isSqlFragment(input)) return { expression: input.sql, desc: false, nulls: null }
  if (isIndexElementBuilder(input)) {
    const { source, desc, nulls } = input.spec
    return isSqlFragment(source) ? { expression: source.sql, desc, nulls } : { column: source.name, desc, nulls }
  }
  throw new OperationError('an index element must be a column name, columnRef(…), sql`…` or indexExpression(…)')
}

function columnChanges(table: TableRef, column: string, options: AlterColumnOptions): ColumnChanges {
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {}
  if (options.type !== undefined) {
    if (!isColumnBuilder(options.type)) throw new OperationError(`alterColumn ${table.name}.${column}: type must be a column builder such as varchar(255)`)
    changes.type = columnStateOf(options.type).type
  }
  if (options.nullable !== undefined) changes.nullable = options.nullable
  if ('default' in options) changes.default = options.default === null || options.default === undefined ? null : sqlLiteral(options.default)
  if ('comment' in options) changes.comment = options.comment ?? null
  if ('identity' in options) changes.identity = options.identity ?? null
  if ('generated' in options) changes.generated = options.generated ? sqlText(options.generated, 'generated') : null
  if (options.autoIncrement !== undefined) changes.autoIncrement = options.autoIncrement
  if (options.newName !== undefined) changes.newName = options.newName
  if (Object.keys(changes).length === 0) throw new OperationError(`alterColumn ${table.name}.${column}: nothing to change`)
  return changes
}

/** The `op` object handed to `upgrade`/`downgrade`. */
export function createOperations(sink: OpSink): Operations {
  const run = sink.run.bind(sink)
  return {
    db: sink.db,
    async createTable(name, columns, extras, options) {
      const definition = defineTable(name, columns, extras, { schema: options?.schema, comment: options?.comment ?? null })
      await run({ kind: 'createTable', table: buildTableIR(definition) })
    },
    dropTable: (name, options) => run({ kind: 'dropTable', table: ref(name, options) }),
    renameTable: (name, newName, options) => run({ kind: 'renameTable', table: ref(name, options), newName }),
    async addColumn(table, name, builder, options) {
      const target = ref(table, options)
      if (!isColumnBuilder(builder)) throw new OperationError(`addColumn ${table}.${name}: the column must be a column builder such as integer()`)
      const { column, constraints } = columnWithConstraints(target, name, builder)
      await run({ kind: 'addColumn', table: target, column })
      for (const constraint of constraints) await run({ kind: 'addConstraint', table: target, constraint })
    },
    dropColumn: (table, name, options) => run({ kind: 'dropColumn', table: ref(table, options), column: name }),
    alterColumn: (table, name, changes, options) => {
      const target = ref(table, options)
      return run({ kind: 'alterColumn', table: target, column: name, changes: columnChanges(target, name, changes) })
    },
    createIndex: (name, table, elements, options) =>
      run({
        kind: 'createIndex',
        table: ref(table, options),
        index: {
          name,
          unique: options?.unique ?? false,
          elements: elements.map(indexElement),
          where: options?.where === undefined ? null : sqlText(options.where, `index ${name} where`),
          using: options?.using?.toLowerCase() ?? null,
          include: options?.include ?? [],
        },
      }),
    dropIndex: (name, table, options) => run({ kind: 'dropIndex', table: ref(table, options), name }),
    createUniqueConstraint: (name, table, columns, options) =>
      run({ kind: 'addConstraint', table: ref(table, options), constraint: { type: 'unique', name, columns: names(columns, `unique ${name}`) } }),
    createForeignKey: (name, table, referencedTable, columns, referencedColumns, options) =>
      run({
        kind: 'addConstraint',
        table: ref(table, options),
        constraint: {
          type: 'foreignKey',
          name,
          columns: names(columns, `foreign key ${name}`),
          references: {
            ...(options?.referencedSchema === undefined ? {} : { schema: options.referencedSchema }),
            table: referencedTable,
            columns: names(referencedColumns, `foreign key ${name} referenced columns`),
          },
          onDelete: options?.onDelete ?? 'no action',
          onUpdate: options?.onUpdate ?? 'no action',
          deferrable: options?.deferrable ?? null,
        },
      }),
    createCheckConstraint: (name, table, expression, options) =>
      run({ kind: 'addConstraint', table: ref(table, options), constraint: { type: 'check', name, expression: sqlText(expression, `check ${name}`) } }),
    createPrimaryKey: (name, table, columns, options) =>
      run({ kind: 'addConstraint', table: ref(table, options), constraint: { type: 'primaryKey', name, columns: names(columns, `primary key ${name}`) } }),
    dropConstraint: (name, table, options) => run({ kind: 'dropConstraint', table: ref(table, options), name }),
    createEnum: (name, values, options) => run({ kind: 'createEnum', enum: { ...(options?.schema === undefined ? {} : { schema: options.schema }), name, values } }),
    dropEnum: (name, options) => run({ kind: 'dropEnum', ...(options?.schema === undefined ? {} : { schema: options.schema }), name }),
    addEnumValue: (name, value, options) =>
      run({
        kind: 'addEnumValue',
        ...(options?.schema === undefined ? {} : { schema: options.schema }),
        name,
        value,
        ...(options?.before === undefined ? {} : { before: options.before }),
        ...(options?.after === undefined ? {} : { after: options.after }),
      }),
    recreateEnum: (name, values, options) =>
      run({ kind: 'recreateEnum', ...(options?.schema === undefined ? {} : { schema: options.schema }), name, values }),
    setTableComment: (table, comment, options) => run({ kind: 'setTableComment', table: ref(table, options), comment }),
    execute: (statement) => run({ kind: 'execute', sql: sqlText(statement, 'execute') }),
  }
}
