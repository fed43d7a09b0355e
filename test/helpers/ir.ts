import type { ColumnIR } from '../../src/schema/ir.js'

/** A nullable integer column with no extras, overridden by `fields`: the IR tests' building block. */
export function column(name: string, fields: Partial<ColumnIR> = {}): ColumnIR {
  return {
    name,
    type: { kind: 'integer' },
    nullable: true,
    default: null,
    comment: null,
    identity: null,
    generated: null,
    autoIncrement: false,
    ...fields,
  }
}
