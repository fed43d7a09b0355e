import { TsmigError } from '../errors.js'
import { columnWithConstraints } from '../model/build-column.js'
import { foreignKeyOptionProblem } from '../model/check-foreign-keys.js'
import { buildTableIR } from '../model/build-table.js'
import { columnIndex } from '../model/column-index.js'
import { identityIR, type IdentityOptions } from '../model/identity-options.js'
import { columnStateOf, isColumnBuilder, type AnyColumnBuilder } from '../model/column-builder.js'
import { isColumnRef, isIndexElementBuilder } from '../model/column-ref.js'
import type { IndexElementInput } from '../model/extras.js'
import { isSqlFragment, sqlLiteral, type SqlFragment } from '../model/sql.js'
import { table as defineTable, type ColumnMap, type TableColumns, type TableExtras } from '../model/table.js'
import { uniquenessOptionsOf as uniquenessOptions, type StorageParameterInput } from '../model/storage-parameters.js'
import type { Deferrable, IndexElement, ReferentialAction, TableRef } from '../schema/ir.js'
import type { ColumnChanges, Op, OpOfKind } from './op.js'

/**
 * The ops that the `op` facade (and `op.batchAlterTable`'s `batch`) builds
 * from what a revision file passes: argument checks with clear messages, DSL
 * builders turned into IR. Pure.
 */

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
  /** The whole identity: options left out take the database's defaults (`{ always: true, start: 100 }`). */
  readonly identity?: IdentityOptions | null
  readonly generated?: SqlFragment | null
  /** With `generated`: a `VIRTUAL` column (`false`: `STORED`). */
  readonly virtual?: boolean
  readonly autoIncrement?: boolean
  /** A collation name (`'C'`, `'NOCASE'`); null = the type's default. */
  readonly collation?: string | null
  readonly newName?: string
}

export interface CreateIndexOptions extends SchemaOption {
  readonly unique?: boolean
  readonly where?: SqlFragment | string
  readonly using?: string
  readonly include?: readonly string[]
  /** `NULLS NOT DISTINCT` (a unique index; PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean
  /** Storage parameters: `{ fillfactor: 70 }` (PostgreSQL). */
  readonly with?: StorageParameterInput
}

export interface UniqueConstraintOptions extends SchemaOption {
  /** `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15+). */
  readonly nullsNotDistinct?: boolean
  /** Storage parameters of the constraint's index: `{ fillfactor: 70 }` (PostgreSQL). */
  readonly with?: StorageParameterInput
}

export interface ForeignKeyOptions extends SchemaOption {
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
  readonly deferrable?: Deferrable | null
  readonly referencedSchema?: string
}

export function tableRef(name: string, options: SchemaOption | undefined): TableRef {
  if (typeof name !== 'string' || name === '') throw new OperationError(`a table name must be a non-empty string (got ${JSON.stringify(name)})`)
  return options?.schema === undefined ? { name } : { schema: options.schema, name }
}

export function sqlText(value: SqlFragment | string, what: string): string {
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
    const { source, desc, nulls, opclass } = input.spec
    const element: IndexElement = isSqlFragment(source) ? { expression: source.sql, desc, nulls } : { column: source.name, desc, nulls }
    return opclass === undefined ? element : { ...element, opclass }
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
  if ('identity' in options) changes.identity = options.identity == null ? null : identityIR(options.identity)
  if ('generated' in options) changes.generated = options.generated ? sqlText(options.generated, 'generated') : null
  if (options.virtual !== undefined) changes.virtual = options.virtual
  if (options.autoIncrement !== undefined) changes.autoIncrement = options.autoIncrement
  if ('collation' in options) changes.collation = options.collation ?? null
  if (options.newName !== undefined) changes.newName = options.newName
  if (Object.keys(changes).length === 0) throw new OperationError(`alterColumn ${table.name}.${column}: nothing to change`)
  return changes
}

