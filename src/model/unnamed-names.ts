import type { UnnamedNames } from '../schema/unnamed-names.js'
import { checkConstraintName } from './check-name.js'
import { columnIndexName } from './column-index.js'
import { foreignKeyName, indexExpressionName, indexName, primaryKeyName, uniqueConstraintName } from './pg-names.js'

/** The names the model DSL gives what is declared without a name. */
export const modelUnnamedNames: UnnamedNames = {
  primaryKey: primaryKeyName,
  unique: uniqueConstraintName,
  foreignKey: foreignKeyName,
  check: (table, expression, columns) => checkConstraintName(table, expression, columns, new Set()),
  index: (table, elements) => indexName(table, elements.map((e) => ('column' in e ? e.column : indexExpressionName(e.expression)))),
  columnIndex: columnIndexName,
}
