import type {
  CheckIR,
  ColumnIR,
  Deferrable,
  ForeignKeyIR,
  IndexElement,
  IndexIR,
  PrimaryKeyIR,
  ReferentialAction,
  TableIR,
  UniqueIR,
} from '../../../schema/ir.js'
import type { ConstraintRow, IndexElementRow, IndexRow } from './introspect-queries.js'

export interface TableParts {
  readonly schema: string | undefined
  readonly name: string
  readonly comment: string | null
  readonly columns: readonly ColumnIR[]
  readonly constraints: readonly ConstraintRow[]
  readonly indexes: readonly IndexRow[]
  readonly localSchema: (schema: string) => string | undefined
}

/** `pg_constraint.confdeltype` / `confupdtype` codes. */
const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
}

// indoption bits (pg_index.h).
const INDOPTION_DESC = 1
const INDOPTION_NULLS_FIRST = 2

/** Assemble one table's IR from its catalog rows (not yet normalized). */
export function buildTableIR(parts: TableParts): TableIR {
  let primaryKey: PrimaryKeyIR | null = null
  const uniques: UniqueIR[] = []
  const checks: CheckIR[] = []
  const foreignKeys: ForeignKeyIR[] = []
  for (const row of parts.constraints) {
    switch (row.type) {
      case 'p':
        primaryKey = { name: row.name, columns: [...row.columns] }
        break
      case 'u':
        uniques.push({ name: row.name, columns: [...row.columns], ...uniquenessOf(row.nulls_not_distinct, row.reloptions) })
        break
      case 'c':
        checks.push({ name: row.name, expression: row.check_expr ?? '' })
        break
      case 'f':
        foreignKeys.push(foreignKeyIR(row, parts.localSchema))
        break
    }
  }
  const base = {
    name: parts.name,
    columns: parts.columns,
    primaryKey,
    indexes: parts.indexes.map(indexIR),
    uniques,
    checks,
    foreignKeys,
    comment: parts.comment,
  }
  return parts.schema === undefined ? base : { schema: parts.schema, ...base }
}

function foreignKeyIR(row: ConstraintRow, localSchema: (schema: string) => string | undefined): ForeignKeyIR {
  const refSchema = row.ref_schema === null ? undefined : localSchema(row.ref_schema)
  const table = row.ref_table ?? ''
  const columns = [...(row.ref_columns ?? [])]
  const deferrable: Deferrable | null = !row.deferrable ? null : row.deferred ? 'initially deferred' : 'initially immediate'
  return {
    name: row.name,
    columns: [...row.columns],
    references: refSchema === undefined ? { table, columns } : { schema: refSchema, table, columns },
    onDelete: ACTIONS[row.on_delete] ?? 'no action',
    onUpdate: ACTIONS[row.on_update] ?? 'no action',
    deferrable,
  }
}

function indexElement(row: IndexElementRow): IndexElement {
  const option = row.option ?? 0
  const desc = (option & INDOPTION_DESC) !== 0
  const nullsFirst = (option & INDOPTION_NULLS_FIRST) !== 0
  // PostgreSQL's default is NULLS LAST for ASC and NULLS FIRST for DESC.
  const nulls = nullsFirst === desc ? null : nullsFirst ? 'first' : 'last'
  const element: IndexElement = row.column !== null ? { column: row.column, desc, nulls } : { expression: row.definition ?? '', desc, nulls }
  return row.opclass == null ? element : { ...element, opclass: row.opclass }
}

/** `NULLS NOT DISTINCT` and storage parameters (`{fillfactor=70}`), present only when set. */
function uniquenessOf(nullsNotDistinct: boolean | null | undefined, reloptions: readonly string[] | null | undefined): Pick<IndexIR, 'nullsNotDistinct' | 'with'> {
  const result: { nullsNotDistinct?: boolean; with?: Record<string, string> } = {}
  if (nullsNotDistinct === true) result.nullsNotDistinct = true
  if (reloptions != null && reloptions.length > 0) {
    const parameters: Record<string, string> = {}
    for (const option of reloptions) {
      const at = option.indexOf('=')
      if (at > 0) parameters[option.slice(0, at)] = option.slice(at + 1)
    }
    result.with = parameters
  }
  return result
}

function indexIR(row: IndexRow): IndexIR {
  const elements = row.elements ?? []
  return {
    name: row.name,
    unique: row.unique,
    elements: elements.filter((e) => e.is_key).map(indexElement),
    where: row.predicate,
    using: row.method === 'btree' ? null : row.method,
    include: elements.filter((e) => !e.is_key).map((e) => e.column ?? ''),
    ...uniquenessOf(row.nulls_not_distinct, row.reloptions),
  }
}
