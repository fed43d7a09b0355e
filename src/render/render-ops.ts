import type { ColumnChanges, Op, OpKind, OpOfKind } from '../ops/op.js'
import type { ColumnIR, TableIR, TableRef } from '../schema/ir.js'
import { renderIdentityOptions } from './render-identity.js'
import { renderColumn, renderColumnType } from './render-column.js'
import { renderConstraintExtra, renderIndexElements, renderIndexExtra, tableExtras } from './render-extras.js'
import { tsDefault, tsKey, tsOptions, tsSql, tsString, tsStringList } from './render-value.js'
import { tsStorageParameters } from './render-storage.js'

type Use = (name: string) => void

function schemaOption(ref: { readonly schema?: string }): readonly [string, string | undefined] {
  return ['schema', ref.schema === undefined ? undefined : tsString(ref.schema)]
}

/** `, { schema: 'audit' }` or nothing. */
function trailingOptions(...entries: (readonly [string, string | undefined])[]): string {
  const options = tsOptions(entries)
  return options === '' ? '' : `, ${options}`
}

function table(ref: TableRef): string {
  return tsString(ref.name)
}

function renderChanges(changes: ColumnChanges, use: Use, old: ColumnIR | undefined): string {
  const entries: (readonly [string, string | undefined])[] = []
  if (changes.type !== undefined) entries.push(['type', renderColumnType(changes.type, use)])
  if (changes.nullable !== undefined) entries.push(['nullable', String(changes.nullable)])
  if ('default' in changes) {
    const value = changes.default === null || changes.default === undefined ? 'null' : tsDefault(changes.default)
    if (value.startsWith('sql`')) use('sql')
    entries.push(['default', value])
  }
  if ('comment' in changes) entries.push(['comment', changes.comment == null ? 'null' : tsString(changes.comment)])
  if ('identity' in changes) {
    const type = changes.type ?? old?.type
    entries.push(['identity', changes.identity ? renderIdentityOptions(changes.identity, type, true) : 'null'])
  }
  if ('generated' in changes) {
    if (changes.generated) use('sql')
    entries.push(['generated', changes.generated ? tsSql(changes.generated) : 'null'])
  }
  if (changes.virtual !== undefined && changes.generated) entries.push(['virtual', String(changes.virtual)])
  if (changes.autoIncrement !== undefined) entries.push(['autoIncrement', String(changes.autoIncrement)])
  if ('collation' in changes) entries.push(['collation', changes.collation == null ? 'null' : tsString(changes.collation)])
  if (changes.newName !== undefined) entries.push(['newName', tsString(changes.newName)])
  return tsOptions(entries)
}

/**
 * Appends the lines of `text` (usually one) to `lines`, each prefixed with
 * `by`. Revisions run to thousands of lines: they are collected once and
 * joined once, instead of being re-indented as each enclosing block is.
 */
function pushIndented(lines: string[], text: string, by: string): void {
  if (!text.includes('\n')) lines.push(by + text)
  else for (const line of text.split('\n')) lines.push(by + line)
}

/**
 * Appends `op.createTable(…)` to `lines`, a column or an extra per line (any
 * line breaks within them kept), every line prefixed with `indentation`, the
 * first line starting with `start`.
 */
function pushCreateTable(lines: string[], op: OpOfKind<'createTable'>, use: Use, indentation: string, start: string): void {
  const created = op.table
  const { constraints, indexes, inline, unnamedChecks } = tableExtras(created)
  const nested = `${indentation}  `
  lines.push(`${indentation}${start}op.createTable(${table(created)}, {`)
  // Indexed loops and no intermediate arrays: a long revision runs this for
  // every table, mostly in a short cold process.
  const columns = created.columns
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]
    pushIndented(lines, `${tsKey(c.name)}: ${renderColumn(c, use)}${inline.get(c.name) ?? ''},`, nested)
  }
  // A table without columns still gets its (blank) line between the braces.
  if (columns.length === 0) lines.push(nested)
  const options = createTableOptions(created)
  if (constraints.length === 0 && indexes.length === 0) {
    lines.push(`${indentation}${options === '' ? '})' : `}, undefined, ${options})`}`)
    return
  }
  lines.push(`${indentation}}, () => [`)
  for (let i = 0; i < constraints.length; i++) pushIndented(lines, `${renderConstraintExtra(constraints[i], use, unnamedChecks)},`, nested)
  for (let i = 0; i < indexes.length; i++) pushIndented(lines, `${renderIndexExtra(indexes[i], use)},`, nested)
  lines.push(`${indentation}${options === '' ? '])' : `], ${options})`}`)
}

/** `createTable`'s trailing options; most tables have neither a schema nor a comment, and no options to build. */
function createTableOptions(created: TableIR): string {
  if (created.schema === undefined && created.comment === null) return ''
  return tsOptions([schemaOption(created), ['comment', created.comment === null ? undefined : tsString(created.comment)]])
}

/**
 * Each op kind as a call on the revision file's `op`. Exhaustive: a kind
 * without a renderer does not compile.
 */
