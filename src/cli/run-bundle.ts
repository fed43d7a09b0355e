import { readFileSync } from 'node:fs'
import { createRequire, isBuiltin } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import vm from 'node:vm'
import { tsmigCacheDir } from '../runtime/cache-dir.js'
import { runCached, smallestCachedSource } from '../runtime/code-cache.js'

/**
 * Loads the CLI bundle (scripts/bundle-cli.mjs) and runs it. The bundle is
 * esbuild's output split into chunks (a command's chunk is loaded when the
 * command runs: `tsmig heads` loads no Kysely, driver or model), converted to
 * CommonJS so that its code goes through the V8 code cache (../runtime/code-cache.ts)
 * like the user's modules do. Node 20 compiles ES modules without a cache:
 * ~40 ms of every command went to compiling the same chunks again, and ~20 ms
 * to resolving and linking them as ES modules.
 *
 * A chunk is a CommonJS function body; `require('./chunk-….js')` loads a
 * sibling chunk (once, cycles served the exports made so far, as Node does),
 * anything else is Node's own `require` (built-ins, better-sqlite3, pg, jiti).
 * `import.meta.url` in the sources reads the chunk's own URL.
 *
 * TSMIG_TRACE_LOADS=1 prints `loaded <url>` on stderr for each chunk and each
 * package required from one (what test/e2e-graph-light.test.ts watches).
 */
const bundleDir = join(dirname(dirname(fileURLToPath(import.meta.url))), 'bundle')
const trace = process.env.TSMIG_TRACE_LOADS === '1'
const cacheDir = (() => {
  const dir = tsmigCacheDir()
  return dir === undefined ? undefined : join(dir, 'v8')
})()

interface ChunkModule {
  exports: Record<string, unknown>
}

type ChunkFunction = (
  exports: Record<string, unknown>,
  require: NodeJS.Require,
  module: ChunkModule,
  filename: string,
  dirname: string,
  importMetaUrl: string,
) => void

const chunks = new Map<string, ChunkModule>()

/** The parameters of a chunk's function: CommonJS's, and the chunk's URL for `import.meta.url` (see the bundle script's `define`). */
const wrapperStart = '(function (exports, require, module, __filename, __dirname, __tsmigImportMetaUrl) {'
const wrapperEnd = '\n})'

function requireChunk(file: string): Record<string, unknown> {
  const known = chunks.get(file)
  if (known !== undefined) return known.exports
  const module: ChunkModule = { exports: {} }
  chunks.set(file, module)
  if (trace) process.stderr.write(`loaded ${pathToFileURL(file).href}\n`)
  const code = `${wrapperStart}${readFileSync(file, 'utf8')}${wrapperEnd}`
  const options = { filename: file }
  const run = (cacheDir === undefined || code.length < smallestCachedSource ? vm.runInThisContext(code, options) : runCached(cacheDir, code, options)) as ChunkFunction
  run.call(module.exports, module.exports, requireFrom(file), module, file, dirname(file), pathToFileURL(file).href)
  return module.exports
}

function requireFrom(file: string): NodeJS.Require {
  const nodeRequire = createRequire(file)
  const chunkRequire = ((id: string) => {
    if (id.startsWith('./')) return requireChunk(resolve(dirname(file), id))
    if (trace && !isBuiltin(id)) process.stderr.write(`loaded ${pathToFileURL(nodeRequire.resolve(id)).href}\n`)
    return nodeRequire(id)
  }) as NodeJS.Require
  return Object.assign(chunkRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions })
}

/** Run the CLI on this process's arguments. */
export async function runBundledCli(): Promise<void> {
  const { main } = requireChunk(join(bundleDir, 'main.js')) as { main: () => Promise<void> }
  await main()
}
