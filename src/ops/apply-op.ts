import { TsmigError } from '../errors.js'
import type { ColumnIR, ConstraintIR, EnumIR, IndexElement, IndexIR, SchemaIR, TableIR, TableRef } from '../schema/ir.js'
import { displayTableName, sameTable } from '../schema/names.js'
import { assertNever } from '../util/assert-never.js'
import type {
  AddColumnOp,
  AddConstraintOp,
  AlterColumnOp,
  CreateIndexOp,
  DropColumnOp,
  DropConstraintOp,
  DropIndexOp,
  OpKind,
  RenameConstraintOp,
  RenameIndexOp,
  OpOfKind,
  RenameTableOp,
  SetTableCommentOp,
  Op,
} from './op.js'
import { quoteIdentifier } from '../util/sql-quote.js'

/** An op names a table, column, index, constraint or enum the schema does not have (or already has). */
export class SchemaStateError extends TsmigError {}

/** The op kinds that change one table (renameTable also retargets foreign keys elsewhere in `applyOp`). */
export type TableOp =
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
  | SetTableCommentOp

/**
 * What an op does to the schema IR, with PostgreSQL's semantics: dropping a
 * column drops the indexes and constraints that use it, adding a primary key
 * makes its columns NOT NULL, renaming a column or table follows it into
 * indexes, constraints and foreign keys. Pure; `execute` changes nothing.
 * Used for SQLite table rebuilds (current table + op → new table) and to
 * simulate the schema in offline `--sql` mode.
 */
export function applyOp(schema: SchemaIR, op: Op): SchemaIR {
  return (schemaAppliers[op.kind] as (schema: SchemaIR, op: Op) => SchemaIR)(schema, op)
}

/** The table after a table-scoped op. */
export function applyOpToTable(table: TableIR, op: TableOp): TableIR {
  return (tableAppliers[op.kind] as (table: TableIR, op: TableOp) => TableIR)(table, op)
}

const onTable = (schema: SchemaIR, op: TableOp): SchemaIR => {
  const table = findTable(schema, op.table)
  return { ...schema, tables: schema.tables.map((t) => (t === table ? applyOpToTable(t, op) : t)) }
}

const schemaAppliers: { readonly [K in OpKind]: (schema: SchemaIR, op: OpOfKind<K>) => SchemaIR } = {
  createTable: (schema, op) => {
    if (schema.tables.some((t) => sameTable(t, op.table))) fail(`table ${show(op.table)} already exists`)
    return { ...schema, tables: [...schema.tables, op.table] }
  },
  dropTable: (schema, op) => {
    const table = findTable(schema, op.table)
    return { ...schema, tables: schema.tables.filter((t) => t !== table) }
  },
  renameTable: (schema, op) => {
    const table = findTable(schema, op.table)
    const renamed: TableRef = { schema: op.table.schema, name: op.newName }
    if (schema.tables.some((t) => sameTable(t, renamed))) fail(`table ${show(renamed)} already exists`)
    const tables = schema.tables.map((t) =>
      t === table ? applyOpToTable(t, op) : retargetForeignKeys(t, table, (ref) => ({ ...ref, table: op.newName })),
    )
    return { ...schema, tables }
  },
  addColumn: onTable,
  dropColumn: (schema, op) => {
    const table = findTable(schema, op.table)
    for (const other of schema.tables) {
      if (other === table) continue
      for (const fk of other.foreignKeys) {
        if (referencesTable(fk.references, table) && fk.references.columns.includes(op.column)) {
          fail(`cannot drop column ${show(table)}.${op.column}: foreign key ${fk.name} of ${show(other)} references it`)
        }
      }
    }
    return onTable(schema, op)
  },
  alterColumn: (schema, op) => {
    const after = onTable(schema, op)
    const newName = op.changes.newName
    if (newName === undefined || newName === op.column) return after
    const table = findTable(schema, op.table)
    const rename = (columns: readonly string[]) => columns.map((c) => (c === op.column ? newName : c))
    const tables = after.tables.map((t) =>
      sameTable(t, table) ? t : retargetForeignKeys(t, table, (ref) => ({ ...ref, columns: rename(ref.columns) })),
    )
    return { ...after, tables }
  },
  createIndex: onTable,
  dropIndex: onTable,
  renameIndex: onTable,
  addConstraint: onTable,
  dropConstraint: onTable,
  renameConstraint: onTable,
  createEnum: (schema, op) => {
    if (schema.enums.some((e) => sameEnum(e, op.enum))) fail(`enum ${show(op.enum)} already exists`)
    return { ...schema, enums: [...schema.enums, op.enum] }
  },
  dropEnum: (schema, op) => {
    const found = findEnum(schema, op)
    return { ...schema, enums: schema.enums.filter((e) => e !== found) }
  },
  addEnumValue: (schema, op) => {
    const found = findEnum(schema, op)
    if (found.values.includes(op.value)) fail(`enum ${show(op)} already has the value '${op.value}'`)
    const anchor = op.before ?? op.after
    let position = found.values.length
    if (anchor !== undefined) {
      const index = found.values.indexOf(anchor)
      if (index < 0) fail(`enum ${show(op)} has no value '${anchor}'`)
      position = op.before !== undefined ? index : index + 1
    }
    const values = [...found.values.slice(0, position), op.value, ...found.values.slice(position)]
    return { ...schema, enums: schema.enums.map((e) => (e === found ? { ...e, values } : e)) }
  },
  recreateEnum: (schema, op) => {
    const found = findEnum(schema, op)
    return { ...schema, enums: schema.enums.map((e) => (e === found ? { ...e, values: [...op.values] } : e)) }
  },
  setTableComment: onTable,
  execute: (schema) => schema,
}

