import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * tsmig's cache folder: `jiti/` holds transpiled user files, which spares
 * loading Babel (~130 ms) on every run once a file has been seen, and `v8/`
 * the compiled code of those files and of tsmig's own bundle
 * (./code-cache.ts). A jiti entry is one file per source path, ending with a
 * hash of the source and jiti's version that jiti checks on every read: an
 * edited file, or an entry cut short by a crash, is transpiled again, never
 * served stale. The folder is the `node_modules/.cache` tsmig is installed in
 * (or, in a checkout of tsmig, its own), never jiti's default of a folder in
 * the shared temp dir, where another user could plant entries. No such
 * folder: no cache. The package root is two folders up from this file, which
 * is in dist/runtime/ or, bundled, in dist/bundle/.
 */
export function tsmigCacheDir(): string | undefined {
  const packageRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
  const parent = dirname(packageRoot)
  const nodeModules = basename(parent) === 'node_modules' ? parent : join(packageRoot, 'node_modules')
  return existsSync(nodeModules) ? join(nodeModules, '.cache', 'tsmig') : undefined
}

/** `v8/` in tsmig's cache folder (`cacheDir`, when already found), where compiled code is kept; undefined without a cache folder. */
export function v8CacheDir(cacheDir: string | undefined = tsmigCacheDir()): string | undefined {
  return cacheDir === undefined ? undefined : join(cacheDir, 'v8')
}
