import type { CheckIR, ColumnIR, IndexElement, IndexIR, SchemaIR, TableIR, TableRef } from './ir.js'
import { tableKey } from './names.js'

/**
 * Normalization is for comparing, never for writing. Each dialect compares
 * expressions (defaults, checks, index expressions and predicates, generated
 * expressions) in a normalized form, but what tsmig writes — into a revision
 * file, into the database — is each side's own text: the model's as its
 * author wrote it, the database's as the database reported it.
 *
 * The helpers below put the written text back on a normalized object, taken
 * from the same object of a schema with the original texts (matched by
 * table and name). A text is only replaced where both have one: a default
 * that normalization decided is none (`DEFAULT NULL`) stays none, and an
 * object normalization made (SQLite's CHECK for an enum) keeps its text.
 * Objects nothing changes in are returned as they are.
 */
export class WrittenText {
  private readonly tables = new Map<string, TableIR>()

  constructor(written: SchemaIR) {
    for (const table of written.tables) this.tables.set(tableKey(table), table)
  }

  table(ref: TableRef): TableIR | undefined {
    return this.tables.get(tableKey(ref))
  }

  column(ref: TableRef, name: string): ColumnIR | undefined {
    return this.table(ref)?.columns.find((c) => c.name === name)
  }

  index(ref: TableRef, name: string): IndexIR | undefined {
    return this.table(ref)?.indexes.find((i) => i.name === name)
  }

  check(ref: TableRef, name: string): CheckIR | undefined {
    return this.table(ref)?.checks.find((c) => c.name === name)
  }
}

/** `written` where both sides have a text, else `compared`. */
function text(compared: string | null, written: string | null | undefined): string | null {
  return compared === null || written === null || written === undefined ? compared : written
}

export function writtenColumn(compared: ColumnIR, written: ColumnIR | undefined): ColumnIR {
  if (written === undefined) return compared
  const defaultText = text(compared.default, written.default)
  const generated = text(compared.generated, written.generated)
  return defaultText === compared.default && generated === compared.generated ? compared : { ...compared, default: defaultText, generated }
}

function writtenElement(compared: IndexElement, written: IndexElement | undefined): IndexElement {
  if (written === undefined || !('expression' in compared) || !('expression' in written)) return compared
  return compared.expression === written.expression ? compared : { ...compared, expression: written.expression }
}

export function writtenIndex(compared: IndexIR, written: IndexIR | undefined): IndexIR {
  // Elements pair by position only when both sides list the same number of them.
  if (written === undefined || written.elements.length !== compared.elements.length) return compared
  const elements = compared.elements.map((e, i) => writtenElement(e, written.elements[i]))
  const where = text(compared.where, written.where)
  const same = where === compared.where && elements.every((e, i) => e === compared.elements[i])
  return same ? compared : { ...compared, elements, where }
}

export function writtenCheck<T extends CheckIR>(compared: T, written: CheckIR | undefined): T {
  if (written === undefined || written.expression === compared.expression) return compared
  return { ...compared, expression: written.expression }
}

/**
 * The table with every expression in its written text. With `counterpart`
 * (the other side's normalized table), an object keeps its normalized text
 * where the counterpart's is the same: a diff of the two sides' DDL then
 * shows only what differs, each side in its own words.
 */
export function writtenTable(compared: TableIR, written: TableIR | undefined, counterpart?: TableIR): TableIR {
  if (written === undefined) return compared
  const byName = <T extends { readonly name: string }>(list: readonly T[], name: string) => list.find((x) => x.name === name)
  const columns = compared.columns.map((c) => {
    const other = counterpart === undefined ? undefined : byName(counterpart.columns, c.name)
    if (other !== undefined && other.default === c.default && other.generated === c.generated) return c
    return writtenColumn(c, byName(written.columns, c.name))
  })
  const indexes = compared.indexes.map((i) => {
    const other = counterpart === undefined ? undefined : byName(counterpart.indexes, i.name)
    if (other !== undefined && other.where === i.where && JSON.stringify(other.elements) === JSON.stringify(i.elements)) return i
    return writtenIndex(i, byName(written.indexes, i.name))
  })
  const checks = compared.checks.map((c) => {
    const other = counterpart === undefined ? undefined : byName(counterpart.checks, c.name)
    if (other !== undefined && other.expression === c.expression) return c
    return writtenCheck(c, byName(written.checks, c.name))
  })
  const same =
    columns.every((c, i) => c === compared.columns[i]) &&
    indexes.every((x, i) => x === compared.indexes[i]) &&
    checks.every((c, i) => c === compared.checks[i])
  return same ? compared : { ...compared, columns, indexes, checks }
}

/** Every table of `compared` in its written text (see `writtenTable` for `counterpart`). */
export function writtenSchema(compared: SchemaIR, written: SchemaIR, counterpart?: SchemaIR): SchemaIR {
  const texts = new WrittenText(written)
  const others = counterpart === undefined ? undefined : new WrittenText(counterpart)
  return { ...compared, tables: compared.tables.map((t) => writtenTable(t, texts.table(t), others?.table(t))) }
}
