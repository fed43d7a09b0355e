import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsmigModule } from '../src/project/user-module.js'
import { tsmigApiModule } from '../src/tsmig-api-module.js'
import { createTestProject, type TestProject } from './helpers/project.js'

// What keeps the graph commands instant on 1,000 revisions (figures in
// bench/graph-commands.mjs): they read headers as text, never import a
// revision module, and never load Kysely or a driver.

const root = join(import.meta.dirname, '..')
const bin = join(root, 'bin', 'tsmig.js')

/**
 * The CLI runs from a bundle (scripts/bundle-cli.mjs): a loaded chunk stands
 * for the source files in it, listed by esbuild's metafile as paths from the
 * repository root (`dist/revisions/graph.js`, `node_modules/kysely/…`).
 * Chunks are loaded by src/cli/run-bundle.ts, which reports each chunk and
 * each package a chunk requires under TSMIG_TRACE_LOADS=1; a loader hook
 * reports every ES module besides.
 */
function sourcesOf(loaded: readonly string[]): string[] {
  const metafile = JSON.parse(readFileSync(join(root, 'dist', 'bundle', 'metafile.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }
  return loaded.flatMap((url) => {
    const match = /\/(dist\/bundle\/[^/]+\.js)$/.exec(url)
    const output = match === null ? undefined : metafile.outputs[match[1]]
    return output === undefined ? [url] : Object.keys(output.inputs).map((input) => `file://${join(root, input)}`)
  })
}

describe("the 'tsmig' and 'tsmig/api' modules that user files import", () => {
  it('have every runtime export of src/index.ts and src/api.ts, of the same kind', async () => {
    for (const [entry, served] of [
      [(await import('../src/index.js')) as Record<string, unknown>, tsmigModule()],
      [(await import('../src/api.js')) as Record<string, unknown>, tsmigApiModule()],
    ] as const) {
      // When this fails, add the command to src/tsmig-api-module.ts.
      expect(Object.keys(served).sort()).toEqual(Object.keys(entry).sort())
      for (const [name, value] of Object.entries(entry)) expect(typeof served[name], name).toBe(typeof value)
    }
  })

  it('serve the very DSL objects tsmig checks, and commands that load on first call', async () => {
    const index = (await import('../src/api.js')) as Record<string, unknown>
    for (const served of [tsmigModule(), tsmigApiModule()]) {
      for (const name of ['table', 'integer', 'sql', 'defineConfig', 'ColumnBuilder', 'TsmigError']) expect(served[name], name).toBe(index[name])
    }
    const served = tsmigApiModule()
    const headsCommand = served.headsCommand as (options: { cwd: string }, out: unknown) => Promise<unknown>
    expect(headsCommand.name).toBe('headsCommand')
    await expect(headsCommand({ cwd: join(tmpdir(), 'tsmig-no-such-dir') }, (index.collectingOutput as () => unknown)())).rejects.toThrow('no tsmig.config.ts')
  })
})

describe('graph commands stay light', () => {
  let project: TestProject
  let hooks: string
  const marker = () => join(project.dir, 'executed.txt')

  beforeAll(async () => {
    project = await createTestProject('sqlite')
    project.writeSchema('export {}\n')
    // A revision whose module leaves a file behind when it is executed.
    project.writeRevision(
      'a1a1a1a1a1a1_side_effect.ts',
      `import { writeFileSync } from 'node:fs'
import { type Operations } from 'tsmig'
writeFileSync(${JSON.stringify(join(project.dir, 'executed.txt'))}, 'executed')
export const revision = 'a1a1a1a1a1a1'
export const downRevision: string | string[] | null = null
export const branchLabels: string[] = ['main']
export const dependsOn: string[] = []
export const message = 'side effect'
export async function upgrade(op: Operations): Promise<void> {}
export async function downgrade(op: Operations): Promise<void> {}
`,
    )
    // Two children, so that `branches` has a branch point to print.
    for (const id of ['b2b2b2b2b2b2', 'c3c3c3c3c3c3']) {
      project.writeRevision(
        `${id}_child.ts`,
        `export const revision = '${id}'\nexport const downRevision = 'a1a1a1a1a1a1'\nexport const message = 'child'\n` +
          'export async function upgrade() {}\nexport async function downgrade() {}\n',
      )
    }
    // A loader hook that reports every module the process loads.
    hooks = mkdtempSync(join(tmpdir(), 'tsmig-hooks-'))
    writeFileSync(
      join(hooks, 'hooks.mjs'),
      "export async function load(url, context, next) { process.stderr.write(`loaded ${url}\\n`); return next(url, context) }\n",
    )
    writeFileSync(join(hooks, 'register.mjs'), "import { register } from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n")
  })
  afterAll(async () => {
    await project?.dispose()
    rmSync(hooks, { recursive: true, force: true })
  })

  function run(...args: string[]): Promise<{ code: number | null; stdout: string; loaded: string[] }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', join(hooks, 'register.mjs'), bin, ...args], {
        cwd: project.dir,
        env: { ...process.env, TSMIG_TRACE_LOADS: '1' },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (data) => (stdout += data))
      child.stderr.on('data', (data) => (stderr += data))
      child.on('error', reject)
      child.on('close', (code) => {
        const loaded = sourcesOf(stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length)))
        resolve({ code, stdout, loaded })
      })
    })
  }

  for (const args of [['heads'], ['history'], ['branches'], ['show', 'main']]) {
    it(`tsmig ${args.join(' ')} loads no driver, no Kysely, no revision module`, async () => {
      const ran = await run(...args)
      expect(ran.code, ran.stdout).toBe(0)
      expect(ran.stdout).toContain('c3c3c3c3c3c3')
      // The trace sees every chunk and each package a chunk requires: it is watching.
      expect(ran.loaded.some((url) => url.endsWith('/dist/revisions/graph.js'))).toBe(true)
      expect(ran.loaded.some((url) => url.includes('/node_modules/commander/'))).toBe(true)
      const heavy = ran.loaded.filter((url) => /\/node_modules\/(kysely|pg|better-sqlite3)\/|\/dist\/(dialects\/(postgres|sqlite)|compare|render)\//.test(url))
      expect(heavy).toEqual([])
      expect(existsSync(marker())).toBe(false)
    })
  }

  it('upgrade does load Kysely and execute the revision module (so the checks above mean something)', async () => {
    const ran = await run('upgrade', 'heads')
    expect(ran.code).toBe(0)
    expect(ran.loaded.some((url) => url.includes('/node_modules/kysely/'))).toBe(true)
    expect(existsSync(marker())).toBe(true)
  })
})
