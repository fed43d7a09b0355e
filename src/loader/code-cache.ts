import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import vm from 'node:vm'

/**
 * A V8 code cache for the user modules jiti evaluates (schema, revisions,
 * config) and for tsmig's own bundle (../cli/run-bundle.ts). jiti keeps the
 * transpiled text of user files on disk, but V8 still compiled it on every
 * run: ~60 ms for a 1,000-table schema, before a single table was built.
 * Node 20 has no `module.enableCompileCache()`, so while `run` is in
 * progress, `vm.runInThisContext` (what jiti evaluates a module with) compiles
 * through a `vm.Script` given the cached data of the last run.
 *
 * One entry per file path, like jiti's own cache, so edits do not pile up.
 * An entry starts with the SHA-256 of the source it was compiled from, and is
 * used only for that very source: V8 itself checks no more than the source's
 * length (an edit of the same length would run the old code) and its own
 * version and flags (a rejected entry is written again). Small modules are
 * left alone: reading an entry would cost about what compiling them does.
 *
 * V8 compiles most functions lazily, the first time they are called, and an
 * entry holds only what was compiled when it was written. A revision's
 * `upgrade` runs after its module body (for a 1,000-table create, compiling
 * it and its 1,000 extras callbacks took ~70 ms a run), and so do a schema's
 * reference callbacks. So an entry is written twice: once the module body has
 * run (marked partial), and again when the process exits (marked complete),
 * then holding every function the command called. A partial entry found on a
 * later run is completed the same way; a complete one is left as it is.
 */
const smallestCachedSource = 16 * 1024

