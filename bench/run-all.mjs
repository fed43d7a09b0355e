// `npm run bench`: every benchmark in bench/, one after the other, each a
// plain node process on the built dist/. BENCH_QUICK=1 runs the small sizes
// only (N=100 tables, R=100 revisions). Exits non-zero if one of them fails.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const quick = process.env.BENCH_QUICK === '1'

/** Script, and the env defaults that make it quick (an explicit setting wins). */
const benches = [
  { file: 'scale.mjs', quick: {} },
  { file: 'graph-commands.mjs', quick: { BENCH_REVISIONS: '100' } },
  { file: 'sqlite-rebuild.mjs', quick: { PARENT_ROWS: '10000' } },
]

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ')
process.stdout.write(`node ${process.version}, ${cpus().length} cores, load average ${load()}${quick ? ', BENCH_QUICK' : ''}\n`)
const failed = []
const started = Date.now()
for (const bench of benches) {
  const file = join(here, bench.file)
  if (!existsSync(file)) continue
  process.stdout.write(`\n=== bench/${bench.file}\n`)
  const env = { ...process.env }
  if (quick) for (const [key, value] of Object.entries(bench.quick)) env[key] ??= value
  const result = spawnSync(process.execPath, [file], { stdio: 'inherit', env })
  if (result.status !== 0) failed.push(`${bench.file} (exit ${result.status ?? result.signal})`)
}
process.stdout.write(`\nall benchmarks: ${((Date.now() - started) / 1000).toFixed(0)} s, load average now ${load()}\n`)
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`)
  process.exitCode = 1
}
