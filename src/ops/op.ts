import type {
  ColumnIR,
  ColumnType,
  ConstraintIR,
  EnumIR,
  IdentityIR,
  IndexIR,
  TableIR,
  TableRef,
} from '../schema/ir.js'

/**
 * Migration operations as data. The comparator emits them, revision files
 * build them through the `op` facade, dialects compile them to SQL, and
 * `reverse` turns an upgrade list into its downgrade.
 *
 * Every drop may carry the old definition (`old`): generated ops always do,
 * so `reverse` is total for them; hand-written ones may omit it.
 */
export type Op =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | RenameIndexOp
  | AddConstraintOp
  | DropConstraintOp
  | RenameConstraintOp
  | CreateEnumOp
  | DropEnumOp
  | AddEnumValueOp
  | RecreateEnumOp
  | SetTableCommentOp
  | ExecuteOp

export type OpKind = Op['kind']
export type OpOfKind<K extends OpKind> = Extract<Op, { kind: K }>

export interface CreateTableOp {
  readonly kind: 'createTable'
  readonly table: TableIR
}

export interface DropTableOp {
  readonly kind: 'dropTable'
  readonly table: TableRef
  readonly old?: TableIR
}

export interface RenameTableOp {
  readonly kind: 'renameTable'
  readonly table: TableRef
  readonly newName: string
}

export interface AddColumnOp {
  readonly kind: 'addColumn'
  readonly table: TableRef
  readonly column: ColumnIR
}

export interface DropColumnOp {
  readonly kind: 'dropColumn'
  readonly table: TableRef
  readonly column: string
  readonly old?: ColumnIR
}

/** The attributes `alterColumn` can change; an absent key means unchanged. */
export interface ColumnChanges {
  readonly type?: ColumnType
  readonly nullable?: boolean
  readonly default?: string | null
  readonly comment?: string | null
  readonly identity?: IdentityIR | null
  readonly generated?: string | null
  /** With `generated`: whether the new expression is `VIRTUAL`. */
  readonly virtual?: boolean
  readonly autoIncrement?: boolean
  /** A collation name; null = the type's default. */
  readonly collation?: string | null
  readonly newName?: string
}

export interface AlterColumnOp {
  readonly kind: 'alterColumn'
  readonly table: TableRef
  readonly column: string
  readonly changes: ColumnChanges
  /** The column before the change: needed by `reverse`, and by dialects for casts and rebuilds. */
  readonly old?: ColumnIR
}

export interface CreateIndexOp {
  readonly kind: 'createIndex'
  readonly table: TableRef
  readonly index: IndexIR
}

export interface DropIndexOp {
  readonly kind: 'dropIndex'
  readonly table: TableRef
  readonly name: string
  readonly old?: IndexIR
}

/**
 * A new name for an index, nothing else: PostgreSQL `ALTER INDEX … RENAME`
 * keeps the index as it is (same storage, same parameters). Autogenerate emits
 * it when a rename leaves an index whose model name differs.
 */
export interface RenameIndexOp {
  readonly kind: 'renameIndex'
  readonly table: TableRef
  readonly name: string
  readonly newName: string
}

export interface AddConstraintOp {
  readonly kind: 'addConstraint'
  readonly table: TableRef
  readonly constraint: ConstraintIR
}

export interface DropConstraintOp {
  readonly kind: 'dropConstraint'
  readonly table: TableRef
  readonly name: string
  readonly old?: ConstraintIR
}

/** A new name for a constraint, nothing else (`ALTER TABLE … RENAME CONSTRAINT`). */
export interface RenameConstraintOp {
  readonly kind: 'renameConstraint'
  readonly table: TableRef
  readonly name: string
  readonly newName: string
}

export interface CreateEnumOp {
  readonly kind: 'createEnum'
  readonly enum: EnumIR
}

export interface DropEnumOp {
  readonly kind: 'dropEnum'
  readonly schema?: string
  readonly name: string
  readonly old?: EnumIR
}

export interface AddEnumValueOp {
  readonly kind: 'addEnumValue'
  readonly schema?: string
  readonly name: string
  readonly value: string
  /** Position: `BEFORE`/`AFTER` an existing value; absent = appended. */
  readonly before?: string
  readonly after?: string
  /** The enum before the value was added: its reverse is a `recreateEnum` back to it. */
  readonly old?: EnumIR
}

/**
 * Replace an enum's value list where `ADD VALUE` cannot (a value removed or
 * reordered, or undoing an `addEnumValue`): PostgreSQL renames the old type,
 * creates the new one, converts every column using it through `::text` (so
 * rows keep their values; a row holding a removed value makes it fail),
 * restores those columns' defaults and drops the old type. SQLite: no-op.
 */
export interface RecreateEnumOp {
  readonly kind: 'recreateEnum'
  readonly schema?: string
  readonly name: string
  readonly values: readonly string[]
  readonly old?: EnumIR
}

export interface SetTableCommentOp {
  readonly kind: 'setTableComment'
  readonly table: TableRef
  readonly comment: string | null
  readonly old?: string | null
}

export interface ExecuteOp {
  readonly kind: 'execute'
  readonly sql: string
}
