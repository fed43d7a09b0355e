// Preload (`node --import <this> bin/tsmig.js …`) that records every statement
// tsmig sends to the database, as JSON lines `{ sql, params }`, into the file
// named by TSMIG_BENCH_SQL_LOG. `bench/scale.mjs` replays them with psql or
// better-sqlite3 to measure what the database itself needs for the same work.
// It patches the very `pg` and `better-sqlite3` modules tsmig loads (one CJS
// module cache), so no tsmig code knows it is being observed.
import { appendFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const log = process.env.TSMIG_BENCH_SQL_LOG
if (log) {
  writeFileSync(log, '')
  const require = createRequire(join(dirname(dirname(fileURLToPath(import.meta.url))), 'package.json'))
  const lines = []
  const record = (sql, params) => lines.push(JSON.stringify({ sql, params: params ?? [] }))
  // Written once at exit: an append per statement would slow the captured run for nothing.
  process.on('exit', () => appendFileSync(log, lines.length === 0 ? '' : `${lines.join('\n')}\n`))

  const pg = require('pg')
  const query = pg.Client.prototype.query
  pg.Client.prototype.query = function (config, values, callback) {
    if (typeof config === 'string') record(config, Array.isArray(values) ? values.map(prepare) : [])
    else if (config && typeof config.text === 'string') record(config.text, (config.values ?? []).map(prepare))
    return query.call(this, config, values, callback)
  }
  function prepare(value) {
    return value === null || value === undefined ? null : pg.utils.prepareValue(value)
  }

  const Database = require('better-sqlite3')
  const probe = new Database(':memory:')
  const Statement = Object.getPrototypeOf(probe.prepare('select 1'))
  probe.close()
  for (const method of ['all', 'get', 'run', 'iterate']) {
    const original = Statement[method]
    Statement[method] = function (...params) {
      record(this.source, params.map((p) => (Buffer.isBuffer(p) ? p.toString('hex') : p)))
      return original.apply(this, params)
    }
  }
  const exec = Database.prototype.exec
  Database.prototype.exec = function (sql) {
    record(sql, [])
    return exec.call(this, sql)
  }
  // `db.pragma()` runs through `prepare().all()`, recorded above.
}
