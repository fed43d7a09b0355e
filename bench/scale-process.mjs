// Whole-process timing for `bench/scale.mjs`: run a command, return its wall
// time, exit status, output and peak RSS. Peak RSS comes from GNU time
// (`/usr/bin/time -f %M`) when present, else from a preload that reports
// `process.resourceUsage().maxRSS` (node commands only).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
/** The CLI measured; TSMIG_BENCH_BIN points at another build (to compare two versions). */
export const tsmigBin = process.env.TSMIG_BENCH_BIN ?? join(root, 'bin', 'tsmig.js')
const captureHook = join(root, 'bench', 'scale-capture-sql.mjs')
const rssHook = join(root, 'bench', 'scale-maxrss.mjs')
const gnuTime = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path) && spawnSync(path, ['-f', '%M', 'true']).status === 0)
const scratch = mkdtempSync(join(tmpdir(), 'tsmig-bench-proc-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))

/**
 * Run `command args` to completion. `stdin` names a file fed to standard input.
 * Returns `{ ms, status, stdout, stderr, maxRssMb }` (maxRssMb undefined when unknown).
 */
export function runProcess(command, args, { cwd, env, stdin, rss = false } = {}) {
  const rssFile = join(scratch, 'rss')
  rmSync(rssFile, { force: true })
  let argv = [command, ...args]
  const childEnv = { ...process.env, NO_COLOR: '1', ...env }
  if (rss && gnuTime) argv = [gnuTime, '-f', '%M', '-o', rssFile, ...argv]
  else if (rss && command === process.execPath) {
    argv = [command, '--import', rssHook, ...args]
    childEnv.TSMIG_BENCH_RSS_FILE = rssFile
  }
  const stdio = stdin === undefined ? 'pipe' : ['pipe', 'pipe', 'pipe']
  const input = stdin === undefined ? undefined : readFileSync(stdin)
  const start = process.hrtime.bigint()
  const result = spawnSync(argv[0], argv.slice(1), { cwd, env: childEnv, input, stdio, maxBuffer: 1 << 30, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.error) throw result.error
  let maxRssMb
  if (rss && existsSync(rssFile)) {
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop())
    if (Number.isFinite(kb) && kb > 0) maxRssMb = kb / 1024
  }
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr, maxRssMb }
}

/** `node bin/tsmig.js …args` in `cwd`; with `captureTo`, every statement sent is logged there (JSON lines). */
export function runTsmig(args, { cwd, captureTo, rss } = {}) {
  const nodeArgs = captureTo === undefined ? [tsmigBin, ...args] : ['--import', captureHook, tsmigBin, ...args]
  return runProcess(process.execPath, nodeArgs, { cwd, rss, env: captureTo === undefined ? {} : { TSMIG_BENCH_SQL_LOG: captureTo } })
}

/** Like `runTsmig`, but a non-zero exit is an error that shows tsmig's message. */
export function mustTsmig(args, options) {
  const result = runTsmig(args, options)
  if (result.status !== 0) {
    throw new Error(`tsmig ${args.join(' ')} exited ${result.status}: ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n')}`)
  }
  return result
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Run `once()` `runs` times and return the median of the milliseconds it reports. */
export function medianOf(runs, once) {
  const samples = []
  for (let i = 0; i < runs; i++) samples.push(once(i))
  return median(samples)
}
