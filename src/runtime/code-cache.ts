import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import vm from 'node:vm'

/**
 * A V8 code cache for the user modules jiti evaluates (schema, revisions,
 * config). jiti keeps their transpiled text on disk, but V8 still compiled
 * it on every run: ~60 ms for a 1,000-table schema, before a single table was
 * built. Node 20 has no `module.enableCompileCache()`, so while `run` is in
 * progress, `vm.runInThisContext` (what jiti evaluates a module with) compiles
 * through a `vm.Script` given the cached data of the last run.
 *
 * One entry per file path, like jiti's own cache, so edits do not pile up.
 * An entry starts with the SHA-256 of the source it was compiled from, and is
 * used only for that very source: V8 itself checks no more than the source's
 * length (an edit of the same length would run the old code) and its own
 * version and flags (a rejected entry is written again). Small modules are
 * left alone: reading an entry would cost about what compiling them does.
 */
const smallestCachedSource = 16 * 1024

export async function withCodeCache<T>(dir: string | undefined, run: () => Promise<T>): Promise<T> {
  if (dir === undefined) return run()
  const original = vm.runInThisContext
  vm.runInThisContext = function runWithCodeCache(code: string, options?: vm.RunningScriptOptions | string) {
    if (typeof code !== 'string' || code.length < smallestCachedSource || typeof options !== 'object' || options.filename === undefined) {
      return original.call(vm, code, options)
    }
    return runCached(dir, code, options as vm.RunningScriptOptions & { filename: string })
  }
  try {
    return await run()
  } finally {
    vm.runInThisContext = original
  }
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()

function runCached(dir: string, code: string, options: vm.RunningScriptOptions & { filename: string }): unknown {
  const entry = join(dir, `${sha256(options.filename).toString('hex').slice(0, 32)}.bin`)
  const sourceHash = sha256(code)
  const cachedData = readEntry(entry, sourceHash)
  const script = new vm.Script(code, { filename: options.filename, lineOffset: options.lineOffset, columnOffset: options.columnOffset, cachedData })
  const result = script.runInThisContext({ displayErrors: options.displayErrors })
  if (cachedData !== undefined && script.cachedDataRejected !== true) return result
  const write = () => writeEntry(entry, sourceHash, script.createCachedData())
  if (typeof result !== 'function') {
    write()
    return result
  }
  // jiti's wrapper function: the entry is written once the module body has
  // run, so it also holds the functions V8 compiled lazily meanwhile (a
  // schema's extras and reference callbacks: ~25 ms more at 1,000 tables).
  return function runModuleThenCache(this: unknown, ...args: unknown[]): unknown {
    const body = (result as (...a: unknown[]) => unknown).apply(this, args)
    if (body instanceof Promise) void body.then(write, write)
    else write()
    return body
  }
}

/** The compiled code of the entry, if it was compiled from this very source. */
function readEntry(entry: string, sourceHash: Buffer): Buffer | undefined {
  let data: Buffer
  try {
    data = readFileSync(entry)
  } catch {
    return undefined
  }
  return data.length > sourceHash.length && data.subarray(0, sourceHash.length).equals(sourceHash) ? data.subarray(sourceHash.length) : undefined
}

/** Written beside and renamed into place, so a concurrent run never reads half an entry. A cache that cannot be written is no cache. */
function writeEntry(entry: string, sourceHash: Buffer, compiled: Buffer): void {
  try {
    mkdirSync(join(entry, '..'), { recursive: true })
    const partial = `${entry}.${process.pid}.tmp`
    writeFileSync(partial, Buffer.concat([sourceHash, compiled]))
    renameSync(partial, entry)
  } catch {
    // Read-only node_modules, full disk: compile without a cache.
  }
}
