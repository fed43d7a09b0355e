import { createHash } from 'node:crypto'
import type { IndexIR, TableRef } from '../schema/ir.js'
import { columnStateOf, type AnyColumnBuilder } from './column-builder.js'

/** PostgreSQL's identifier limit, which SQLAlchemy also applies to generated names. */
const maxNameBytes = 63

/**
 * The name of an unnamed `.index()`: `ix_<table>_<column>`, the default naming
 * convention of SQLAlchemy (`ix_%(column_0_label)s`) and so of Alembic. A name
 * past 63 bytes is cut the way SQLAlchemy cuts it: its first 55 bytes, `_`,
 * and the last 4 hex digits of the MD5 of the whole name.
 */
export function columnIndexName(table: string, column: string): string {
  const name = `ix_${table}_${column}`
  if (Buffer.byteLength(name, 'utf8') <= maxNameBytes) return name
  let head = ''
  let bytes = 0
  for (const char of name) {
    bytes += Buffer.byteLength(char, 'utf8')
    if (bytes > maxNameBytes - 8) break
    head += char
  }
  return `${head}_${createHash('md5').update(name, 'utf8').digest('hex').slice(-4)}`
}

/** The index `.index(name?)` declares on a column. */
export function columnIndexIR(table: string, column: string, name?: string): IndexIR {
  return {
    name: name ?? columnIndexName(table, column),
    unique: false,
    elements: [{ column, desc: false, nulls: null }],
    where: null,
    using: null,
    include: [],
  }
}

/** The index a standalone column's `.index()` declares (`op.addColumn(table, name, builder)`), or null. */
export function columnIndex(table: TableRef, name: string, builder: AnyColumnBuilder): IndexIR | null {
  const { index } = columnStateOf(builder)
  return index === undefined ? null : columnIndexIR(table.name, name, index.name)
}
