import type { ColumnType, Deferrable, EnumIR, IdentityIR, ReferentialAction } from '../schema/ir.js'
import type { ColumnRef } from './column-ref.js'
import { isSqlFragment, sqlLiteral, type SqlFragment } from './sql.js'
import { ModelError } from './model-error.js'
import { identityIR, type IdentityOptions } from './identity-options.js'
import { columnState } from './symbols.js'

export interface ReferenceOptions {
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
  /** Constraint name; default `<table>_<column>_fkey`, as PostgreSQL names it. */
  readonly name?: string
  readonly deferrable?: Deferrable | null
}

export interface ReferenceSpec {
  /** Called when the IR is built, so tables may reference each other in any order. */
  readonly target: () => ColumnRef
  readonly options: ReferenceOptions
}

/** Everything a column builder knows; independent of the table it ends up in. */
export interface ColumnState {
  readonly type: ColumnType
  /** The enum an `enumType(...)()` column uses, so the model includes it even when it is not exported. */
  readonly enumDefinition: EnumIR | null
  readonly notNull: boolean
  readonly primaryKey: boolean
  /** Column-level unique constraint; `name` undefined = PostgreSQL's `<table>_<column>_key`. */
  readonly unique: { readonly name: string | undefined; readonly nullsNotDistinct?: boolean } | null
  /** Server default as SQL text. */
  readonly default: string | null
  readonly references: ReferenceSpec | null
  readonly comment: string | null
  readonly identity: IdentityIR | null
  readonly generated: string | null
  /** With `generated`: `VIRTUAL` rather than `STORED`. */
  readonly virtual?: boolean
  readonly autoIncrement: boolean
  /** `.index(name?)`: a plain index on the column; `name` undefined = `ix_<table>_<column>`. */
  readonly index?: { readonly name: string | undefined }
  /** `.collate(name)`: the column's collation. */
  readonly collation?: string
}

export interface ColumnUniqueOptions {
  /** Constraint name; default `<table>_<column>_key`. */
  readonly name?: string
  /** `UNIQUE NULLS NOT DISTINCT`: at most one NULL (PostgreSQL 15+; an error on SQLite). */
  readonly nullsNotDistinct?: boolean
}

export interface GeneratedOptions {
  /** `'stored'` (the default): computed on write and stored; `'virtual'`: computed when read (SQLite, PostgreSQL 18+). */
  readonly mode?: 'stored' | 'virtual'
}

/**
 * How a column behaves on insert, for `InferDatabase`: `required` (a plain
 * column), `optional` (a server default, serial, identity by default →
 * Kysely's `Generated`), `never` (generated, identity always → `GeneratedAlways`).
 */
export type InsertMode = 'required' | 'optional' | 'never'

/** The values `.default()` accepts for a column of TS type `T`, besides `sql\`…\``. */
export type DefaultInput<T> =
  | SqlFragment
  // Bytes have no literal default (Uint8Array covers Node's Buffer without naming it: see ./bytes.ts).
  | (T extends Uint8Array ? never : T)
  // int8 and numeric are strings in TS, yet `.default(0)` is the natural way to write their default.
  | (string extends T ? number | bigint : never)
  | (T extends Date ? string : never)

/** Type-only key: the TS types a column carries, read by `InferDatabase`. */
declare const columnTypes: unique symbol

export interface ColumnTypes<TData, TNotNull extends boolean, TInsert extends InsertMode> {
  readonly data: TData
  readonly notNull: TNotNull
  readonly insert: TInsert
}

/**
 * An immutable column definition: every modifier returns a new builder, so a
 * builder may be shared by several tables. Columns are nullable unless
 * `.notNull()`, `.primaryKey()`, `.identity()` or `serial()`.
 */
export class ColumnBuilder<TData = unknown, TNotNull extends boolean = false, TInsert extends InsertMode = 'required'> {
  declare readonly [columnTypes]: ColumnTypes<TData, TNotNull, TInsert>
  // `declare`: set by the constructor alone. A class field would also be defined (as undefined)
  // by an initializer on every construction, and a schema module makes a builder per modifier.
  declare readonly [columnState]: ColumnState

  constructor(state: ColumnState) {
    this[columnState] = state
  }

  /**
   * A builder with the given state. Modifiers pass `{ ...this[columnState], key: value }`:
   * one spread followed by literal keys is the copy V8 does fastest, and a
   * schema module runs a modifier for nearly every column.
   */
  private with<D, N extends boolean, I extends InsertMode>(state: ColumnState): ColumnBuilder<D, N, I> {
    return new ColumnBuilder<D, N, I>(state)
  }

  notNull(): ColumnBuilder<TData, true, TInsert> {
    return this.with({ ...this[columnState], notNull: true })
  }

  /** A single-column primary key (`<table>_pkey`); implies not null. Composite keys: `primaryKey(...)` in the extras. */
  primaryKey(): ColumnBuilder<TData, true, TInsert> {
    return this.with({ ...this[columnState], primaryKey: true, notNull: true })
  }

