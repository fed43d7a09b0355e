import { readFileSync } from 'node:fs'
import { createRequire, isBuiltin } from 'node:module'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import vm from 'node:vm'
import { v8CacheDir } from './cache-dir.js'
import { runCached } from './code-cache.js'
import { quietMainContextLoaderWarning } from './quiet-loader-warning.js'

/**
 * `require` for CommonJS files tsmig loads on every run (its own bundle's
 * chunks, jiti), compiled through the V8 code cache of ./code-cache.ts:
 * Node 20's own loader compiles them afresh each time. A relative `require`
 * in such a file is loaded the same way (once; a cycle gets the exports made
 * so far, as in Node); anything else is Node's `require` (built-ins and
 * packages). `import.meta.url` of a bundled source reads the file's URL
 * (see scripts/bundle-cli.mjs), and a dynamic `import()` goes to Node's loader.
 *
 * TSMIG_TRACE_LOADS=1 prints `loaded <url>` on stderr for each file loaded
 * here and each package required from one (test/e2e-graph-light.test.ts
 * watches what the graph commands load with it).
 */
const trace = process.env.TSMIG_TRACE_LOADS === '1'
/** Where the compiled code of these files is kept; undefined: no cache. */
const cacheDir = v8CacheDir()

interface LoadedModule {
  exports: unknown
}

type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: LoadedModule,
  filename: string,
  dirname: string,
  importMetaUrl: string,
) => void

const loaded = new Map<string, LoadedModule>()

/** The parameters: CommonJS's, and the file's URL for `import.meta.url`. */
const wrapperStart = '(function (exports, require, module, __filename, __dirname, __tsmigImportMetaUrl) {'
const wrapperEnd = '\n})'

/**
 * `import()` in a file loaded here goes to Node's loader, as it would from a
 * file Node loaded (the constant needs Node 20.12; before, the specifier is
 * imported from here, which resolves absolute specifiers, the ones jiti uses, alike).
 */
const importDynamically: vm.ScriptOptions['importModuleDynamically'] =
  vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ?? ((specifier: string) => import(specifier) as never)
quietMainContextLoaderWarning()

/**
 * The command this process runs (`check`, `upgrade`, …): the first argument
 * that is a plain lower-case word. Option values (`--url sqlite:./x`) rarely
 * are; when one is, entries are merely keyed by it instead. Each command gets
 * its own compiled code of the files loaded here (see `variant` in ./code-cache.ts).
 */
const command = process.argv.slice(2).find((arg) => /^[a-z]+(?:-[a-z]+)*$/.test(arg)) ?? ''

/** The exports of the CommonJS file at `file` (an absolute path), loaded once. */
export function requireCached(file: string): unknown {
  const known = loaded.get(file)
  if (known !== undefined) return known.exports
  const module: LoadedModule = { exports: {} }
  loaded.set(file, module)
  if (trace) process.stderr.write(`loaded ${pathToFileURL(file).href}\n`)
  const code = `${wrapperStart}${readFileSync(file, 'utf8')}${wrapperEnd}`
  const run = runCached(cacheDir, code, { filename: file, importModuleDynamically: importDynamically, variant: command }) as ModuleFunction
  try {
    run.call(module.exports, module.exports, requireFrom(file), module, file, dirname(file), pathToFileURL(file).href)
  } catch (error) {
    // As in Node: a file whose body failed is not served half-made to the next require.
    loaded.delete(file)
    throw error
  }
  return module.exports
}

function requireFrom(file: string): NodeJS.Require {
  const nodeRequire = createRequire(file)
  const fileRequire = ((id: string) => {
    if ((id.startsWith('./') || id.startsWith('../')) && /\.c?js$/.test(id)) return requireCached(resolve(dirname(file), id))
    const exported: unknown = nodeRequire(id)
    // Traced once loaded: an optional package that is missing (pg-native) throws as it would untraced.
    if (trace && !isBuiltin(id)) process.stderr.write(`loaded ${pathToFileURL(nodeRequire.resolve(id)).href}\n`)
    return exported
  }) as NodeJS.Require
  return Object.assign(fileRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions })
}
