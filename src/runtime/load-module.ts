import { createJiti } from 'jiti'

/**
 * Load a TypeScript or JavaScript module of the user's (config, model,
 * revision) with jiti. `import … from 'tsmig'` in it is served this running
 * copy of tsmig as a virtual module: no local install is needed (`npx`), the
 * DSL objects are the very ones tsmig checks, and tsmig itself is never
 * re-transpiled per file.
 */
let jiti: ReturnType<typeof createJiti> | undefined

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  if (!jiti) {
    const tsmig = (await import('../index.js')) as Record<string, unknown>
    jiti = createJiti(import.meta.url, {
      virtualModules: { tsmig },
      interopDefault: false,
      // User files change between commands run in one process (tests, the example): always read them afresh.
      moduleCache: false,
      fsCache: false,
    })
  }
  return (await jiti.import(file)) as Record<string, unknown>
}
