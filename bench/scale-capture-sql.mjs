// Preload (`node --import <this> bin/tsmig.js …`) that records every statement
// tsmig sends to the database, as JSON lines `{ sql, params }`, into the file
// named by TSMIG_BENCH_SQL_LOG. `bench/scale.mjs` replays them with psql or
// better-sqlite3 to measure what the database itself needs for the same work.
// No tsmig code knows it is being observed: PostgreSQL statements are read off
// the wire (tsmig bundles pg, so its classes cannot be patched from outside):
// every message written to a socket is parsed as the frontend protocol, a
// simple Query ('Q') recorded as it is, an extended one as its Parse ('P')
// text with the values of the Bind ('B') that follows. SQLite statements are
// recorded by patching the `better-sqlite3` module tsmig loads (one CJS
// module cache).
import { appendFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Socket } from 'node:net'

const log = process.env.TSMIG_BENCH_SQL_LOG
if (log) {
  writeFileSync(log, '')
  const require = createRequire(join(dirname(dirname(fileURLToPath(import.meta.url))), 'package.json'))
  const lines = []
  const record = (sql, params) => lines.push(JSON.stringify({ sql, params: params ?? [] }))
  // Written once at exit: an append per statement would slow the captured run for nothing.
  process.on('exit', () => appendFileSync(log, lines.length === 0 ? '' : `${lines.join('\n')}\n`))

  // The last Parse per socket: its Bind carries the values.
  const parsed = new WeakMap()
  const socketWrite = Socket.prototype.write
  Socket.prototype.write = function (chunk, ...rest) {
    try {
      if (Buffer.isBuffer(chunk)) readFrontendMessages(this, chunk)
    } catch {
      // Not a protocol message (TLS, a startup packet): nothing to record.
    }
    return socketWrite.call(this, chunk, ...rest)
  }
  function readFrontendMessages(socket, buffer) {
    let at = 0
    while (at + 5 <= buffer.length) {
      const type = String.fromCharCode(buffer[at])
      const length = buffer.readInt32BE(at + 1)
      if (length < 4 || at + 1 + length > buffer.length) return
      const body = buffer.subarray(at + 5, at + 1 + length)
      if (type === 'Q') record(cString(body, 0).text, [])
      else if (type === 'P') {
        const name = cString(body, 0)
        parsed.set(socket, cString(body, name.end).text)
      } else if (type === 'B' && parsed.has(socket)) record(parsed.get(socket), bindValues(body))
      at += 1 + length
    }
  }
  function cString(body, start) {
    const end = body.indexOf(0, start)
    return { text: body.toString('utf8', start, end), end: end + 1 }
  }
  /** Bind: portal, statement, format codes, then the values (pg sends them as text). */
  function bindValues(body) {
    let at = cString(body, cString(body, 0).end).end
    const formats = body.readInt16BE(at)
    at += 2 + 2 * formats
    const count = body.readInt16BE(at)
    at += 2
    const values = []
    for (let i = 0; i < count; i++) {
      const size = body.readInt32BE(at)
      at += 4
      if (size < 0) values.push(null)
      else {
        values.push(body.toString('utf8', at, at + size))
        at += size
      }
    }
    return values
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