const renderers: { readonly [K in OpKind]: (op: OpOfKind<K>, use: Use) => string } = {
  createTable: (op, use) => {
    const lines: string[] = []
    pushCreateTable(lines, op, use, '', '')
    return lines.join('\n')
  },
  dropTable: (op) => `op.dropTable(${table(op.table)}${trailingOptions(schemaOption(op.table))})`,
  renameTable: (op) => `op.renameTable(${table(op.table)}, ${tsString(op.newName)}${trailingOptions(schemaOption(op.table))})`,
  addColumn: (op, use) =>
    `op.addColumn(${table(op.table)}, ${tsString(op.column.name)}, ${renderColumn(op.column, use)}${trailingOptions(schemaOption(op.table))})`,
  dropColumn: (op) => `op.dropColumn(${table(op.table)}, ${tsString(op.column)}${trailingOptions(schemaOption(op.table))})`,
  alterColumn: (op, use) =>
    `op.alterColumn(${table(op.table)}, ${tsString(op.column)}, ${renderChanges(op.changes, use, op.old)}${trailingOptions(schemaOption(op.table))})`,
  createIndex: (op, use) => {
    const index = op.index
    if (index.where !== null) use('sql')
    return `op.createIndex(${tsString(index.name)}, ${table(op.table)}, ${renderIndexElements(index, use)}${trailingOptions(
      ['unique', index.unique ? 'true' : undefined],
      ['where', index.where === null ? undefined : tsSql(index.where)],
      ['using', index.using === null ? undefined : tsString(index.using)],
      ['include', index.include.length === 0 ? undefined : tsStringList(index.include)],
      ['nullsNotDistinct', index.nullsNotDistinct === true ? 'true' : undefined],
      ['with', index.with === undefined ? undefined : tsStorageParameters(index.with)],
      schemaOption(op.table),
    )})`
  },
  dropIndex: (op) => `op.dropIndex(${tsString(op.name)}, ${table(op.table)}${trailingOptions(schemaOption(op.table))})`,
  renameIndex: (op) => `op.renameIndex(${table(op.table)}, ${tsString(op.name)}, ${tsString(op.newName)}${trailingOptions(schemaOption(op.table))})`,
  addConstraint: (op, use) => {
    const c = op.constraint
    const name = tsString(c.name)
    switch (c.type) {
      case 'primaryKey':
        return `op.createPrimaryKey(${name}, ${table(op.table)}, ${tsStringList(c.columns)}${trailingOptions(schemaOption(op.table))})`
      case 'unique':
        return `op.createUniqueConstraint(${name}, ${table(op.table)}, ${tsStringList(c.columns)}${trailingOptions(
          ['nullsNotDistinct', c.nullsNotDistinct === true ? 'true' : undefined],
          ['with', c.with === undefined ? undefined : tsStorageParameters(c.with)],
          schemaOption(op.table),
        )})`
      case 'check':
        use('sql')
        return `op.createCheckConstraint(${name}, ${table(op.table)}, ${tsSql(c.expression)}${trailingOptions(schemaOption(op.table))})`
      case 'foreignKey':
        return `op.createForeignKey(${name}, ${table(op.table)}, ${tsString(c.references.table)}, ${tsStringList(c.columns)}, ${tsStringList(c.references.columns)}${trailingOptions(
          ['onDelete', c.onDelete === 'no action' ? undefined : tsString(c.onDelete)],
          ['onUpdate', c.onUpdate === 'no action' ? undefined : tsString(c.onUpdate)],
          ['deferrable', c.deferrable === null ? undefined : tsString(c.deferrable)],
          schemaOption(op.table),
          ['referencedSchema', c.references.schema === undefined ? undefined : tsString(c.references.schema)],
        )})`
    }
  },
  dropConstraint: (op) => `op.dropConstraint(${tsString(op.name)}, ${table(op.table)}${trailingOptions(schemaOption(op.table))})`,
  renameConstraint: (op) =>
    `op.renameConstraint(${table(op.table)}, ${tsString(op.name)}, ${tsString(op.newName)}${trailingOptions(schemaOption(op.table))})`,
  createEnum: (op) => `op.createEnum(${tsString(op.enum.name)}, ${tsStringList(op.enum.values)}${trailingOptions(schemaOption(op.enum))})`,
  dropEnum: (op) => `op.dropEnum(${tsString(op.name)}${trailingOptions(schemaOption(op))})`,
  addEnumValue: (op) =>
    `op.addEnumValue(${tsString(op.name)}, ${tsString(op.value)}${trailingOptions(
      ['before', op.before === undefined ? undefined : tsString(op.before)],
      ['after', op.after === undefined ? undefined : tsString(op.after)],
      schemaOption(op),
    )})`,
  recreateEnum: (op) => `op.recreateEnum(${tsString(op.name)}, ${tsStringList(op.values)}${trailingOptions(schemaOption(op))})`,
  setTableComment: (op) =>
    `op.setTableComment(${table(op.table)}, ${op.comment === null ? 'null' : tsString(op.comment)}${trailingOptions(schemaOption(op.table))})`,
  execute: (op, use) => {
    use('sql')
    return `op.execute(${tsSql(op.sql)})`
  },
}

export function renderOp(op: Op, use: Use): string {
  return (renderers[op.kind] as (op: Op, use: Use) => string)(op, use)
}

/** The body of `upgrade`/`downgrade`: one awaited call per op, or a comment when there is nothing to do. */
export function renderOpsBody(ops: readonly Op[], use: Use): string {
  if (ops.length === 0) return '  // nothing to do'
  const lines: string[] = []
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]
    if (op.kind !== 'createTable') {
      pushIndented(lines, `await ${renderOp(op, use)}`, '  ')
      continue
    }
    // The most common op of a long revision by far: its lines go in as they are made, not split again.
    pushCreateTable(lines, op, use, '  ', 'await ')
  }
  return lines.join('\n')
}
