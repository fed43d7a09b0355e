import type { Deferrable, ReferentialAction, TableRef } from '../schema/ir.js'
import { isColumnRef, type ColumnRef, type IndexElementBuilder } from './column-ref.js'
import { isSqlFragment, type SqlFragment } from './sql.js'
import { ModelError } from './model-error.js'
import { extraSpec } from './symbols.js'
import type { StorageParameterInput } from './storage-parameters.js'

/** A column of the table being defined: `t.email`, or its name (for generated revision files). */
export type ColumnInput = ColumnRef | string

/** An element of `index().on(...)`: a column, a column or expression with a sort order, or an expression. */
export type IndexElementInput = ColumnInput | IndexElementBuilder | SqlFragment

export interface IndexSpec {
  readonly kind: 'index'
  readonly name: string | undefined
  readonly unique: boolean
  readonly elements: readonly IndexElementInput[]
  readonly where: SqlFragment | null
  readonly using: string | null
  readonly include: readonly ColumnInput[]
  /** Absent (older builders) = false. */
  readonly nullsNotDistinct?: boolean
  readonly with?: StorageParameterInput
}

export interface UniqueSpec {
  readonly kind: 'unique'
  readonly name: string | undefined
  readonly columns: readonly ColumnInput[]
  readonly nullsNotDistinct?: boolean
  readonly with?: StorageParameterInput
}

export interface CheckSpec {
  readonly kind: 'check'
  /** Undefined: the name PostgreSQL would choose (`<table>_<column>_check`, `<table>_check`). */
  readonly name: string | undefined
  readonly expression: SqlFragment
}

export interface ForeignKeyOptions {
  /** Default `<table>_<columns>_fkey`, as PostgreSQL names it. */
  readonly name?: string
  readonly columns: readonly ColumnInput[]
  /** Columns of the referenced table: `[users.id]`, or names together with `foreignTable`. */
  readonly foreignColumns: readonly ColumnInput[]
  /** The referenced table when `foreignColumns` are names: `'users'` or `{ schema, name }`. */
  readonly foreignTable?: string | TableRef
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
  readonly deferrable?: Deferrable | null
}

export interface ForeignKeySpec {
  readonly kind: 'foreignKey'
  readonly options: ForeignKeyOptions
}

export interface PrimaryKeySpec {
  readonly kind: 'primaryKey'
  readonly name: string | undefined
  readonly columns: readonly ColumnInput[]
}

export type ExtraSpec = IndexSpec | UniqueSpec | CheckSpec | ForeignKeySpec | PrimaryKeySpec

/** Anything the extras function of `table()` may return. */
export interface TableExtra {
  readonly [extraSpec]: ExtraSpec
}

export function isTableExtra(value: unknown): value is TableExtra {
  return typeof value === 'object' && value !== null && extraSpec in value
}

export function extraSpecOf(extra: TableExtra): ExtraSpec {
  return extra[extraSpec]
}

/** An index under construction; every method returns a new builder. */
export class IndexBuilder implements TableExtra {
  // `declare`: set by the constructor alone, with no class-field initializer (see ColumnBuilder).
  declare readonly [extraSpec]: IndexSpec

  constructor(spec: IndexSpec) {
    this[extraSpec] = spec
  }

  /** The indexed columns and expressions, in order. */
  on(...elements: readonly IndexElementInput[]): IndexBuilder {
    return new IndexBuilder({ ...this[extraSpec], elements })
  }

  /** A partial index: `.where(sql\`price > 0\`)`. */
  where(predicate: SqlFragment): IndexBuilder {
    if (!isSqlFragment(predicate)) throw new ModelError('index .where() takes sql`…`')
    return new IndexBuilder({ ...this[extraSpec], where: predicate })
  }

  /** The access method: `'gin'`, `'gist'`, `'hash'`… (PostgreSQL). */
  using(method: string): IndexBuilder {
    return new IndexBuilder({ ...this[extraSpec], using: method.toLowerCase() })
  }

  /** Non-key `INCLUDE` columns (PostgreSQL). */
  include(...columns: readonly ColumnInput[]): IndexBuilder {
    return new IndexBuilder({ ...this[extraSpec], include: columns })
  }

  /** A unique index that treats NULLs as equal: `NULLS NOT DISTINCT` (PostgreSQL 15+; an error on SQLite). */
  nullsNotDistinct(): IndexBuilder {
    return new IndexBuilder({ ...this[extraSpec], nullsNotDistinct: true })
  }