export function createTableOp<TColumns extends ColumnMap>(
  name: string,
  columns: TColumns,
  extras: ((t: TableColumns<TColumns>) => TableExtras) | undefined,
  options: (SchemaOption & { readonly comment?: string | null }) | undefined,
): OpOfKind<'createTable'> {
  const definition = defineTable(name, columns, extras, { schema: options?.schema, comment: options?.comment ?? null })
  return { kind: 'createTable', table: buildTableIR(definition) }
}

/** The column, then the constraints its builder declares (`.unique()`, `.references()`, an enum's check…). */
export function addColumnOps(target: TableRef, name: string, builder: AnyColumnBuilder): Op[] {
  if (!isColumnBuilder(builder)) throw new OperationError(`addColumn ${target.name}.${name}: the column must be a column builder such as integer()`)
  const { column, constraints } = columnWithConstraints(target, name, builder)
  const ops: Op[] = [{ kind: 'addColumn', table: target, column }, ...constraints.map((constraint): Op => ({ kind: 'addConstraint', table: target, constraint }))]
  const index = columnIndex(target, name, builder)
  if (index !== null) ops.push({ kind: 'createIndex', table: target, index })
  return ops
}

export function alterColumnOp(target: TableRef, name: string, changes: AlterColumnOptions): Op {
  return { kind: 'alterColumn', table: target, column: name, changes: columnChanges(target, name, changes) }
}

export function createIndexOp(name: string, target: TableRef, elements: readonly IndexElementInput[], options: CreateIndexOptions | undefined): Op {
  return {
    kind: 'createIndex',
    table: target,
    index: {
      name,
      unique: options?.unique ?? false,
      elements: elements.map(indexElement),
      where: options?.where === undefined ? null : sqlText(options.where, `index ${name} where`),
      using: options?.using?.toLowerCase() ?? null,
      include: options?.include ?? [],
      ...uniquenessOptions(options, `index ${name}`),
    },
  }
}

export function uniqueConstraintOp(name: string, target: TableRef, columns: readonly string[], options?: UniqueConstraintOptions): Op {
  return {
    kind: 'addConstraint',
    table: target,
    constraint: { type: 'unique', name, columns: names(columns, `unique ${name}`), ...uniquenessOptions(options, `unique ${name}`) },
  }
}

export function foreignKeyOp(
  name: string,
  target: TableRef,
  referencedTable: string,
  columns: readonly string[],
  referencedColumns: readonly string[],
  options: ForeignKeyOptions | undefined,
): Op {
  const rules = { onDelete: options?.onDelete ?? 'no action', onUpdate: options?.onUpdate ?? 'no action', deferrable: options?.deferrable ?? null } as const
  const problem = foreignKeyOptionProblem(rules)
  if (problem !== undefined) throw new OperationError(`foreign key ${name} on ${target.name}: ${problem}`)
  return {
    kind: 'addConstraint',
    table: target,
    constraint: {
      type: 'foreignKey',
      name,
      columns: names(columns, `foreign key ${name}`),
      references: {
        ...(options?.referencedSchema === undefined ? {} : { schema: options.referencedSchema }),
        table: referencedTable,
        columns: names(referencedColumns, `foreign key ${name} referenced columns`),
      },
      ...rules,
    },
  }
}

export function checkConstraintOp(name: string, target: TableRef, expression: SqlFragment | string): Op {
  return { kind: 'addConstraint', table: target, constraint: { type: 'check', name, expression: sqlText(expression, `check ${name}`) } }
}

export function primaryKeyOp(name: string, target: TableRef, columns: readonly string[]): Op {
  return { kind: 'addConstraint', table: target, constraint: { type: 'primaryKey', name, columns: names(columns, `primary key ${name}`) } }
}

export function renameOp(kind: 'renameIndex' | 'renameConstraint', target: TableRef, name: string, newName: string): Op {
  const what = kind === 'renameIndex' ? 'index' : 'constraint'
  for (const value of [name, newName]) {
    if (typeof value !== 'string' || value === '') throw new OperationError(`${kind} on ${target.name}: the ${what} names must be non-empty strings`)
  }
  return { kind, table: target, name, newName }
}
