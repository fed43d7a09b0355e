import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { requireCached } from '../src/loader/cached-require.js'

describe('requireCached (tsmig bundle chunks and jiti through the V8 code cache)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsmig-cached-require-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('runs CommonJS files with their relative requires, packages, cycles, import.meta.url and import()', async () => {
    // Big enough to go through the cache, which skips small files.
    const padding = `const padding = ${JSON.stringify('z'.repeat(20_000))}\n`
    writeFileSync(
      join(dir, 'a.cjs'),
      `${padding}exports.early = 'a, partly'\nconst b = require('./sub/b.cjs')\n` +
        `module.exports = { fromB: b.value, bSawA: b.sawA, sep: require('node:path').sep, url: __tsmigImportMetaUrl, file: __filename, load: () => import('node:os') }\n`,
    )
    const sub = join(dir, 'sub')
    mkdirSync(sub)
    writeFileSync(join(sub, 'b.cjs'), `exports.sawA = require('../a.cjs').early\nexports.value = 42\n`)

    const a = requireCached(join(dir, 'a.cjs')) as Record<string, unknown>
    expect(a.fromB).toBe(42)
    expect(a.bSawA).toBe('a, partly') // the cycle got a's exports as they were
    expect(a.sep).toBe('/')
    expect(a.url).toBe(pathToFileURL(join(dir, 'a.cjs')).href)
    expect(a.file).toBe(join(dir, 'a.cjs'))
    expect(typeof ((await (a.load as () => Promise<{ cpus: unknown }>)()).cpus)).toBe('function')
    // Loaded once.
    expect(requireCached(join(dir, 'a.cjs'))).toBe(a)
  })

  it('does not keep a file whose body threw: the next require runs it again', () => {
    const file = join(dir, 'flaky.cjs')
    writeFileSync(file, "if (!globalThis.__tsmigFlakyOnce) { globalThis.__tsmigFlakyOnce = true; throw new Error('first load fails') }\nexports.ok = true\n")
    try {
      expect(() => requireCached(file)).toThrow('first load fails')
      expect(requireCached(file)).toEqual({ ok: true })
    } finally {
      delete (globalThis as { __tsmigFlakyOnce?: boolean }).__tsmigFlakyOnce
    }
  })
})
