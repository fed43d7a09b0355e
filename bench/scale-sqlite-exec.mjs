// `node bench/scale-sqlite-exec.mjs <db file> <sql file> [strict|tolerant]`: the
// SQLite limit when the sqlite3 CLI is absent. Opens the file with
// better-sqlite3 and runs the script with `exec` (tolerant: statement by
// statement, going on after a failure, as the CLI without -bail does), then
// prints the milliseconds of open + exec; Node's start-up is measured
// separately by the bench.
import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'

const statementMarker = '-- tsmig-bench: next statement'
const [file, script, mode = 'strict'] = process.argv.slice(2)
const sql = readFileSync(script, 'utf8')
const start = process.hrtime.bigint()
const db = new Database(file)
if (mode === 'tolerant') {
  for (const statement of sql.split(`\n${statementMarker}\n`)) {
    try {
      db.exec(statement)
    } catch {
      // tsmig's own probes fail the same way (a version table not created yet)
    }
  }
} else db.exec(sql)
db.close()
process.stdout.write(`${Number(process.hrtime.bigint() - start) / 1e6}\n`)