const tableAppliers: { readonly [K in TableOp['kind']]: (table: TableIR, op: OpOfKind<K>) => TableIR } = {
  renameTable: (table, op) => {
    const self = (ref: ForeignKeyTarget) => ({ ...ref, table: op.newName })
    return { ...retargetForeignKeys(table, table, self), name: op.newName }
  },
  addColumn: (table, op) => {
    if (findColumnIndex(table, op.column.name) >= 0) fail(`table ${show(table)} already has a column ${op.column.name}`)
    return { ...table, columns: [...table.columns, op.column] }
  },
  dropColumn: (table, op) => dropColumn(table, op.column),
  alterColumn: (table, op) => alterColumn(table, op),
  createIndex: (table, op) => {
    if (table.indexes.some((i) => i.name === op.index.name)) fail(`table ${show(table)} already has an index ${op.index.name}`)
    for (const element of op.index.elements) if ('column' in element) requireColumn(table, element.column)
    return { ...table, indexes: [...table.indexes, op.index] }
  },
  dropIndex: (table, op) => {
    if (!table.indexes.some((i) => i.name === op.name)) fail(`table ${show(table)} has no index ${op.name}`)
    return { ...table, indexes: table.indexes.filter((i) => i.name !== op.name) }
  },
  renameIndex: (table, op) => {
    if (!table.indexes.some((i) => i.name === op.name)) fail(`table ${show(table)} has no index ${op.name}`)
    if (op.newName !== op.name && table.indexes.some((i) => i.name === op.newName)) fail(`table ${show(table)} already has an index ${op.newName}`)
    return { ...table, indexes: table.indexes.map((i) => (i.name === op.name ? { ...i, name: op.newName } : i)) }
  },
  addConstraint: (table, op) => addConstraint(table, op.constraint),
  dropConstraint: (table, op) => dropConstraint(table, op.name),
  renameConstraint: (table, op) => renameConstraint(table, op.name, op.newName),
  setTableComment: (table, op) => ({ ...table, comment: op.comment }),
}

function dropColumn(table: TableIR, column: string): TableIR {
  requireColumn(table, column)
  const uses = (expression: string | null) => expression !== null && mentionsColumn(expression, column)
  for (const other of table.columns) {
    if (other.name !== column && uses(other.generated)) {
      fail(`cannot drop column ${show(table)}.${column}: generated column ${other.name} depends on it`)
    }
  }
  const indexUses = (index: IndexIR) =>
    uses(index.where) || index.include.includes(column) ||
    index.elements.some((e) => ('column' in e ? e.column === column : uses(e.expression)))
  return {
    ...table,
    columns: table.columns.filter((c) => c.name !== column),
    primaryKey: table.primaryKey?.columns.includes(column) ? null : table.primaryKey,
    indexes: table.indexes.filter((i) => !indexUses(i)),
    uniques: table.uniques.filter((u) => !u.columns.includes(column)),
    checks: table.checks.filter((c) => !uses(c.expression)),
    foreignKeys: table.foreignKeys.filter(
      (fk) => !fk.columns.includes(column) && !(referencesTable(fk.references, table) && fk.references.columns.includes(column)),
    ),
  }
}

