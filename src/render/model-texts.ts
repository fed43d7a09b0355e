import type { SchemaIR, TableIR } from '../schema/ir.js'
import { WrittenText, writtenColumn, writtenTable } from '../schema/written-text.js'
import { tsDefault } from './render-value.js'

/**
 * The schema a pulled model states: every expression in the database's own
 * words (what the database reports back for it, whatever its normal form),
 * except a default that is a plain literal once normalized (`'G'`, `4.99`,
 * `true`), which the model writes as the JS value a person would
 * (`.default('G')` rather than sql`'G'::mpaa_rating`).
 */
export function modelTexts(compared: SchemaIR, written: SchemaIR): SchemaIR {
  const texts = new WrittenText(written)
  return { ...compared, tables: compared.tables.map((t) => tableTexts(t, texts.table(t))) }
}

function tableTexts(compared: TableIR, written: TableIR | undefined): TableIR {
  const table = writtenTable(compared, written)
  if (written === undefined) return table
  const columns = compared.columns.map((c, i) => {
    if (c.default !== null && !tsDefault(c.default).startsWith('sql`')) {
      const withText = writtenColumn(c, written.columns.find((w) => w.name === c.name))
      return { ...withText, default: c.default }
    }
    return table.columns[i]
  })
  return { ...table, columns }
}
