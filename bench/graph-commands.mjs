// `npm run bench:graph`: whole-process time of the graph commands on 1,000 revisions.
//
// Generates a project with 1,000 revision files (a main line with a spliced
// branch merged back every 100 revisions, one branch label, realistic bodies)
// in a temp dir, then runs `node bin/tsmig.js heads|history|branches|show` as
// separate processes. Prints the median of several warm runs in ms and as a
// ratio to `node -e 0` (the floor no Node CLI can beat), plus the first, cold
// run of each command (empty caches). Target: heads and history ≤ 500 ms.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 1000)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const root = dirname(dirname(fileURLToPath(import.meta.url)))
const bin = join(root, 'bin', 'tsmig.js')

const idOf = (n) => n.toString(16).padStart(12, '0')

function revisionSource({ id, down, labels = [], message }) {
  const downText = down.length === 0 ? 'null' : down.length === 1 ? `'${down[0]}'` : `[${down.map((d) => `'${d}'`).join(', ')}]`
  const table = `t_${id}`
  return `import { type Operations, integer, serial, text, timestamp, varchar, sql } from 'tsmig'

export const revision = '${id}'
export const downRevision: string | string[] | null = ${downText}
export const branchLabels: string[] = [${labels.map((l) => `'${l}'`).join(', ')}]
export const dependsOn: string[] = []
export const message = '${message}'
export const createdAt = '2026-01-01T00:00:00Z'

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable('${table}', {
    id: serial().primaryKey(),
    name: varchar(255).notNull(),
    note: text(),
    owner_id: integer(),
    created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`),
  })
  await op.createIndex('ix_${table}_owner_id', '${table}', ['owner_id'])
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex('ix_${table}_owner_id', '${table}')
  await op.dropTable('${table}')
}
`
}

/** A main line; every 100 revisions a 5-revision branch spliced off and merged back. */
function generate(dir) {
  const migrations = join(dir, 'migrations')
  mkdirSync(migrations)
  let next = 1
  let tip = null
  let written = 0
  const write = (down, extra = {}) => {
    const id = idOf(next++)
    writeFileSync(join(migrations, `${id}_revision_${written}.ts`), revisionSource({ id, down, message: `revision ${written}`, ...extra }))
    written++
    return id
  }
  while (written < REVISIONS) {
    if (written > 0 && written % 100 === 0 && REVISIONS - written > 7) {
      let side = tip
      for (let i = 0; i < 5; i++) side = write([side], i === 0 && written < 200 ? { labels: ['side'] } : {})
      const main = write([tip])
      tip = write([main, side], { message: `merge at ${written}` })
    } else {
      tip = write(tip === null ? [] : [tip])
    }
  }
  writeFileSync(join(dir, 'schema.ts'), 'export {}\n')
  writeFileSync(
    join(dir, 'tsmig.config.ts'),
    "import { defineConfig } from 'tsmig'\nexport default defineConfig({ url: 'sqlite:./bench.sqlite3', schema: './schema.ts', migrations: './migrations' })\n",
  )
  return idOf(Math.floor(next / 2))
}

function time(args, cwd) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return { ms, stdout: result.stdout }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const dir = mkdtempSync(join(tmpdir(), 'tsmig-bench-graph-'))
try {
  const middle = generate(dir)
  const floor = median(Array.from({ length: RUNS }, () => time(['-e', '0'], dir).ms))
  const commands = [['heads'], ['history'], ['branches'], ['show', middle]]
  console.log(`graph commands on ${REVISIONS} revisions, median of ${RUNS} warm runs (node ${process.version})`)
  console.log(`${'node -e 0'.padEnd(24)} ${floor.toFixed(0).padStart(6)} ms   1.0x`)
  for (const command of commands) {
    const cold = time([bin, ...command], dir)
    const warm = median(Array.from({ length: RUNS }, () => time([bin, ...command], dir).ms))
    const lines = cold.stdout.trimEnd().split('\n').length
    console.log(
      `${`tsmig ${command.join(' ')}`.padEnd(24)} ${warm.toFixed(0).padStart(6)} ms ${(warm / floor).toFixed(1).padStart(5)}x` +
        `   (first run ${cold.ms.toFixed(0)} ms, ${lines} lines of output)`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
