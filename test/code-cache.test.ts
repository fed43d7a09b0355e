import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import vm from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { keptEntries, runCached, withCodeCache, writeCompleteEntries } from '../src/loader/code-cache.js'

// A module big enough to be cached (the cache skips small ones), whose result says which version ran.
const moduleSource = (version: number) => `(function () { const padding = ${JSON.stringify('x'.repeat(20_000))}; return { version: ${version}, length: padding.length } })`

const evaluate = (dir: string | undefined, code: string, filename = '/project/schema.ts') =>
  withCodeCache(dir, async () => (vm.runInThisContext(code, { filename, lineOffset: 0, displayErrors: false }) as () => { version: number })())

describe('the V8 code cache for user modules', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes one entry per file, reuses it, and rewrites it when the file changed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmig-code-cache-'))
    expect((await evaluate(dir, moduleSource(1))).version).toBe(1)
    const [entry] = readdirSync(dir)
    expect(readdirSync(dir)).toHaveLength(1)
    const firstWrite = statSync(join(dir, entry)).mtimeMs

    // Same source: served from the entry, which is left as it is.
    expect((await evaluate(dir, moduleSource(1))).version).toBe(1)
    expect(statSync(join(dir, entry)).mtimeMs).toBe(firstWrite)

    // Edited file, same path and the same length (which is all V8 checks itself): the new code runs and replaces the entry.
    expect(moduleSource(2)).toHaveLength(moduleSource(1).length)
    expect((await evaluate(dir, moduleSource(2))).version).toBe(2)
    expect(statSync(join(dir, entry)).mtimeMs).toBeGreaterThanOrEqual(firstWrite)
    expect((await evaluate(dir, moduleSource(2))).version).toBe(2)
    expect(readdirSync(dir)).toEqual([entry])

    // Another file gets its own entry.
    await evaluate(dir, moduleSource(3), '/project/other.ts')
    expect(readdirSync(dir)).toHaveLength(2)
  })

  it('completes an entry at the end of the run with the functions compiled after the module body, once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmig-code-cache-'))
    // Like a revision: the body defines `upgrade`, which runs later and is compiled only then.
    const revision = `(function () { const padding = ${JSON.stringify('y'.repeat(20_000))}; return { version: 1, upgrade: () => [1, 2, 3].map((n) => n * 2) } })`
    const phase = () => readFileSync(join(dir, readdirSync(dir)[0]))[32]
    const size = () => statSync(join(dir, readdirSync(dir)[0])).size
    const loaded = (await evaluate(dir, revision, '/project/migrations/a1.ts')) as unknown as { upgrade: () => number[] }
    expect(phase()).toBe(0) // written once the body ran: partial
    const partialSize = size()
    expect(loaded.upgrade()).toEqual([2, 4, 6])
    writeCompleteEntries()
    expect(phase()).toBe(1)
    expect(size()).toBeGreaterThan(partialSize) // now holds `upgrade` too

    // A complete entry is used and left alone.
    const completed = statSync(join(dir, readdirSync(dir)[0])).mtimeMs
    expect((await evaluate(dir, revision, '/project/migrations/a1.ts')).version).toBe(1)
    writeCompleteEntries()
    expect(statSync(join(dir, readdirSync(dir)[0])).mtimeMs).toBe(completed)
  })

  it('keeps an entry per variant of a file (tsmig keys its own chunks by command)', () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmig-code-cache-'))
    const run = (variant: string) => (runCached(dir, moduleSource(6), { filename: '/tsmig/dist/bundle/main.js', variant }) as () => { version: number })().version
    expect(run('check')).toBe(6)
    expect(run('heads')).toBe(6)
    expect(readdirSync(dir)).toHaveLength(2)
    expect(run('check')).toBe(6)
    expect(readdirSync(dir)).toHaveLength(2)
  })

  it('keeps the folder to the newest entries when it writes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmig-code-cache-'))
    // Entries of files long gone (an older build's chunks), written a day ago and earlier.
    for (let i = 0; i < keptEntries + 5; i++) {
      const stale = join(dir, `stale-${i}.bin`)
      writeFileSync(stale, 'old')
      const when = Date.now() / 1000 - 86_400 - i
      utimesSync(stale, when, when)
    }
    await evaluate(dir, moduleSource(5), '/project/fresh.ts')
    writeCompleteEntries()
    const left = readdirSync(dir)
    expect(left).toHaveLength(keptEntries)
    expect(left.filter((file) => !file.startsWith('stale-'))).toHaveLength(1) // the fresh entry stays
    expect(left).not.toContain(`stale-${keptEntries + 4}.bin`) // the oldest went
    expect(left).toContain('stale-0.bin')
  })

  it('leaves small modules, other callers and the original function alone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmig-code-cache-'))
    const original = vm.runInThisContext
    expect(await withCodeCache(dir, async () => vm.runInThisContext('1 + 1', { filename: '/project/tiny.ts' }))).toBe(2)
    expect(readdirSync(dir)).toEqual([])
    expect(vm.runInThisContext).toBe(original)
  })

  it('reports a syntax error as compiling without a cache would, and restores vm', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmig-code-cache-'))
    const original = vm.runInThisContext
    const broken = `${moduleSource(1)} +`
    await expect(evaluate(dir, broken)).rejects.toThrow(SyntaxError)
    expect(vm.runInThisContext).toBe(original)
  })

  it('without a folder, compiles as usual', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsmig-code-cache-'))
    expect((await evaluate(undefined, moduleSource(4))).version).toBe(4)
    expect(readdirSync(dir)).toEqual([])
  })
})
