// `node bench/scale.mjs` (part of `npm run bench`): tsmig at scale, each
// command a whole process (`node bin/tsmig.js`, built `dist/`), against what
// the database itself needs for the same work.
//
//   N tables (100, 1,000): revision --autogenerate on an empty database, upgrade
//   head of that revision, check on the in-sync database (+ peak RSS), pull of
//   that database (the model written back);
//   R revisions (100, 1,000): upgrade head over the chain from base, downgrade
//   base, heads, history.
//
// Limits: `node -e 0`; the statements tsmig sent (captured by a preload, see
// scale-capture-sql.mjs) replayed with psql / the sqlite3 CLI; the DDL of
// `upgrade --sql` applied with psql / sqlite3. Figures are medians of several
// warm runs (jiti's transpile cache filled), each run of tsmig alternating with
// a run of its limit; the first, cold run is shown too.
//
// Env: BENCH_QUICK=1 (N=100, R=100 only), BENCH_TABLES / BENCH_CHAINS (sizes, comma-separated; empty = none), BENCH_RUNS (fast commands, default 5),
// BENCH_SLOW_RUNS (default 3), BENCH_DIALECTS=postgres,sqlite, TSMIG_BENCH_PG_URL,
// BENCH_JSON=<file> (write the rows as JSON too), TSMIG_BENCH_BIN (another build's bin/tsmig.js).
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { postgresBench, sqliteBench } from './scale-databases.mjs'
import { writeChain, writeProject } from './scale-generate.mjs'
import { median, medianOf, mustTsmig, runProcess, runTsmig } from './scale-process.mjs'
import { printTable } from './scale-report.mjs'

