import * as publicApi from '../index.js'
import { importUserModule, registerVirtualModule } from '../loader/load-module.js'

/**
 * What `import … from 'tsmig'` gives a user module (config, model, revision):
 * the runtime exports of `src/index.ts` itself, so there is one export list,
 * and the very objects the rest of tsmig checks with `instanceof` and symbols.
 */
const tsmigExports: Record<string, unknown> = { ...publicApi }

export function tsmigModule(): Record<string, unknown> {
  return tsmigExports
}

/** Import a file of the user's project, with `tsmig` served as a virtual module. */
export function importProjectModule(file: string): Promise<Record<string, unknown>> {
  registerVirtualModule('tsmig', tsmigExports)
  return importUserModule(file)
}
