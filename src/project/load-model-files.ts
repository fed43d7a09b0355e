import { existsSync } from 'node:fs'
import { TsmigError } from '../errors.js'
import type { Dialect } from '../dialects/dialect.js'
import { modelProblem } from '../model/check-model.js'
import { modelFromModules } from '../model/load-model.js'
import { isTable, tableDefinitionOf } from '../model/table.js'
import type { SchemaIR, TableRef } from '../schema/ir.js'
import { sameTable } from '../schema/names.js'
import { importProjectModule } from './user-module.js'
import { codeFrame, describeUserCodeFailure, formatLocation, userLocation } from '../loader/user-code.js'

export class ModelLoadError extends TsmigError {}

/** The schema file that exports `table` (the first, if several do), for messages. */
function fileDefining(table: TableRef | undefined, modules: readonly Record<string, unknown>[], files: readonly string[]): string {
  if (table !== undefined) {
    for (let m = 0; m < modules.length; m++) {
      for (const value of Object.values(modules[m])) {
        if (isTable(value) && sameTable(tableDefinitionOf(value), table)) return files[m]
      }
    }
  }
  return files.join(', ')
}

/**
 * Import the schema modules named by the config and build the model IR;
 * errors name the file. The model as a whole is then checked against the
 * dialect: names the database would cut, foreign keys it would refuse.
 */
export async function loadModelFiles(files: readonly string[], dialect: Pick<Dialect, 'name' | 'identifiers'>): Promise<SchemaIR> {
  const modules: Record<string, unknown>[] = []
  for (const file of files) {
    if (!existsSync(file)) throw new ModelLoadError(`schema module ${file} does not exist (see \`schema\` in the config)`)
    try {
      modules.push(await importProjectModule(file))
    } catch (error) {
      const failure = describeUserCodeFailure(error, file)
      throw new ModelLoadError(`schema module ${failure.where} failed to load: ${failure.reason}`, { cause: error, details: failure.details })
    }
  }
  let model: SchemaIR
  try {
    model = modelFromModules(modules)
  } catch (error) {
    // A callback of the model (`references(() => users.idd)`) that threw is located in its file.
    const location = userLocation(error)
    const where = location === undefined ? files.join(', ') : formatLocation(location)
    throw new ModelLoadError(`schema ${where}: ${(error as Error).message}`, { cause: error, details: location === undefined ? [] : codeFrame(location) })
  }
  if (model.tables.length === 0 && model.enums.length === 0) {
    throw new ModelLoadError(`schema module ${files.join(', ')} exports no tables or enums (export each table(...) you want managed)`)
  }
  const problem = modelProblem(model, dialect.identifiers, dialect.name)
  if (problem !== undefined) throw new ModelLoadError(`schema ${fileDefining(problem.table, modules, files)}: ${problem.message}`)
  return model
}