const quick = process.env.BENCH_QUICK === '1'
const listed = (name, fallback) => (process.env[name] === undefined ? fallback : process.env[name].split(',').filter((v) => v !== '').map(Number))
const sizes = listed('BENCH_TABLES', quick ? [100] : [100, 1000])
const chains = listed('BENCH_CHAINS', quick ? [100] : [100, 1000])
const fastRuns = Number(process.env.BENCH_RUNS ?? 5)
const slowRuns = Number(process.env.BENCH_SLOW_RUNS ?? 3)
const wanted = (process.env.BENCH_DIALECTS ?? 'postgres,sqlite').split(',')
const work = mkdtempSync(join(tmpdir(), 'tsmig-bench-scale-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

const rows = []
const notes = []
const started = Date.now()
const loadAtStart = loadavg()[0]
const log = (text) => process.stderr.write(`[scale ${((Date.now() - started) / 1000).toFixed(0)}s] ${text}\n`)

const nodeStart = medianOf(fastRuns + 2, () => runProcess(process.execPath, ['-e', '0']).ms)
log(`node -e 0: ${nodeStart.toFixed(0)} ms`)

/** Run `work(db)` on a fresh database, dropped afterwards whatever happens. */
function withFresh(bench, work) {
  const db = bench.fresh()
  try {
    return work(db)
  } finally {
    db.drop()
  }
}

/** `upgrade --sql` output (the offline DDL) to `file`; undefined when --sql fails, with a note. */
function offlineSql(bench, dir, args, file, what) {
  const result = runTsmig(['--url', bench.offlineUrl, ...args, '--sql'], { cwd: dir })
  if (result.status !== 0) {
    notes.push(`${bench.name} ${what}: \`tsmig ${args.join(' ')} --sql\` failed (${(result.stderr || result.stdout).trim().split('\n')[0]}); the limit replays the statements tsmig sent online instead`)
    return undefined
  }
  writeFileSync(file, result.stdout)
  return file
}

/**
 * `runs` rounds of every step, one after the other within a round (A B C A B C …):
 * on a shared machine the load changes within seconds, so a figure and its limit
 * are measured side by side rather than minutes apart. Returns each step's samples.
 */
function interleaved(runs, steps) {
  const samples = steps.map(() => [])
  for (let i = 0; i < runs; i++) steps.forEach((step, k) => samples[k].push(step(i)))
  return samples
}

const nodeStartOnce = () => runProcess(process.execPath, ['-e', '0']).ms

function benchTables(bench, tables) {
  const dir = join(work, `${bench.name}-n${tables}`)
  writeProject(dir, { tables })
  const migrations = join(dir, 'migrations')
  const clearMigrations = () => {
    for (const file of readdirSync(migrations)) unlinkSync(join(migrations, file))
  }
  const label = `N=${tables}`
  const autogenerate = (url, captureTo) => mustTsmig(['--url', url, 'revision', '--autogenerate', '-m', 'create tables', '--rev-id', 'a00000000001'], { cwd: dir, captureTo })

  // 1. revision --autogenerate against an empty database.
  const empty = bench.fresh()
  let synced
  try {
    log(`${bench.name} ${label}: autogenerate`)
    const coldAutogenerate = autogenerate(empty.url).ms
    clearMigrations()
    const autogenerateCapture = join(dir, 'autogenerate.jsonl')
    autogenerate(empty.url, autogenerateCapture)
    const autogenerateSql = join(dir, 'autogenerate-catalog.sql')
    bench.scriptFromCapture(autogenerateCapture, autogenerateSql)
    // The last round leaves the revision file that step 2 upgrades with.
    const [autogenerateMs, autogenerateNode, emptyCatalog] = interleaved(slowRuns, [
      () => {
        clearMigrations()
        return autogenerate(empty.url).ms
      },
      nodeStartOnce,
      () => bench.runScript(empty, autogenerateSql, { tolerant: true }),
    ])
    rows.push({ dialect: bench.name, size: label, command: 'revision --autogenerate (create)', ms: median(autogenerateMs), cold: coldAutogenerate, limit: median(autogenerateNode) + median(emptyCatalog), limitName: `node -e 0 + ${bench.limitName} of its queries`, target: 2 })

    // 2. upgrade head of that revision.
    log(`${bench.name} ${label}: upgrade head`)
    const ddl = offlineSql(bench, dir, ['upgrade', 'head'], join(dir, 'upgrade.sql'), `${label} upgrade`)
    const coldUpgrade = withFresh(bench, (db) => mustTsmig(['--url', db.url, 'upgrade', 'head'], { cwd: dir }).ms)
    let ddlFile = ddl
    if (ddlFile === undefined) {
      const capture = join(dir, 'upgrade.jsonl')
      withFresh(bench, (db) => mustTsmig(['--url', db.url, 'upgrade', 'head'], { cwd: dir, captureTo: capture }))
      ddlFile = join(dir, 'upgrade-captured.sql')
      bench.scriptFromCapture(capture, ddlFile)
    }
    const [upgradeMs, ddlMs] = interleaved(slowRuns, [
      () => {
        const db = bench.fresh()
        const ms = mustTsmig(['--url', db.url, 'upgrade', 'head'], { cwd: dir }).ms
        // The first upgraded database is kept for `check`.
        if (synced === undefined) synced = db
        else db.drop()
        return ms
      },
      () => withFresh(bench, (db) => bench.runScript(db, ddlFile)),
    ])
    rows.push({ dialect: bench.name, size: label, command: 'upgrade head (create)', ms: median(upgradeMs), cold: coldUpgrade, limit: median(ddlMs), limitName: `${bench.limitName} of the DDL${ddl ? '' : ' (captured)'}`, target: 1.5 })

    // 3. check against the in-sync database.
    log(`${bench.name} ${label}: check`)
    const checkCapture = join(dir, 'check.jsonl')
    mustTsmig(['--url', synced.url, 'check'], { cwd: dir, captureTo: checkCapture })
    const checkSql = join(dir, 'check-catalog.sql')
    bench.scriptFromCapture(checkCapture, checkSql)
    const checkRuns = []
    const [, checkNode, catalogMs] = interleaved(fastRuns, [
      () => {
        const result = runTsmig(['--url', synced.url, 'check'], { cwd: dir, rss: true })
        if (result.status !== 0) throw new Error(`${bench.name} ${label}: check is not clean after upgrade head:\n${result.stdout}${result.stderr}`)
        checkRuns.push(result)
        return result.ms
      },
      nodeStartOnce,
      () => bench.runScript(synced, checkSql, { tolerant: true }),
    ])
    const rss = checkRuns.map((r) => r.maxRssMb).filter((v) => v !== undefined)
    rows.push({
      dialect: bench.name,
      size: label,
      command: 'check (in sync)',
      ms: median(checkRuns.map((r) => r.ms)),
      limit: median(checkNode) + median(catalogMs),
      limitName: `node -e 0 + ${bench.limitName} of its queries`,
      target: 2,
      maxRssMb: rss.length > 0 ? Math.max(...rss) : undefined,
      rssTarget: tables >= 1000 ? 300 : undefined,
    })

    // 4. pull: the same database written back as a model, next to check (the same introspection, then rendering).
    log(`${bench.name} ${label}: pull`)
    const pull = (captureTo) => mustTsmig(['--url', synced.url, 'pull', '--out', 'pulled.ts', '--force'], { cwd: dir, captureTo })
    const pullCapture = join(dir, 'pull.jsonl')
    const coldPull = pull(pullCapture).ms
    const pullSql = join(dir, 'pull-catalog.sql')
    bench.scriptFromCapture(pullCapture, pullSql)
    const [pullMs, pullNode, pullCatalogMs] = interleaved(fastRuns, [() => pull().ms, nodeStartOnce, () => bench.runScript(synced, pullSql, { tolerant: true })])
    rows.push({ dialect: bench.name, size: label, command: 'pull (model of the database)', ms: median(pullMs), cold: coldPull, limit: median(pullNode) + median(pullCatalogMs), limitName: `node -e 0 + ${bench.limitName} of its queries`, target: 2 })
  } finally {
    empty.drop()
    synced?.drop()
  }
}

function benchChain(bench, revisions) {
  const dir = join(work, `${bench.name}-r${revisions}`)
  writeProject(dir, { tables: 0, schema: false })
  writeChain(join(dir, 'migrations'), revisions)
  const label = `R=${revisions}`
  log(`${bench.name} ${label}: upgrade/downgrade over the chain`)

  const up = offlineSql(bench, dir, ['upgrade', 'head'], join(dir, 'chain-up.sql'), `${label} upgrade`)
  const down = offlineSql(bench, dir, ['downgrade', 'head:base'], join(dir, 'chain-down.sql'), `${label} downgrade`)
  const cold = withFresh(bench, (db) => [mustTsmig(['--url', db.url, 'upgrade', 'head'], { cwd: dir }).ms, mustTsmig(['--url', db.url, 'downgrade', 'base'], { cwd: dir }).ms])
  let upFile = up
  let downFile = down
  if (upFile === undefined || downFile === undefined) {
    const upCapture = join(dir, 'chain-up.jsonl')
    const downCapture = join(dir, 'chain-down.jsonl')
    withFresh(bench, (db) => {
      mustTsmig(['--url', db.url, 'upgrade', 'head'], { cwd: dir, captureTo: upCapture })
      mustTsmig(['--url', db.url, 'downgrade', 'base'], { cwd: dir, captureTo: downCapture })
    })
    upFile ??= join(dir, 'chain-up-captured.sql')
    downFile ??= join(dir, 'chain-down-captured.sql')
    if (up === undefined) bench.scriptFromCapture(upCapture, upFile)
    if (down === undefined) bench.scriptFromCapture(downCapture, downFile)
  }
  const upSamples = []
  const downSamples = []
  const limitUp = []
  const limitDown = []
  interleaved(slowRuns, [
    () =>
      withFresh(bench, (db) => {
        upSamples.push(mustTsmig(['--url', db.url, 'upgrade', 'head'], { cwd: dir }).ms)
        downSamples.push(mustTsmig(['--url', db.url, 'downgrade', 'base'], { cwd: dir }).ms)
      }),
    () =>
      withFresh(bench, (db) => {
        limitUp.push(bench.runScript(db, upFile))
        limitDown.push(bench.runScript(db, downFile))
      }),
  ])
  rows.push({ dialect: bench.name, size: label, command: 'upgrade head (chain from base)', ms: median(upSamples), cold: cold[0], limit: median(limitUp), limitName: `${bench.limitName} of the statements + version updates${up ? '' : ' (captured)'}`, target: 2 })
  rows.push({ dialect: bench.name, size: label, command: 'downgrade base (chain)', ms: median(downSamples), cold: cold[1], limit: median(limitDown), limitName: `${bench.limitName} of the statements + version updates${down ? '' : ' (captured)'}` })

  // The graph commands read files only; run them once per R, on the first dialect.
  if (!rows.some((r) => r.size === label && r.command === 'heads')) {
    for (const command of ['heads', 'history']) {
      const coldRun = mustTsmig([command], { cwd: dir }).ms
      const [ms, node] = interleaved(fastRuns, [() => mustTsmig([command], { cwd: dir }).ms, nodeStartOnce])
      rows.push({ dialect: '-', size: label, command, ms: median(ms), cold: coldRun, limit: median(node), limitName: 'node -e 0', absoluteTarget: revisions >= 1000 ? 500 : undefined })
    }
  }
}

const benches = [postgresBench(), sqliteBench()].filter((b) => wanted.includes(b.name))
for (const bench of benches) {
  const missing = bench.available()
  if (missing !== undefined) {
    notes.push(`${bench.name} skipped: ${missing}`)
    continue
  }
  for (const tables of sizes) benchTables(bench, tables)
  for (const revisions of chains) benchChain(bench, revisions)
}

printTable(rows, { nodeStart, notes, quick, fastRuns, slowRuns, seconds: (Date.now() - started) / 1000, load: [loadAtStart, loadavg()[0]] })
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ nodeStart, rows, notes }, null, 2))
