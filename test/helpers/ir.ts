import type { ColumnIR, TableIR } from '../../src/schema/ir.js'

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

/** A table with nothing in it (no columns, keys, indexes or constraints), overridden by `fields`. */
export function tableIR(name: string, fields: Partial<TableIR> = {}): TableIR {
  return { name, columns: [], primaryKey: null, indexes: [], uniques: [], checks: [], foreignKeys: [], comment: null, ...fields }
}
