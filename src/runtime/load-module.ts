import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { createJiti as CreateJiti } from 'jiti'
import { withCodeCache } from './code-cache.js'
import { tsmigModule } from './tsmig-module.js'

// jiti's CommonJS entry, required rather than imported: its ESM entry imports
// a 190 kB CommonJS file that Node then scans for export names (~25 ms a run).
const { createJiti } = createRequire(import.meta.url)('jiti') as { createJiti: typeof CreateJiti }

/**
 * Load a TypeScript or JavaScript module of the user's (config, model,
 * revision) with jiti. `import … from 'tsmig'` in it is served this running
 * copy of tsmig as a virtual module: no local install is needed (`npx`), the
 * DSL objects are the very ones tsmig checks, and tsmig itself is never
 * re-transpiled per file. The virtual module loads the commands lazily, so a
 * config that imports `defineConfig` stays cheap for the graph commands.
 */
let jiti: ReturnType<typeof CreateJiti> | undefined

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const cacheDir = tsmigCacheDir()
  const loader = (jiti ??= createJiti(import.meta.url, {
    virtualModules: { tsmig: tsmigModule() },
    interopDefault: false,
    // User files change between commands run in one process (tests, the example): always read them afresh.
    moduleCache: false,
    fsCache: cacheDir === undefined ? false : join(cacheDir, 'jiti'),
  }))
  return (await withCodeCache(cacheDir === undefined ? undefined : join(cacheDir, 'v8'), () => loader.import(file))) as Record<string, unknown>
}

/**
 * tsmig's cache folder: `jiti/` holds transpiled user files, which spares
 * loading Babel (~130 ms) on every run once a file has been seen, and `v8/`
 * their compiled code (./code-cache.ts). A jiti entry is one file
 * per source path, ending with a hash of the source and jiti's version that
 * jiti checks on every read: an edited file, or an entry cut short by a crash,
 * is transpiled again, never served stale. The folder is the
 * `node_modules/.cache` tsmig is installed in (or, in a checkout of tsmig, its
 * own), never jiti's default of a folder in the shared temp dir, where another
 * user could plant entries. No such folder: no cache.
 */
function tsmigCacheDir(): string | undefined {
  const packageRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
  const parent = dirname(packageRoot)
  const nodeModules = basename(parent) === 'node_modules' ? parent : join(packageRoot, 'node_modules')
  return existsSync(nodeModules) ? join(nodeModules, '.cache', 'tsmig') : undefined
}
