import type { TableRef } from '../schema/ir.js'

/**
 * Something in a loaded model the database would refuse or silently change.
 * `table` says which table is at fault, so the loader can name the schema
 * file that defines it.
 */
export interface ModelProblem {
  readonly table?: TableRef
  readonly message: string
}
