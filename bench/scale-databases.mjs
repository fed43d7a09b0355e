// The two databases of `bench/scale.mjs`, behind one shape:
//   available()            → undefined, or why this dialect is skipped
//   fresh()                → { url, drop() }: a new empty database
//   runScript(db, file, { tolerant }) → ms the database's own client needs to run an SQL file
//                            (the limit); tolerant = go on after a failing statement, as tsmig
//                            does when it probes (reading a version table that does not exist yet)
//   scriptFromCapture(jsonl, file) → turn statements captured from tsmig into such a file
//   limitName              → what runScript measures, for the table
//   offlineUrl             → a URL for `--sql` (which never connects)
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runProcess } from './scale-process.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const has = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0

function readCapture(jsonl) {
  return readFileSync(jsonl, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line))
}

const quoteText = (value) => `'${String(value).replace(/'/g, "''")}'`

export function postgresBench() {
  const adminUrl = process.env.TSMIG_BENCH_PG_URL ?? process.env.TSMIG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const psql = (url, args, tolerant = false) => runProcess('psql', ['-X', '-q', '-v', `ON_ERROR_STOP=${tolerant ? 0 : 1}`, '-d', url, ...args])
  const mustPsql = (url, args, tolerant) => {
    const result = psql(url, args, tolerant)
    if (result.status !== 0) throw new Error(`psql ${args.join(' ')} failed: ${result.stderr.trim().split('\n').slice(0, 3).join(' / ')}`)
    return result
  }
  return {
    name: 'postgres',
    limitName: 'psql -f',
    /** `--sql` never connects; the URL only picks the dialect. */
    offlineUrl: adminUrl,
    available() {
      if (!has('psql')) return 'psql is not installed'
      const probe = psql(adminUrl, ['-c', 'select 1'])
      return probe.status === 0 ? undefined : `no PostgreSQL at ${adminUrl} (${probe.stderr.trim().split('\n')[0]}); set TSMIG_BENCH_PG_URL`
    },
    fresh() {
      const name = `tsmig_bench_${randomBytes(5).toString('hex')}`
      mustPsql(adminUrl, ['-c', `CREATE DATABASE ${name}`])
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      return { url: url.toString(), drop: () => mustPsql(adminUrl, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) }
    },
    runScript(db, file, { tolerant = false } = {}) {
      return mustPsql(db.url, ['-f', file, '-o', '/dev/null'], tolerant).ms
    },
    /** Parameterized statements become PREPARE/EXECUTE, so the server infers parameter types as it did for tsmig. */
    scriptFromCapture(jsonl, file) {
      let n = 0
      const parts = readCapture(jsonl).map(({ sql, params }) => {
        if (params.length === 0) return `${sql.trim().replace(/;$/, '')};`
        const name = `tsmig_bench_q${++n}`
        const args = params.map((p) => (p === null ? 'NULL' : quoteText(p))).join(', ')
        return `PREPARE ${name} AS ${sql.trim()};\nEXECUTE ${name}(${args});\nDEALLOCATE ${name};`
      })
      writeFileSync(file, `${parts.join('\n')}\n`)
    },
  }
}

export const statementMarker = '-- tsmig-bench: next statement'

/** Replace `?` placeholders outside quotes with literals, for the sqlite3 CLI. */
function inlineSqliteParams(sql, params) {
  const values = params.length === 1 && Array.isArray(params[0]) ? params[0] : params
  if (values.length === 0) return sql
  let next = 0
  let quote
  let out = ''
  for (const char of sql) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined
      out += char
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char
      out += char
    } else if (char === '?') {
      const value = values[next++]
      out += value === null || value === undefined ? 'NULL' : typeof value === 'number' || typeof value === 'bigint' ? String(value) : quoteText(value)
    } else out += char
  }
  return out
}

export function sqliteBench() {
  const cli = has('sqlite3')
  const dir = mkdtempSync(join(tmpdir(), 'tsmig-bench-sqlite-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  return {
    name: 'sqlite',
    limitName: cli ? 'sqlite3 CLI' : 'better-sqlite3 exec',
    offlineUrl: `sqlite:${join(dir, 'offline.sqlite3')}`,
    available: () => undefined,
    fresh() {
      const file = join(dir, `bench_${randomBytes(5).toString('hex')}.sqlite3`)
      const drop = () => {
        for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true })
      }
      return { url: `sqlite:${file}`, file, drop }
    },
    runScript(db, script, { tolerant = false } = {}) {
      if (cli) {
        const result = runProcess('sqlite3', tolerant ? [db.file] : ['-bail', db.file], { stdin: script })
        if (result.status !== 0 && !tolerant) throw new Error(`sqlite3 ${script} failed: ${result.stderr.trim().split('\n')[0]}`)
        return result.ms
      }
      // No CLI: better-sqlite3 in a bare node process; the figure is the exec alone (start-up excluded).
      const result = runProcess(process.execPath, [join(root, 'bench', 'scale-sqlite-exec.mjs'), db.file, script, tolerant ? 'tolerant' : 'strict'])
      if (result.status !== 0) throw new Error(`better-sqlite3 exec of ${script} failed: ${result.stderr.trim().split('\n')[0]}`)
      return Number(result.stdout.trim())
    },
    scriptFromCapture(jsonl, file) {
      const parts = readCapture(jsonl).map(({ sql, params }) => `${inlineSqliteParams(sql.trim(), params).replace(/;$/, '')};`)
      // The marker lets the better-sqlite3 fallback run statement by statement when tolerant.
      writeFileSync(file, `${parts.join(`\n${statementMarker}\n`)}\n`)
    },
  }
}
