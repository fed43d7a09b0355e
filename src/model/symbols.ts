/**
 * Brands that mark DSL objects. They are registered symbols (`Symbol.for`) so
 * that a model module importing one copy of tsmig (say `dist/`) is still
 * recognized by the CLI running another copy: recognition never relies on
 * `instanceof` or on an object's shape.
 */

/** Holds a column builder's immutable state. */
export const columnState: unique symbol = Symbol.for('tsmig.column')
/** Holds a table's definition (name, schema, columns, extras). */
export const tableDefinition: unique symbol = Symbol.for('tsmig.table')
/** Holds an enum's IR on the callable `enumType(...)` object. */
export const enumDefinition: unique symbol = Symbol.for('tsmig.enum')
/** Marks a `sql` fragment. */
export const sqlFragmentBrand: unique symbol = Symbol.for('tsmig.sql')
/** Marks a reference to a column of a table (`users.id`, `t.email`). */
export const columnRefBrand: unique symbol = Symbol.for('tsmig.columnRef')
/** Marks an index element with a direction (`t.created_at.desc()`). */
export const indexElementBrand: unique symbol = Symbol.for('tsmig.indexElement')
/** Holds the spec of a table extra (index, unique, check, foreign key, primary key). */
export const extraSpec: unique symbol = Symbol.for('tsmig.extra')
