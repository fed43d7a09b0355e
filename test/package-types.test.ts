/**
 * The package as a user gets it: `npm pack` once (of the built dist/, as
 * the e2e tests use it), unpacked into a fresh app's node_modules beside
 * tsmig's runtime dependencies only — no @types/node — and compiled with
 * tsc under `"types": []`, with skipLibCheck on and off.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
let work: string
let shipped: string[]

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
}

/** An app whose node_modules holds the unpacked tsmig and its runtime dependencies (plus `extra` packages). */
function app(name: string, extra: readonly string[] = []): string {
  const dir = join(work, name)
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true })
  execFileSync('tar', ['xzf', join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!), '-C', dir])
  execFileSync('mv', [join(dir, 'package'), join(dir, 'node_modules', 'tsmig')])
  const dependencies = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies)
  for (const dep of [...dependencies, ...extra]) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  return dir
}

/** tsc on the app, asynchronously: a synchronous wait of several seconds would stall vitest's worker. */
function typeCheck(dir: string, file: string, options: Record<string, unknown>): Promise<{ status: number; output: string }> {
  const compilerOptions = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, ...options }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [file] }))
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` })
    })
  })
}

const model = `import { table, enumType, serial, integer, boolean, varchar, bytea, timestamp, sql, index, foreignKey, columnRef, enumColumn,
  defineConfig, type Operations, type InferDatabase } from 'tsmig'

export const mood = enumType('mood', ['happy', 'sad'])
export const users = table('users', {
  id: serial().primaryKey(),
  is_active: boolean().notNull().default(true),
  name: varchar(255).default('anonymous'),
  avatar: bytea(),
  mood: mood(),
  created_at: timestamp({ withTimezone: true }).notNull().default(sql\`now()\`),
})
export const posts = table('posts', {
  id: serial().primaryKey(),
  author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
}, (t) => [index('ix_posts_author').on(t.author_id)])

export type Database = InferDatabase<{ users: typeof users; posts: typeof posts }>
export type ActiveColumn = Database['users']['is_active']

export default defineConfig({ url: 'sqlite:./dev.sqlite3', schema: './model.ts', migrations: './migrations', lockTimeoutMs: 1000 })

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable('comments', {
    id: serial().primaryKey(),
    post_id: integer().notNull(),
    mood: enumColumn('mood'),
  }, (t) => [
    foreignKey({ columns: [t.post_id], foreignTable: 'posts', foreignColumns: ['id'], onDelete: 'cascade' }),
    index('ix_comments_post').on(columnRef('post_id').desc()),
  ])
}
`

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tsmig-pack-'))
  // --ignore-scripts: `prepare` would build again; the tests run against the dist/ already built.
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: 'ignore' })
  const unpacked = join(work, 'unpacked')
  mkdirSync(unpacked)
  execFileSync('tar', ['xzf', join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!), '-C', unpacked])
  shipped = filesUnder(join(unpacked, 'package'))
}, 120_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('the packed package', () => {
  it('ships a LICENSE matching package.json, and no source map or map reference to sources it does not ship', () => {
    expect(shipped).toContain('LICENSE')
    const license = readFileSync(join(work, 'unpacked', 'package', 'LICENSE'), 'utf8')
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string }).license).toBe('MIT')
    expect(license).toMatch(/^MIT License/)
    expect(shipped.filter((file) => file.endsWith('.map'))).toEqual([])
    const withMapComment = shipped.filter((file) => file.endsWith('.js') && readFileSync(join(work, 'unpacked', 'package', file), 'utf8').includes('sourceMappingURL'))
    expect(withMapComment).toEqual([])
  })

  it.each([true, false])('a model, config and revision importing from tsmig type-check with "types": [] and skipLibCheck %s', async (skipLibCheck) => {
    const dir = app(`model-${skipLibCheck}`)
    writeFileSync(join(dir, 'model.ts'), model)
    const result = await typeCheck(dir, 'model.ts', { types: [], skipLibCheck })
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  }, 120_000)

  it("the commands are on 'tsmig/api', for programs with Node's types", async () => {
    const dir = app('api', ['@types/node'])
    writeFileSync(
      join(dir, 'main.ts'),
      `import { upgradeCommand, collectingOutput, table, serial } from 'tsmig/api'
export const t = table('t', { id: serial().primaryKey() })
export async function migrate(): Promise<number> {
  const out = collectingOutput()
  const result = await upgradeCommand({ cwd: process.cwd(), target: 'head' }, out)
  return result.steps.length
}
`,
    )
    const result = await typeCheck(dir, 'main.ts', { types: ['node'], skipLibCheck: true })
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  }, 120_000)
})
