import type { ColumnType } from '../../../schema/ir.js'

/** What an expression may refer to: the columns of its table, by name. */
export interface ExpressionContext {
  readonly columns: ReadonlyMap<string, ColumnType>
}

export const emptyExpressionContext: ExpressionContext = { columns: new Map() }
