/**
 * The one schema IR. The model DSL and every introspector produce it; the
 * comparator never knows where a side came from. Everything is plain readonly
 * data so that it can be compared field by field, serialized and rendered.
 *
 * Conventions:
 * - `schema: undefined` means the dialect's default schema (PostgreSQL's
 *   `current_schema()`, SQLite's `main`), so that a model without schemas
 *   matches what an introspector reports.
 * - SQL expressions (defaults, checks, index expressions, predicates, generated
 *   expressions) are text. A dialect normalizes them (`'x'::text` → `'x'`)
 *   before the comparator sees them.
 */

export interface SchemaIR {
  readonly tables: readonly TableIR[]
  readonly enums: readonly EnumIR[]
}

export interface TableRef {
  readonly schema?: string
  readonly name: string
}

export interface TableIR extends TableRef {
  readonly columns: readonly ColumnIR[]
  readonly primaryKey: PrimaryKeyIR | null
  readonly indexes: readonly IndexIR[]
  readonly uniques: readonly UniqueIR[]
  readonly checks: readonly CheckIR[]
  readonly foreignKeys: readonly ForeignKeyIR[]
  readonly comment: string | null
}

export type ColumnType =
  | {
      readonly kind:
        | 'integer'
        | 'bigint'
        | 'smallint'
        | 'text'
        | 'boolean'
        | 'date'
        | 'real'
        | 'doublePrecision'
        | 'json'
        | 'jsonb'
        | 'uuid'
        | 'bytea'
    }
  | { readonly kind: 'varchar' | 'char'; readonly length?: number }
  | { readonly kind: 'numeric'; readonly precision?: number; readonly scale?: number }
  | { readonly kind: 'timestamp' | 'time'; readonly withTimezone: boolean; readonly precision?: number }
  | { readonly kind: 'enum'; readonly name: string; readonly schema?: string }
  /** A type tsmig has no builder for, kept verbatim (`tsvector`, `integer[]`), lower-cased by the dialect. */
  | { readonly kind: 'custom'; readonly sql: string }

export type ColumnTypeKind = ColumnType['kind']

export interface IdentityIR {
  /** `GENERATED ALWAYS AS IDENTITY` when true, `BY DEFAULT` otherwise. */
  readonly always: boolean
  /**
   * Sequence options, integers as decimal text (bigint bounds exceed JS numbers).
   * Absent: in the model, not stated (so not compared); in an op, the database's
   * default (see `schema/identity.ts`). Introspection reports every one it knows.
   */
  readonly start?: string
  readonly increment?: string
  readonly minValue?: string
  readonly maxValue?: string
  readonly cycle?: boolean
  readonly cache?: string
}

export interface ColumnIR {
  readonly name: string
  readonly type: ColumnType
  readonly nullable: boolean
  /** Server default as SQL text, or null for none. */
  readonly default: string | null
  readonly comment: string | null
  readonly identity: IdentityIR | null
  /** Expression of a generated column, or null. */
  readonly generated: string | null
  /** With `generated`: computed when read (`VIRTUAL`) instead of stored; absent = `STORED`. */
  readonly virtual?: boolean
  /**
   * `serial`/`bigserial` on PostgreSQL (an owned sequence as default),
   * `AUTOINCREMENT` on SQLite. Distinct from identity.
   */
  readonly autoIncrement: boolean
  /** Collation named on the column (`C`, `NOCASE`); absent or null = the type's default, never compared. */
  readonly collation?: string | null
}

export interface PrimaryKeyIR {
  readonly name: string | null
  readonly columns: readonly string[]
}

export type SortDirection = 'asc' | 'desc'
export type NullsOrder = 'first' | 'last'

/** `opclass`: a non-default operator class (`jsonb_path_ops`); absent = the type's default for the method. */
export type IndexElement =
  | { readonly column: string; readonly desc: boolean; readonly nulls: NullsOrder | null; readonly opclass?: string }
  | { readonly expression: string; readonly desc: boolean; readonly nulls: NullsOrder | null; readonly opclass?: string }

/**
 * Storage parameters of an index (`WITH (fillfactor=70)`, PostgreSQL), values
 * as text; absent = none stated. Compared only when the model states them.
 */
export type StorageParameters = Readonly<Record<string, string>>

export interface IndexIR {
  readonly name: string
  readonly unique: boolean
  readonly elements: readonly IndexElement[]
  /** Partial index predicate, or null. */
  readonly where: string | null
  /** Access method; null means the dialect's default (btree). */
  readonly using: string | null
  /** `INCLUDE` columns (PostgreSQL). */
  readonly include: readonly string[]
  /** `NULLS NOT DISTINCT` of a unique index (PostgreSQL 15+); absent = NULLs are distinct. */
  readonly nullsNotDistinct?: boolean
  readonly with?: StorageParameters
}

export interface UniqueIR {
  readonly name: string
  readonly columns: readonly string[]
  /** `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15+); absent = NULLs are distinct. */
  readonly nullsNotDistinct?: boolean
  /** Storage parameters of the constraint's index. */
  readonly with?: StorageParameters
}

export interface CheckIR {
  readonly name: string
  readonly expression: string
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default'
export type Deferrable = 'initially immediate' | 'initially deferred'

export interface ForeignKeyIR {
  readonly name: string
  readonly columns: readonly string[]
  readonly references: { readonly schema?: string; readonly table: string; readonly columns: readonly string[] }
  readonly onDelete: ReferentialAction
  readonly onUpdate: ReferentialAction
  /** null = not deferrable. */
  readonly deferrable: Deferrable | null
}

export interface EnumIR {
  readonly schema?: string
  readonly name: string
  readonly values: readonly string[]
}

/** A table-level constraint as one value, the payload of add/drop constraint ops. */
export type ConstraintIR =
  | ({ readonly type: 'primaryKey' } & PrimaryKeyIR & { readonly name: string })
  | ({ readonly type: 'unique' } & UniqueIR)
  | ({ readonly type: 'check' } & CheckIR)
  | ({ readonly type: 'foreignKey' } & ForeignKeyIR)

export const emptySchema: SchemaIR = { tables: [], enums: [] }
