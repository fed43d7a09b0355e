import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { createJiti as CreateJiti } from 'jiti'
import { tsmigCacheDir, v8CacheDir } from './cache-dir.js'
import { requireCached } from './cached-require.js'
import { withCodeCache } from './code-cache.js'

// jiti's CommonJS entry, required rather than imported (its ESM entry imports
// a 190 kB CommonJS file that Node then scans for export names, ~25 ms a run),
// and through the code cache: that file, and Babel when a file must be
// transpiled, are not compiled again on every run.
const { createJiti } = requireCached(createRequire(import.meta.url).resolve('jiti')) as { createJiti: typeof CreateJiti }

/**
 * The modules `import … from '<id>'` in a user file is served instead of a
 * package: tsmig registers `tsmig` and `tsmig/api` here from the layers that
 * own their exports (the loader knows nothing above it).
 */
const virtualModules: Record<string, unknown> = {}

export function registerVirtualModule(id: string, exports: Record<string, unknown>): void {
  if (virtualModules[id] === exports) return
  virtualModules[id] = exports
  // jiti copies its options when it is created: the next import gets one that serves the new module.
  jiti = undefined
}

/**
 * Load a TypeScript or JavaScript module of the user's (config, model,
 * revision) with jiti. The virtual modules are served this running copy of
 * tsmig: no local install is needed (`npx`), the DSL objects are the very
 * ones tsmig checks, and tsmig itself is never re-transpiled per file.
 */
let jiti: ReturnType<typeof CreateJiti> | undefined

export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const cacheDir = tsmigCacheDir()
  const loader = (jiti ??= createJiti(import.meta.url, {
    virtualModules: { ...virtualModules },
    interopDefault: false,
    // User files change between commands run in one process (tests, the example): always read them afresh.
    moduleCache: false,
    fsCache: cacheDir === undefined ? false : join(cacheDir, 'jiti'),
  }))
  return (await withCodeCache(v8CacheDir(cacheDir), () => loader.import(file))) as Record<string, unknown>
}
