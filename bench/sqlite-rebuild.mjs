// `npm run bench:sqlite`: what a SQLite table rebuild costs against its lower bound.
//
// A file database holds `parent` (100,000 rows: a unique COLLATE NOCASE column, a
// CHECK, an index, a trigger) and `child` (300,000 rows, ON DELETE CASCADE to it).
// Measured, median of several runs, each on a fresh copy of the database:
//   copy     the lower bound: an identical empty table filled with a plain
//            `INSERT INTO copy SELECT * FROM parent`, in one transaction (SQLite
//            copies the records as they are: its "transfer optimization");
//   copycols the same copy with a column list, which turns that optimization
//            off, as any copy into a table of another shape does;
//   rebuild  the statements tsmig compiles for one op on parent (a column type
//            change): guard, CREATE, INSERT … SELECT, DROP, RENAME, index and
//            trigger recreated — compiled and executed in one transaction;
//   batch    four ops (type, default, check, dropped column) as one rebuild;
//   runner   the rebuild as the runner runs a migration: foreign keys off before
//            BEGIN, `foreign_key_check` before (pre-existing orphans) and before
//            COMMIT (over the 300,000 children), pragmas restored.
// Printed as milliseconds and as ratios to `copy`. No assertion: timings vary.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { compileSqliteTableBatch, sqliteDialect } from '../dist/dialects/sqlite/index.js'

const parentRows = Number(process.env.PARENT_ROWS ?? 100_000)
const childRows = parentRows * 3
const runs = Number(process.env.RUNS ?? 5)

const parentDdl = (name) => `CREATE TABLE ${name} (
  id integer PRIMARY KEY AUTOINCREMENT,
  code text NOT NULL COLLATE NOCASE UNIQUE,
  name varchar(50),
  score text,
  legacy text CHECK (legacy <> ''),
  CHECK (length(code) > 0)
)`

const dir = mkdtempSync(join(tmpdir(), 'tsmig-bench-sqlite-'))
const template = join(dir, 'template.sqlite3')
{
  const db = new Database(template)
  db.pragma('journal_mode = DELETE')
  db.exec(`
    ${parentDdl('parent')};
    CREATE TABLE child (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES parent (id) ON DELETE CASCADE, note text);
    CREATE INDEX ix_parent_name ON parent (name);
    CREATE INDEX ix_child_parent ON child (parent_id);
    CREATE TABLE audit (parent_id integer, what text);
    CREATE TRIGGER parent_audit AFTER UPDATE ON parent BEGIN INSERT INTO audit VALUES (new.id, 'update'); END;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${parentRows})
      INSERT INTO parent (code, name, score, legacy) SELECT 'c' || i, 'name ' || i, CAST(i % 1000 AS TEXT), 'x' FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${childRows})
      INSERT INTO child (parent_id, note) SELECT 1 + (i % ${parentRows}), 'note ' || i FROM n;
  `)
  db.close()
}

let copies = 0
/** A fresh copy of the template, so every run starts from the same file (and a cold-ish page cache for the copy). */
function freshFile() {
  const file = join(dir, `run-${copies++}.sqlite3`)
  copyFileSync(template, file)
  return file
}

async function timed(work) {
  const file = freshFile()
  const db = await sqliteDialect.connect(`sqlite:${file}`, dir)
  try {
    return await db.connection().execute(async (conn) => {
      const started = performance.now()
      await work(conn)
      return performance.now() - started
    })
  } finally {
    await db.destroy()
    rmSync(file, { force: true })
  }
}

const exec = async (conn, statements) => {
  for (const statement of statements) await sql.raw(statement).execute(conn)
}
const live = (conn) => ({
  currentTable: async (ref) => (await sqliteDialect.introspect(conn, { excludeTables: [] })).tables.find((t) => t.name === ref.name),
})
const parent = { name: 'parent' }
const typeChange = [{ kind: 'alterColumn', table: parent, column: 'score', changes: { type: { kind: 'integer' } } }]
const fourChanges = [
  ...typeChange,
  { kind: 'alterColumn', table: parent, column: 'name', changes: { default: "'unnamed'" } },
  { kind: 'addConstraint', table: parent, constraint: { type: 'check', name: 'ck_score', expression: 'score >= 0' } },
  { kind: 'dropColumn', table: parent, column: 'legacy' },
]

const measures = {
  copy: (conn) =>
    exec(conn, ['BEGIN IMMEDIATE', parentDdl('parent_copy'), 'INSERT INTO parent_copy SELECT * FROM parent', 'COMMIT']),
  copycols: (conn) =>
    exec(conn, [
      'BEGIN IMMEDIATE',
      parentDdl('parent_copy'),
      'INSERT INTO parent_copy (id, code, name, score, legacy) SELECT id, code, name, score, legacy FROM parent',
      'COMMIT',
    ]),
  rebuild: async (conn) => {
    await exec(conn, ['PRAGMA foreign_keys = OFF', 'BEGIN IMMEDIATE'])
    await exec(conn, await compileSqliteTableBatch(typeChange, live(conn)))
    await exec(conn, ['COMMIT', 'PRAGMA foreign_keys = ON'])
  },
  batch: async (conn) => {
    await exec(conn, ['PRAGMA foreign_keys = OFF', 'BEGIN IMMEDIATE'])
    await exec(conn, await compileSqliteTableBatch(fourChanges, live(conn)))
    await exec(conn, ['COMMIT', 'PRAGMA foreign_keys = ON'])
  },
  runner: async (conn) => {
    const hooks = sqliteDialect.transactionHooks
    const run = {}
    await hooks.beforeBegin(conn, run)
    try {
      await exec(conn, ['BEGIN IMMEDIATE'])
      await exec(conn, await compileSqliteTableBatch(typeChange, live(conn)))
      await hooks.beforeCommit(conn, run)
      await exec(conn, ['COMMIT'])
    } finally {
      await hooks.afterEnd(conn, run)
    }
  },
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const results = {}
for (const [name, work] of Object.entries(measures)) {
  const samples = []
  await timed(work) // warm-up: page cache, module loading
  for (let i = 0; i < runs; i++) samples.push(await timed(work))
  results[name] = median(samples)
}
rmSync(dir, { recursive: true, force: true })

console.log(`SQLite rebuild of a ${parentRows.toLocaleString('en')}-row table (${childRows.toLocaleString('en')} children), median of ${runs} runs`)
for (const [name, ms] of Object.entries(results)) {
  console.log(`  ${name.padEnd(8)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / results.copy).toFixed(2)}× copy`)
}