function alterColumn(table: TableIR, op: AlterColumnOp): TableIR {
  const index = requireColumn(table, op.column)
  const { newName, ...changes } = op.changes
  const changed: ColumnIR = { ...table.columns[index], ...changes }
  const columns = table.columns.map((c, i) => (i === index ? changed : c))
  const altered = { ...table, columns }
  if (newName === undefined || newName === op.column) return altered
  if (findColumnIndex(table, newName) >= 0) fail(`table ${show(table)} already has a column ${newName}`)
  return renameColumn(altered, op.column, newName)
}

/** A column renamed everywhere the table mentions it. */
function renameColumn(table: TableIR, from: string, to: string): TableIR {
  const names = (columns: readonly string[]) => columns.map((c) => (c === from ? to : c))
  const text = (expression: string) => renameColumnIn(expression, from, to)
  const element = (e: IndexElement): IndexElement =>
    'column' in e ? { ...e, column: e.column === from ? to : e.column } : { ...e, expression: text(e.expression) }
  const renamed = retargetForeignKeys(table, table, (ref) => ({ ...ref, columns: names(ref.columns) }))
  return {
    ...renamed,
    columns: table.columns.map((c) => ({
      ...c,
      name: c.name === from ? to : c.name,
      generated: c.generated === null ? null : text(c.generated),
    })),
    primaryKey: table.primaryKey === null ? null : { ...table.primaryKey, columns: names(table.primaryKey.columns) },
    indexes: table.indexes.map((i) => ({
      ...i,
      elements: i.elements.map(element),
      where: i.where === null ? null : text(i.where),
      include: names(i.include),
    })),
    uniques: table.uniques.map((u) => ({ ...u, columns: names(u.columns) })),
    checks: table.checks.map((c) => ({ ...c, expression: text(c.expression) })),
    foreignKeys: renamed.foreignKeys.map((fk) => ({ ...fk, columns: names(fk.columns) })),
  }
}