export async function withCodeCache<T>(dir: string | undefined, run: () => Promise<T>): Promise<T> {
  if (dir === undefined) return run()
  const original = vm.runInThisContext
  vm.runInThisContext = function runWithCodeCache(code: string, options?: vm.RunningScriptOptions | string) {
    if (typeof code !== 'string' || typeof options !== 'object' || options.filename === undefined) {
      return original.call(vm, code, options)
    }
    return runCached(dir, code, options as CachedScriptOptions)
  }
  try {
    return await run()
  } finally {
    vm.runInThisContext = original
  }
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest()

/** The byte after the source hash: when the entry was written. */
const PARTIAL = 0
const COMPLETE = 1

interface Incomplete {
  readonly script: vm.Script
  readonly sourceHash: Buffer
}

/** Entries to write again, complete, when the process exits (entry path → what to write). */
const incomplete = new Map<string, Incomplete>()

/** What `vm.runInThisContext` is given, as far as the cache passes it on. */
type CachedScriptOptions = Pick<vm.ScriptOptions, 'lineOffset' | 'columnOffset' | 'importModuleDynamically'> & {
  readonly filename: string
  readonly displayErrors?: boolean
  /**
   * Which of the file's entries: code that serves several commands (tsmig's
   * own chunks) keeps one per command, as each command calls other functions
   * of it and an entry holds what its first complete run compiled.
   */
  readonly variant?: string
}

/**
 * Compile and run `code` as `vm.runInThisContext` would, with the entry of
 * `options.filename` (and `options.variant`) in `dir`; small code, or no
 * folder, compiles without one. When the script's value is a function (a
 * module wrapper), the partial entry is written once that function has run.
 */
export function runCached(dir: string | undefined, code: string, options: CachedScriptOptions): unknown {
  if (dir === undefined || code.length < smallestCachedSource) return compile(code, options).runInThisContext({ displayErrors: options.displayErrors })
  const key = options.variant === undefined ? options.filename : `${options.filename}\u0000${options.variant}`
  const entry = join(dir, `${sha256(key).toString('hex').slice(0, 32)}.bin`)
  const sourceHash = sha256(code)
  const cached = readEntry(entry, sourceHash)
  const script = compile(code, options, cached?.data)
  const result = script.runInThisContext({ displayErrors: options.displayErrors })
  const hit = cached !== undefined && script.cachedDataRejected !== true
  if (hit && cached.phase === COMPLETE) return result
  completeAtExit(entry, { script, sourceHash })
  if (hit) return result
  const write = () => writeEntry(entry, sourceHash, PARTIAL, script.createCachedData())
  if (typeof result !== 'function') {
    write()
    return result
  }
  // jiti's wrapper function: the partial entry is written once the module
  // body has run, so it already holds what the body compiled lazily.
  return function runModuleThenCache(this: unknown, ...args: unknown[]): unknown {
    const body = (result as (...a: unknown[]) => unknown).apply(this, args)
    if (body instanceof Promise) void body.then(write, write)
    else write()
    return body
  }
}

/** A `vm.Script` of `code` (not `vm.runInThisContext`: while jiti loads a module, that is patched to come here). */
function compile(code: string, options: CachedScriptOptions, cachedData?: Buffer): vm.Script {
  return new vm.Script(code, {
    filename: options.filename,
    lineOffset: options.lineOffset,
    columnOffset: options.columnOffset,
    importModuleDynamically: options.importModuleDynamically,
    cachedData,
  })
}

function completeAtExit(entry: string, what: Incomplete): void {
  if (incomplete.size === 0) process.once('exit', writeCompleteEntries)
  incomplete.set(entry, what)
}

/**
 * Write the entries of this process's modules that are not complete yet,
 * with everything compiled so far. Runs when the process exits; exported for
 * callers that want it earlier (tests).
 */
export function writeCompleteEntries(): void {
  const folders = new Set<string>()
  for (const [entry, { script, sourceHash }] of incomplete) {
    writeEntry(entry, sourceHash, COMPLETE, script.createCachedData())
    folders.add(dirname(entry))
  }
  incomplete.clear()
  process.removeListener('exit', writeCompleteEntries)
  for (const folder of folders) pruneFolder(folder)
}

/**
 * Entries kept in a folder. A project has a few modules big enough to be
 * cached, and tsmig's bundle a dozen chunks, an entry per command that loads
 * them; but every build of tsmig names its chunks anew, and deleted or moved
 * files leave their entries behind.
 */
export const keptEntries = 256

/** Drop the entries written longest ago beyond `keptEntries`; runs only after this process wrote some. */
function pruneFolder(folder: string): void {
  try {
    const files = readdirSync(folder)
    if (files.length <= keptEntries) return
    const newestFirst = files.map((file) => ({ file, written: statSync(join(folder, file)).mtimeMs })).sort((a, b) => b.written - a.written)
    for (const { file } of newestFirst.slice(keptEntries)) rmSync(join(folder, file), { force: true })
  } catch {
    // Another run pruning at the same time, a read-only folder: the next write tries again.
  }
}

/** The compiled code of the entry and when it was written, if it was compiled from this very source. */
function readEntry(entry: string, sourceHash: Buffer): { readonly data: Buffer; readonly phase: number } | undefined {
  let data: Buffer
  try {
    data = readFileSync(entry)
  } catch {
    return undefined
  }
  const header = sourceHash.length + 1
  if (data.length <= header || !data.subarray(0, sourceHash.length).equals(sourceHash)) return undefined
  return { data: data.subarray(header), phase: data[sourceHash.length] }
}

/**
 * Written beside and renamed into place, so a concurrent run never reads half
 * an entry. A cache that cannot be written is no cache. The folder is made for
 * a partial entry only: when a complete one is written at exit, a folder that
 * is gone by then (a test's temporary one) stays gone.
 */
function writeEntry(entry: string, sourceHash: Buffer, phase: number, compiled: Buffer): void {
  try {
    if (phase === PARTIAL) mkdirSync(join(entry, '..'), { recursive: true })
    const partial = `${entry}.${process.pid}.tmp`
    writeFileSync(partial, Buffer.concat([sourceHash, Buffer.of(phase), compiled]))
    renameSync(partial, entry)
  } catch {
    // Read-only node_modules, full disk: compile without a cache.
  }
}
