import { existsSync } from 'node:fs'
import { TsmigError } from '../errors.js'
import { modelFromModules } from '../model/load-model.js'
import type { SchemaIR } from '../schema/ir.js'
import { importUserModule } from './load-module.js'

export class ModelLoadError extends TsmigError {}

/** Import the schema modules named by the config and build the model IR; errors name the file. */
export async function loadModelFiles(files: readonly string[]): Promise<SchemaIR> {
  const modules: Record<string, unknown>[] = []
  for (const file of files) {
    if (!existsSync(file)) throw new ModelLoadError(`schema module ${file} does not exist (see \`schema\` in the config)`)
    try {
      modules.push(await importUserModule(file))
    } catch (error) {
      const first = ((error as Error).message ?? String(error)).split('\n')[0]
      throw new ModelLoadError(`schema module ${file} failed to load: ${first}`, { cause: error })
    }
  }
  let model: SchemaIR
  try {
    model = modelFromModules(modules)
  } catch (error) {
    throw new ModelLoadError(`schema ${files.join(', ')}: ${(error as Error).message}`, { cause: error })
  }
  if (model.tables.length === 0 && model.enums.length === 0) {
    throw new ModelLoadError(`schema module ${files.join(', ')} exports no tables or enums (export each table(...) you want managed)`)
  }
  return model
}