  /**
   * A unique constraint on this column, named `<table>_<column>_key` unless a name is given:
   * `.unique()`, `.unique('uq_email')`, `.unique({ nullsNotDistinct: true })`.
   */
  unique(nameOrOptions?: string | ColumnUniqueOptions, options: ColumnUniqueOptions = {}): ColumnBuilder<TData, TNotNull, TInsert> {
    const given = typeof nameOrOptions === 'object' && nameOrOptions !== null ? nameOrOptions : { ...options, name: nameOrOptions }
    const unique = given.nullsNotDistinct === true ? { name: given.name, nullsNotDistinct: true } : { name: given.name }
    return this.with({ ...this[columnState], unique })
  }

  /** A server default: a JS value (written as an SQL literal) or `sql\`…\``. */
  default(value: DefaultInput<TData>): ColumnBuilder<TData, TNotNull, TInsert extends 'never' ? 'never' : 'optional'> {
    return this.with({ ...this[columnState], default: sqlLiteral(value) })
  }

  /**
   * A foreign key to another column, named `<table>_<column>_fkey` unless
   * `options.name` is given. The target is a function so that tables can
   * reference each other (or themselves) in any order; a self-reference needs
   * a return type: `.references((): ColumnRef => categories.id)`.
   */
  references(target: () => ColumnRef, options: ReferenceOptions = {}): ColumnBuilder<TData, TNotNull, TInsert> {
    if (typeof target !== 'function') throw new ModelError('.references() takes a function returning a column: () => users.id')
    return this.with({ ...this[columnState], references: { target, options } })
  }

  comment(text: string | null): ColumnBuilder<TData, TNotNull, TInsert> {
    return this.with({ ...this[columnState], comment: text })
  }

  /**
   * `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY`, with sequence options; implies not null.
   * Only the options given are compared with the database (PostgreSQL; SQLite ignores them).
   *
   * @example
   * integer().identity({ always: true, start: 1000, increment: 10, cache: 20 })
   */
  identity<TAlways extends boolean = false>(
    options: IdentityOptions<TAlways> = {},
  ): ColumnBuilder<TData, true, TAlways extends true ? 'never' : 'optional'> {
    return this.with({ ...this[columnState], identity: identityIR(options), notNull: true })
  }

  /**
   * A plain index on this column (SQLAlchemy's `index=True`), named `ix_<table>_<column>`
   * (SQLAlchemy's and Alembic's convention) unless `name` is given.
   */
  index(name?: string): ColumnBuilder<TData, TNotNull, TInsert> {
    if (name !== undefined && (typeof name !== 'string' || name === '')) throw new ModelError('.index() takes an index name or nothing')
    return this.with({ ...this[columnState], index: { name } })
  }

  /** The column's collation: `.collate('C')` on PostgreSQL, `.collate('NOCASE')` on SQLite. */
  collate(collation: string): ColumnBuilder<TData, TNotNull, TInsert> {
    if (typeof collation !== 'string' || collation === '') throw new ModelError('.collate() takes a collation name')
    return this.with({ ...this[columnState], collation })
  }

  /**
   * A generated column: `GENERATED ALWAYS AS (expression) STORED`, or with
   * `{ mode: 'virtual' }` `… VIRTUAL` (computed when read; SQLite, PostgreSQL 18+).
   */
  generated(expression: SqlFragment, options: GeneratedOptions = {}): ColumnBuilder<TData, TNotNull, 'never'> {
    if (!isSqlFragment(expression)) throw new ModelError('.generated() takes sql`…`')
    const mode = options.mode ?? 'stored'
    if (mode !== 'stored' && mode !== 'virtual') throw new ModelError(`.generated() mode must be 'stored' or 'virtual' (got ${JSON.stringify(mode)})`)
    const { virtual: _virtual, ...state } = this[columnState]
    return this.with(mode === 'virtual' ? { ...state, generated: expression.sql, virtual: true } : { ...state, generated: expression.sql })
  }

  /** Overrides the TS type `InferDatabase` gives the column: `customType('tsvector').$type<string>()`. */
  $type<T>(): ColumnBuilder<T, TNotNull, TInsert> {
    return this.with({ ...this[columnState] })
  }
}

export type AnyColumnBuilder = ColumnBuilder<any, boolean, InsertMode>

export function isColumnBuilder(value: unknown): value is AnyColumnBuilder {
  return typeof value === 'object' && value !== null && columnState in value
}

export function columnStateOf(builder: AnyColumnBuilder): ColumnState {
  return builder[columnState]
}

/** A fresh builder of the given type with every modifier off, but for `overrides`. */
export function createColumn<TData, TNotNull extends boolean = false, TInsert extends InsertMode = 'required'>(
  type: ColumnType,
  overrides?: Partial<ColumnState>,
): ColumnBuilder<TData, TNotNull, TInsert> {
  const state: ColumnState = {
    type,
    enumDefinition: null,
    notNull: false,
    primaryKey: false,
    unique: null,
    default: null,
    references: null,
    comment: null,
    identity: null,
    generated: null,
    autoIncrement: false,
  }
  // Object.assign sets the same keys in the same order as a trailing `...overrides` would, but
  // the literal above stays a cheap boilerplate copy; most columns have no overrides at all.
  if (overrides !== undefined) Object.assign(state, overrides)
  return new ColumnBuilder<TData, TNotNull, TInsert>(state)
}
