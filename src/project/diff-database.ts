import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ResolvedConfig } from './load-config.js'
import type { Dialect, Queryable } from '../dialects/dialect.js'
import type { CompareWarning, Comparison } from '../compare/change.js'
import { reverseOps } from '../ops/reverse.js'
import { compareSchemas, noRenames, type RenameHints } from '../compare/compare-schema.js'
import { filterSchema } from '../compare/filter-schema.js'
import { withWrittenText, type WrittenSchemas } from '../compare/written-ops.js'
import type { SchemaIR } from '../schema/ir.js'
import { writtenSchema } from '../schema/written-text.js'
import { loadModelFiles } from './load-model-files.js'

/** Tables tsmig keeps for itself, never part of a diff. */
export function internalTables(config: ResolvedConfig): string[] {
  return [config.versionTable, `${config.versionTable}_history`]
}

export interface DatabaseDiff extends Comparison {
  /** Both sides normalized for comparing. */
  readonly database: SchemaIR
  readonly model: SchemaIR
  /** Both sides with their own expression texts, which the ops of `changes` carry. */
  readonly written: WrittenSchemas
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
  const introspection = dialect.introspectWithText(db, { schemas: config.schemas, excludeTables: internalTables(config) })
  // A broken model is the error to report; the introspection's outcome is then moot.
  introspection.catch(() => undefined)
  // Let the queries reach the server before loading the model keeps this thread busy.
  await nextTurn()
  const rawModel = await loadModelFiles(config.schemaFiles, dialect)
  const [introspected, normalized] = await Promise.all([introspection, dialect.normalizeModel(rawModel, db)])
  const database = introspected.compared
  const refined = dialect.refineModel ? await dialect.refineModel(normalized, database, db) : normalized
  const left = filterSchema(database, config.include)
  const right = filterSchema(refined, config.include)
  // Compared normalized; written in each side's own words (normalization is for comparing only).
  // The model's own texts on what the dialect writes for it (which may hold objects of its own: SQLite's enum CHECKs).
  const declared = dialect.declareModel === undefined ? rawModel : writtenSchema(dialect.declareModel(rawModel), rawModel)
  const written: WrittenSchemas = { database: introspected.written, model: declared }
  const comparison = compareSchemas(left, right, renames)
  const changes = withWrittenText(comparison.changes, written, renames)
  // What this server will carry out another way than the op says, in both directions.
  const ops = changes.map((c) => c.op)
  const advice = dialect.adviseOnOps === undefined || ops.length === 0 ? [] : await dialect.adviseOnOps([...ops, ...reverseOps(ops)], db)
  const warnings = [...comparison.warnings, ...dedupe(advice)]
  return { changes, warnings, database: left, model: right, written }
}

/** An upgrade op and its reverse usually get the same advice: say it once. */
function dedupe(advice: readonly CompareWarning[]): CompareWarning[] {
  const seen = new Set<string>()
  return advice.filter((a) => {
    if (seen.has(a.message)) return false
    seen.add(a.message)
    return true
  })
}
