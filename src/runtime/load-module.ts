import { createJiti } from 'jiti'
import { tsmigModule } from './tsmig-module.js'

/**
 * Load a TypeScript or JavaScript module of the user's (config, model,
 * revision) with jiti. `import … from 'tsmig'` in it is served this running
 * copy of tsmig as a virtual module: no local install is needed (`npx`), the
 * DSL objects are the very ones tsmig checks, and tsmig itself is never
 * re-transpiled per file. The virtual module loads the commands lazily, so a
 * config that imports `defineConfig` stays cheap for the graph commands.
 */
let jiti: ReturnType<typeof createJiti> | undefined

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  jiti ??= createJiti(import.meta.url, {
    virtualModules: { tsmig: tsmigModule() },
    interopDefault: false,
    // User files change between commands run in one process (tests, the example): always read them afresh.
    moduleCache: false,
    // jiti's transpile cache (node_modules/.cache/jiti, else the temp dir) is keyed by a hash of the
    // source and jiti's version, so an edited file is never served stale. It spares loading Babel
    // (~130 ms) on every run once the config and revisions have been seen.
    fsCache: true,
  })
  return (await jiti.import(file)) as Record<string, unknown>
}
