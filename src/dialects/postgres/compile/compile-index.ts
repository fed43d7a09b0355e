import type { IndexElement, IndexIR, TableRef } from '../../../schema/ir.js'
import { quoteColumnList, quoteIdentifier, quoteTable } from './quote.js'
import { compileNullsNotDistinct, compileStorageParameters } from './compile-storage.js'

/**
 * `CREATE [UNIQUE] INDEX "n" ON t [USING m] (elements) [INCLUDE (…)]
 * [NULLS NOT DISTINCT] [WITH (…)] [WHERE …]`.
 * The index name is never qualified: PostgreSQL always puts an index in its table's schema.
 */
export function compileCreateIndex(table: TableRef, index: IndexIR): string {
  const parts = [`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(index.name)} ON ${quoteTable(table)}`]
  if (index.using !== null) parts.push(`USING ${index.using}`)
  parts.push(`(${index.elements.map(indexElement).join(', ')})`)
  if (index.include.length > 0) parts.push(`INCLUDE (${quoteColumnList(index.include)})`)
  const options = `${compileNullsNotDistinct(index.nullsNotDistinct)}${compileStorageParameters(index.with)}`
  if (options !== '') parts.push(options.slice(1))
  if (index.where !== null) parts.push(`WHERE ${index.where}`)
  return parts.join(' ')
}

function indexElement(element: IndexElement): string {
  // An expression needs its own parentheses unless it is a bare function call;
  // wrapping always is valid and avoids parsing SQL here.
  const target = 'column' in element ? quoteIdentifier(element.column) : `(${element.expression})`
  // The operator class is SQL text (`jsonb_path_ops`, `public.gin_trgm_ops`), validated by the model.
  const opclass = element.opclass === undefined ? '' : ` ${element.opclass}`
  const direction = element.desc ? ' DESC' : ''
  const nulls = element.nulls === null ? '' : ` NULLS ${element.nulls === 'first' ? 'FIRST' : 'LAST'}`
  return `${target}${opclass}${direction}${nulls}`
}