function constraintNames(table: TableIR): string[] {
  return [
    ...(table.primaryKey?.name == null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...table.checks.map((c) => c.name),
    ...table.foreignKeys.map((f) => f.name),
  ]
}

function addConstraint(table: TableIR, constraint: ConstraintIR): TableIR {
  if (constraintNames(table).includes(constraint.name)) {
    fail(`table ${show(table)} already has a constraint ${constraint.name}`)
  }
  switch (constraint.type) {
    case 'primaryKey': {
      if (table.primaryKey !== null) fail(`table ${show(table)} already has a primary key (${table.primaryKey.name})`)
      constraint.columns.forEach((c) => requireColumn(table, c))
      const columns = table.columns.map((c) => (constraint.columns.includes(c.name) ? { ...c, nullable: false } : c))
      return { ...table, columns, primaryKey: { name: constraint.name, columns: constraint.columns } }
    }
    case 'unique': {
      constraint.columns.forEach((c) => requireColumn(table, c))
      const { type: _type, ...unique } = constraint
      return { ...table, uniques: [...table.uniques, unique] }
    }
    case 'check':
      return { ...table, checks: [...table.checks, { name: constraint.name, expression: constraint.expression }] }
    case 'foreignKey': {
      constraint.columns.forEach((c) => requireColumn(table, c))
      const { type: _type, ...foreignKey } = constraint
      return { ...table, foreignKeys: [...table.foreignKeys, foreignKey] }
    }
    default:
      return assertNever(constraint)
  }
}

function dropConstraint(table: TableIR, name: string): TableIR {
  if (table.primaryKey !== null && table.primaryKey.name === name) return { ...table, primaryKey: null }
  if (table.uniques.some((u) => u.name === name)) return { ...table, uniques: table.uniques.filter((u) => u.name !== name) }
  if (table.checks.some((c) => c.name === name)) return { ...table, checks: table.checks.filter((c) => c.name !== name) }
  if (table.foreignKeys.some((f) => f.name === name)) {
    return { ...table, foreignKeys: table.foreignKeys.filter((f) => f.name !== name) }
  }
  return fail(`table ${show(table)} has no constraint ${name}`)
}

function renameConstraint(table: TableIR, from: string, to: string): TableIR {
  const names = constraintNames(table)
  if (!names.includes(from)) fail(`table ${show(table)} has no constraint ${from}`)
  if (to !== from && names.includes(to)) fail(`table ${show(table)} already has a constraint ${to}`)
  const rename = <T extends { readonly name: string }>(c: T): T => (c.name === from ? { ...c, name: to } : c)
  return {
    ...table,
    primaryKey: table.primaryKey !== null && table.primaryKey.name === from ? { ...table.primaryKey, name: to } : table.primaryKey,
    uniques: table.uniques.map(rename),
    checks: table.checks.map(rename),
    foreignKeys: table.foreignKeys.map(rename),
  }
}

type ForeignKeyTarget = TableIR['foreignKeys'][number]['references']

function referencesTable(ref: ForeignKeyTarget, table: TableRef): boolean {
  return ref.table === table.name && (ref.schema ?? table.schema) === table.schema
}

/** `table` with every foreign key that points at `target` passed through `change`. */
function retargetForeignKeys(table: TableIR, target: TableRef, change: (ref: ForeignKeyTarget) => ForeignKeyTarget): TableIR {
  if (!table.foreignKeys.some((fk) => referencesTable(fk.references, target))) return table
  const foreignKeys = table.foreignKeys.map((fk) =>
    referencesTable(fk.references, target) ? { ...fk, references: change(fk.references) } : fk,
  )
  return { ...table, foreignKeys }
}

function findTable(schema: SchemaIR, ref: TableRef): TableIR {
  return schema.tables.find((t) => sameTable(t, ref)) ?? fail(`table ${show(ref)} does not exist`)
}

function sameEnum(a: { readonly schema?: string; readonly name: string }, b: { readonly schema?: string; readonly name: string }) {
  return a.name === b.name && a.schema === b.schema
}

function findEnum(schema: SchemaIR, ref: { readonly schema?: string; readonly name: string }): EnumIR {
  return schema.enums.find((e) => sameEnum(e, ref)) ?? fail(`enum ${show(ref)} does not exist`)
}

function findColumnIndex(table: TableIR, column: string): number {
  return table.columns.findIndex((c) => c.name === column)
}

function requireColumn(table: TableIR, column: string): number {
  const index = findColumnIndex(table, column)
  if (index < 0) fail(`table ${show(table)} has no column ${column}`)
  return index
}

function show(ref: { readonly schema?: string; readonly name: string }): string {
  return displayTableName(ref)
}

function fail(message: string): never {
  throw new SchemaStateError(message)
}

/**
 * Identifiers in SQL text that may name a column: double-quoted names (exact)
 * and bare words (case-insensitive, as both dialects fold or ignore case),
 * skipping string literals and function names (a word followed by `(`).
 */
const identifierPattern = /'(?:[^']|'')*'|"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)(\s*\()?/g

function mapColumnIdentifiers(expression: string, column: string, replace: (match: string, quoted: boolean) => string): string {
  return expression.replace(identifierPattern, (match, quoted: string | undefined, bare: string | undefined, call: string | undefined) => {
    if (quoted !== undefined && quoted.replaceAll('""', '"') === column) return replace(match, true)
    if (bare !== undefined && call === undefined && bare.toLowerCase() === column.toLowerCase()) return replace(match, false)
    return match
  })
}

function mentionsColumn(expression: string, column: string): boolean {
  let found = false
  mapColumnIdentifiers(expression, column, (match) => {
    found = true
    return match
  })
  return found
}

function renameColumnIn(expression: string, from: string, to: string): string {
  const quotedTo = quoteIdentifier(to)
  return mapColumnIdentifiers(expression, from, (_match, quoted) => (quoted || !/^[a-z_][a-z0-9_]*$/.test(to) ? quotedTo : to))
}
