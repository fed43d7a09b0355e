import type { NullsOrder, TableRef } from '../schema/ir.js'
import { columnRefBrand, indexElementBrand } from './symbols.js'
import type { SqlFragment } from './sql.js'
import { ModelError } from './model-error.js'

/** What an index element is built from: a column or an expression. */
export type IndexElementSource = ColumnRef | SqlFragment

export interface IndexElementSpec {
  readonly source: IndexElementSource
  readonly desc: boolean
  readonly nulls: NullsOrder | null
  /** A non-default operator class: `.op('jsonb_path_ops')`. */
  readonly opclass?: string
}

/** An operator class name, optionally schema-qualified; parts may be double-quoted. */
const opclassName = /^("[^"]+"|[A-Za-z_][A-Za-z0-9_$]*)(\.("[^"]+"|[A-Za-z_][A-Za-z0-9_$]*))?$/

function checkedOpclass(name: string): string {
  if (typeof name !== 'string' || !opclassName.test(name.trim())) {
    throw new ModelError(`.op() takes an operator class name, like .op('jsonb_path_ops') (got ${JSON.stringify(name)})`)
  }
  return name.trim()
}

/** An element of `index().on(...)` carrying a sort order: `t.created_at.desc().nullsLast()`. */
export class IndexElementBuilder {
  // Fields are `declare`d and set by the constructor, in the order class fields had them:
  // the same own properties, without a class-field initializer on every construction.
  declare readonly spec: IndexElementSpec
  declare readonly [indexElementBrand]: true

  constructor(spec: IndexElementSpec) {
    this.spec = spec
    this[indexElementBrand] = true
  }

  asc(): IndexElementBuilder {
    return new IndexElementBuilder({ ...this.spec, desc: false })
  }

  desc(): IndexElementBuilder {
    return new IndexElementBuilder({ ...this.spec, desc: true })
  }

  nullsFirst(): IndexElementBuilder {
    return new IndexElementBuilder({ ...this.spec, nulls: 'first' })
  }

  nullsLast(): IndexElementBuilder {
    return new IndexElementBuilder({ ...this.spec, nulls: 'last' })
  }

  /** The operator class of this element (PostgreSQL): `.op('text_pattern_ops')`. */
  op(opclass: string): IndexElementBuilder {
    return new IndexElementBuilder({ ...this.spec, opclass: checkedOpclass(opclass) })
  }
}

/**
 * A column of a table, as a table object exposes it (`users.id`, `t.email`):
 * the target of `.references()`, an element of indexes and constraints, a
 * quoted identifier inside `sql\`…\``. The sort-order methods return new
 * index elements and leave the column untouched.
 */
export class ColumnRef {
  /** Undefined for a name-only reference, which is resolved against the table it is used in. */
  declare readonly table: TableRef | undefined
  declare readonly name: string
  // `declare`d and set by the constructor (as in IndexElementBuilder): a table makes one per column.
  declare readonly [columnRefBrand]: true

  constructor(table: TableRef | undefined, name: string) {
    this.table = table
    this.name = name
    this[columnRefBrand] = true
  }

  asc(): IndexElementBuilder {
    return new IndexElementBuilder({ source: this, desc: false, nulls: null })
  }

  desc(): IndexElementBuilder {
    return new IndexElementBuilder({ source: this, desc: true, nulls: null })
  }

  nullsFirst(): IndexElementBuilder {
    return new IndexElementBuilder({ source: this, desc: false, nulls: 'first' })
  }

  nullsLast(): IndexElementBuilder {
    return new IndexElementBuilder({ source: this, desc: false, nulls: 'last' })
  }

  /** This column with an operator class, in an index (PostgreSQL): `t.data.op('jsonb_path_ops')`. */
  op(opclass: string): IndexElementBuilder {
    return new IndexElementBuilder({ source: this, desc: false, nulls: null, opclass: checkedOpclass(opclass) })
  }
}

export function isColumnRef(value: unknown): value is ColumnRef {
  return typeof value === 'object' && value !== null && (value as Partial<ColumnRef>)[columnRefBrand] === true
}

export function isIndexElementBuilder(value: unknown): value is IndexElementBuilder {
  return (
    typeof value === 'object' && value !== null && (value as Partial<IndexElementBuilder>)[indexElementBrand] === true
  )
}

/**
 * A column referenced by name, for code where the table object is not in
 * scope (generated revision files).
 *
 * @example
 * integer().references(() => columnRef('id', 'users'))
 * index('ix_events_at').on(columnRef('at').desc())
 */
export function columnRef(name: string, table?: string | TableRef): ColumnRef {
  const ref = typeof table === 'string' ? { name: table } : table
  return new ColumnRef(ref, name)
}

/**
 * An index expression with a sort order: `index().on(indexExpression(sql\`lower(title)\`).desc())`.
 * A bare `sql` fragment in `.on()` is the same expression in ascending order.
 */
export function indexExpression(expression: SqlFragment): IndexElementBuilder {
  return new IndexElementBuilder({ source: expression, desc: false, nulls: null })
}
