import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresLockKey } from '../src/dialects/postgres/lock.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { pgBackend } from './helpers/postgres.js'
import { finished, pgQuery, rev, revisionSource, startTsmig, tsmig } from './helpers/deploy-support.js'

const schema = `import { table, serial } from 'tsmig'\nexport const placeholder = table('placeholder', { id: serial().primaryKey() })\n`

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

/** 20 revisions; each creates a table and logs itself in `applied_log`, so running one twice shows (or fails). */
function writeLoggingRevisions(p: TestProject, count: number): void {
  for (let i = 1; i <= count; i++) {
    const create = i === 1 ? `  await op.createTable('applied_log', { id: serial().primaryKey(), revision: text().notNull() })\n` : ''
    p.writeRevision(
      `${rev(i)}_r${i}.ts`,
      revisionSource({
        id: rev(i),
        down: i === 1 ? null : rev(i - 1),
        upgrade: `${create}  await op.createTable('t${i}', { id: serial().primaryKey() })\n  await op.execute("insert into applied_log (revision) values ('${rev(i)}')")`,
        downgrade: `  await op.dropTable('t${i}')`,
      }),
    )
  }
}

async function query(p: TestProject, text: string): Promise<Record<string, unknown>[]> {
  if (p.dialect === 'postgres') return pgQuery(p.url, text)
  const db = new Database(join(p.dir, 'test.sqlite3'), { readonly: true })
  try {
    return db.prepare(text).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

// PGlite runs every connection in one backend session: advisory locks never block there.
const dialects: TestDialect[] = pgBackend() === 'pglite' ? ['sqlite'] : ['sqlite', 'postgres']

describe.each(dialects)('eight concurrent `tsmig upgrade head` on %s', (dialect) => {
  it('all exit 0, each of 20 revisions runs exactly once, the version table is at head', { timeout: 180_000 }, async () => {
    const p = await createTestProject(dialect)
    projects.push(p)
    p.writeSchema(schema)
    writeLoggingRevisions(p, 20)

    const runs = await Promise.all(Array.from({ length: 8 }, () => tsmig(p.dir, 'upgrade', 'head')))
    for (const run of runs) expect(run.code, run.stderr).toBe(0)

    const log = await query(p, 'select revision, count(*) as n from applied_log group by revision order by revision')
    expect(log.map((r) => [r.revision, Number(r.n)])).toEqual(Array.from({ length: 20 }, (_, i) => [rev(i + 1), 1]))
    expect(await query(p, 'select version_num from tsmig_version')).toEqual([{ version_num: rev(20) }])
    // Together the runs report each revision once.
    const applied = runs.flatMap((r) => r.stdout.split('\n').filter((line) => line.startsWith('↑')))
    expect(applied).toHaveLength(20)
    const history = await query(p, "select revision from tsmig_version_history where direction = 'up' order by seq")
    expect(history.map((r) => r.revision)).toEqual(Array.from({ length: 20 }, (_, i) => rev(i + 1)))
  })
})

describe.skipIf(pgBackend() === 'pglite')('the PostgreSQL migration lock', () => {
  it('an upgrade killed with SIGKILL in the middle of a migration leaves no trace and no lock; the next upgrade completes', { timeout: 60_000 }, async () => {
    const p = await createTestProject('postgres')
    projects.push(p)
    p.writeSchema(schema)
    p.writeRevision(`${rev(1)}_a.ts`, revisionSource({ id: rev(1), upgrade: `  await op.createTable('a', { id: serial().primaryKey() })`, downgrade: `  await op.dropTable('a')` }))
    p.writeRevision(
      `${rev(2)}_b.ts`,
      revisionSource({
        id: rev(2),
        down: rev(1),
        upgrade: `  await op.createTable('b', { id: serial().primaryKey() })\n  await op.execute('select pg_sleep(3)')`,
        downgrade: `  await op.dropTable('b')`,
      }),
    )
    const database = new URL(p.url).pathname.slice(1)
    const child = startTsmig(p.dir, ['upgrade', 'head'])
    const exited = finished(child)
    // Wait until the second migration is inside its sleep.
    for (let i = 0; ; i++) {
      const sleeping = await pgQuery(p.url, "select 1 from pg_stat_activity where datname = $1 and query like 'select pg_sleep%'", [database])
      if (sleeping.length > 0) break
      if (i > 300) throw new Error('the migration never reached pg_sleep')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill('SIGKILL')
    expect((await exited).signal).toBe('SIGKILL')

    expect(await pgQuery(p.url, 'select version_num from tsmig_version')).toEqual([{ version_num: rev(1) }])
    expect(await pgQuery(p.url, "select to_regclass('b') as b")).toEqual([{ b: null }])
    expect(await pgQuery(p.url, 'select count(*)::int as n from tsmig_version_history')).toEqual([{ n: 1 }])
    // The lock's session ends with the process: its server backend notices the closed socket at once.
    const advisoryLocks = () =>
      pgQuery<{ n: number }>(p.url, "select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname = $1", [database])
    for (let i = 0; (await advisoryLocks())[0].n > 0; i++) {
      if (i > 100) throw new Error('the advisory lock outlived the killed process')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }

    const again = await tsmig(p.dir, 'upgrade', 'head')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain(`↑ ${rev(2)}`)
    expect(again.stdout).not.toContain(`↑ ${rev(1)}`)
    expect(await pgQuery(p.url, 'select version_num from tsmig_version')).toEqual([{ version_num: rev(2) }])
    expect(await pgQuery(p.url, "select to_regclass('b')::text as b")).toEqual([{ b: 'b' }])
  })

  it('another holder of the lock makes upgrade wait, then fail with a message that says so', async () => {
    const p = await createTestProject('postgres')
    projects.push(p)
    p.writeSchema(schema)
    p.writeRevision(`${rev(1)}_a.ts`, revisionSource({ id: rev(1), upgrade: `  await op.createTable('a', { id: serial().primaryKey() })` }))
    const holder = new pg.Client({ connectionString: p.url })
    await holder.connect()
    try {
      await holder.query('select pg_advisory_lock($1::bigint)', [postgresLockKey])
      const blocked = await tsmig(p.dir, 'upgrade', 'head', '--lock-timeout', '300')
      expect(blocked.code).toBe(1)
      expect(blocked.stderr).toMatch(/^error: another tsmig run holds the migration lock on this database \(waited 300 ms\)/)
      expect(await pgQuery(p.url, "select to_regclass('a') as a")).toEqual([{ a: null }])
      await holder.query('select pg_advisory_unlock($1::bigint)', [postgresLockKey])
      const free = await tsmig(p.dir, 'upgrade', 'head', '--lock-timeout', '300')
      expect(free.code, free.stderr).toBe(0)
    } finally {
      await holder.end()
    }
  })
})