  /** Storage parameters: `.with({ fillfactor: 70 })` → `WITH (fillfactor=70)` (PostgreSQL; ignored on SQLite). */
  with(parameters: StorageParameterInput): IndexBuilder {
    return new IndexBuilder({ ...this[extraSpec], with: parameters })
  }
}

/** An index, named `<table>_<columns>_idx` unless `name` is given: `index().on(t.author_id)`. */
export function index(name?: string): IndexBuilder {
  return new IndexBuilder({ kind: 'index', name, unique: false, elements: [], where: null, using: null, include: [] })
}

/** A unique index (not a constraint; PostgreSQL's default name ends in `_idx`). */
export function uniqueIndex(name?: string): IndexBuilder {
  return new IndexBuilder({ kind: 'index', name, unique: true, elements: [], where: null, using: null, include: [] })
}

export class UniqueBuilder implements TableExtra {
  declare readonly [extraSpec]: UniqueSpec

  constructor(spec: UniqueSpec) {
    this[extraSpec] = spec
  }

  on(...columns: readonly ColumnInput[]): UniqueBuilder {
    return new UniqueBuilder({ ...this[extraSpec], columns })
  }

  /** `UNIQUE NULLS NOT DISTINCT`: at most one row with NULL in the columns (PostgreSQL 15+; an error on SQLite). */
  nullsNotDistinct(): UniqueBuilder {
    return new UniqueBuilder({ ...this[extraSpec], nullsNotDistinct: true })
  }

  /** Storage parameters of the constraint's index: `.with({ fillfactor: 70 })` (PostgreSQL; ignored on SQLite). */
  with(parameters: StorageParameterInput): UniqueBuilder {
    return new UniqueBuilder({ ...this[extraSpec], with: parameters })
  }
}

/** A unique constraint, named `<table>_<columns>_key` unless `name` is given: `unique().on(t.a, t.b)`. */
export function unique(name?: string): UniqueBuilder {
  return new UniqueBuilder({ kind: 'unique', name, columns: [] })
}

/**
 * A check constraint: `check('ck_posts_price', sql\`price >= 0\`)`, or unnamed,
 * `check(sql\`price >= 0\`)`, named as PostgreSQL names it: `posts_price_check`
 * (the expression uses one column), `posts_check` (none or several), numbered when taken.
 */
export function check(expression: SqlFragment): TableExtra
export function check(name: string, expression: SqlFragment): TableExtra
export function check(first: string | SqlFragment, second?: SqlFragment): TableExtra {
  if (isSqlFragment(first) && second === undefined) return { [extraSpec]: { kind: 'check', name: undefined, expression: first } }
  const name = first
  if (typeof name !== 'string' || name === '') throw new ModelError('check() needs a name or just sql`…`')
  const expression = second
  if (!isSqlFragment(expression)) throw new ModelError(`check ${name}: the expression must be sql\`…\``)
  return { [extraSpec]: { kind: 'check', name, expression } }
}

/**
 * A (possibly composite) foreign key.
 *
 * @example
 * foreignKey({ columns: [t.org_id, t.user_id], foreignColumns: [members.org_id, members.user_id], onDelete: 'cascade' })
 * foreignKey({ columns: ['author_id'], foreignTable: 'users', foreignColumns: ['id'] })
 */
export function foreignKey(options: ForeignKeyOptions): TableExtra {
  return { [extraSpec]: { kind: 'foreignKey', options } }
}

export interface PrimaryKeyOptions {
  /** Default `<table>_pkey`. */
  readonly name?: string
  readonly columns?: readonly ColumnInput[]
}

/**
 * A (possibly composite) primary key; its columns become not null.
 * The columns are the arguments, or `columns` of an options object given first.
 *
 * @example
 * primaryKey(t.org_id, t.user_id)
 * primaryKey({ name: 'pk_members' }, t.org_id, t.user_id)
 * primaryKey({ name: 'pk_members', columns: [t.org_id, t.user_id] })
 */
export function primaryKey(...columns: readonly ColumnInput[]): TableExtra
export function primaryKey(options: PrimaryKeyOptions, ...columns: readonly ColumnInput[]): TableExtra
export function primaryKey(...args: readonly (PrimaryKeyOptions | ColumnInput)[]): TableExtra {
  const [first, ...rest] = args
  const hasOptions = typeof first === 'object' && first !== null && !isColumnRef(first)
  const options: PrimaryKeyOptions = hasOptions ? (first as PrimaryKeyOptions) : {}
  const listed = (hasOptions ? rest : args) as readonly ColumnInput[]
  const columns = [...(options.columns ?? []), ...listed]
  return { [extraSpec]: { kind: 'primaryKey', name: options.name, columns } }
}
