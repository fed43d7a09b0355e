import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ResolvedConfig } from '../config/load-config.js'
import type { Dialect, Queryable } from '../dialects/dialect.js'
import type { Comparison } from '../compare/change.js'
import { compareSchemas, noRenames, type RenameHints } from '../compare/compare-schema.js'
import { filterSchema } from '../compare/filter-schema.js'
import type { SchemaIR } from '../schema/ir.js'
import { loadModelFiles } from './load-model-files.js'

/** Tables tsmig keeps for itself, never part of a diff. */
export function internalTables(config: ResolvedConfig): string[] {
  return [config.versionTable, `${config.versionTable}_history`]
}

export interface DatabaseDiff extends Comparison {
  readonly database: SchemaIR
  readonly model: SchemaIR
}

/** Introspect the database, load and normalize the model, compare the two. */
export async function diffDatabase(
  config: ResolvedConfig,
  dialect: Dialect,
  db: Queryable,
  renames: RenameHints = noRenames,
): Promise<DatabaseDiff> {
  // The catalog queries go out first and the server answers them while the
  // model loads: the two costs overlap instead of adding up.
  const introspection = dialect.introspect(db, { schemas: config.schemas, excludeTables: internalTables(config) })
  // A broken model is the error to report; the introspection's outcome is then moot.
  introspection.catch(() => undefined)
  // Let the queries reach the server before loading the model keeps this thread busy.
  await nextTurn()
  const rawModel = await loadModelFiles(config.schemaFiles, dialect)
  const [database, normalized] = await Promise.all([introspection, dialect.normalizeModel(rawModel, db)])
  const refined = dialect.refineModel ? await dialect.refineModel(normalized, database, db) : normalized
  const left = filterSchema(database, config.include)
  const right = filterSchema(refined, config.include)
  return { ...compareSchemas(left, right, renames), database: left, model: right }
}
