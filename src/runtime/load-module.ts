import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createJiti } from 'jiti'

/**
 * Load a TypeScript or JavaScript module of the user's (config, model,
 * revision) with jiti. `import … from 'tsmig'` resolves to this running copy
 * of tsmig, so a project run through `npx` needs no local install. (From the
 * sources, as under vitest, the entry is `index.ts`.)
 */
function tsmigEntry(): string {
  const built = fileURLToPath(new URL('../index.js', import.meta.url))
  return existsSync(built) ? built : fileURLToPath(new URL('../index.ts', import.meta.url))
}

let jiti: ReturnType<typeof createJiti> | undefined

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  jiti ??= createJiti(import.meta.url, {
    alias: { tsmig: tsmigEntry() },
    interopDefault: false,
    moduleCache: false,
    fsCache: false,
  })
  return (await jiti.import(file)) as Record<string, unknown>
}
