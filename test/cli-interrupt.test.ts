import type { ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finished, startTsmig, tsmig } from './helpers/deploy-support.js'
import { queryProject, userTables, versionRows } from './helpers/graph-project.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { pgBackend } from './helpers/postgres.js'
import { revisionSource as revision } from './helpers/revision-source.js'

/**
 * Ctrl-C and SIGTERM during `upgrade`, through the real binary: the running
 * statement is cancelled on the server (PostgreSQL) or waited for (SQLite),
 * the migration rolls back, the lock goes, `interrupted: …` is printed and
 * the exit code is the signal's.
 */

/** A statement that keeps the database busy for a while: seconds on PostgreSQL, about a second on SQLite. */
const slowStatement: Record<TestDialect, string> = {
  postgres: 'select pg_sleep(30)',
  sqlite: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c',
}


/** Resolves once the child has printed `text` on stdout. */
function printed(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (data) => {
      out += data
      if (out.includes(text)) resolve()
    })
    child.on('close', () => reject(new Error(`exited before printing ${text}: ${out}`)))
  })
}

/** The server's sessions on the project's database running the slow statement (the one asking excluded). */
async function slowStatementsRunning(project: TestProject): Promise<number> {
  const rows = await queryProject(
    project,
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query like '%pg_sleep(30)%'`,
  )
  return Number(rows[0].n)
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  // PGlite serves one session for every connection: no statement can be cancelled from another one.
  const supported = dialect === 'sqlite' || pgBackend() === 'server'
  describe.skipIf(!supported)(`interrupting upgrade on ${dialect}`, () => {
    let project: TestProject
    beforeAll(async () => {
      project = await createTestProject(dialect)
      project.writeSchema(`import { table, serial } from 'tsmig'\nexport const t1 = table('t1', { id: serial().primaryKey() })\n`)
      project.writeRevision('cccc00000001_first.ts', revision('cccc00000001', null, "  await op.createTable('t1', { id: serial().primaryKey() })"))
      project.writeRevision(
        'cccc00000002_slow.ts',
        revision(
          'cccc00000002',
          'cccc00000001',
          `  await op.createTable('t2', { id: serial().primaryKey() })\n  console.log('slow statement starts')\n  await op.execute(${JSON.stringify(slowStatement[dialect])})\n  await op.createTable('t3', { id: serial().primaryKey() })`,
        ),
      )
    })
    afterAll(() => project.dispose())

    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      it(`${signal}: the running statement stops, the migration rolls back, exit ${code}`, async () => {
        const child = startTsmig(project.dir, ['upgrade', 'head'])
        const ran = finished(child)
        await printed(child, 'slow statement starts')
        if (dialect === 'postgres') {
          // The statement has reached the server.
          for (let i = 0; i < 100 && (await slowStatementsRunning(project)) === 0; i++) await sleep(50)
          expect(await slowStatementsRunning(project)).toBe(1)
        }
        const sent = performance.now()
        child.kill(signal)
        const result = await ran
        const took = performance.now() - sent
        expect(result.code, result.stderr).toBe(code)
        expect(result.stderr).toContain('interrupted: cccc00000002 rolled back; the database is at cccc00000001')
        if (dialect === 'sqlite') expect(result.stderr).toContain('waited for it to return, then rolled back')
        // The cancel is immediate on PostgreSQL; SQLite finishes its statement (about a second) first.
        expect(took).toBeLessThan(dialect === 'postgres' ? 2_000 : 8_000)
        expect(await versionRows(project)).toEqual(['cccc00000001'])
        expect(await userTables(project)).toEqual(['t1'])
        if (dialect === 'postgres') {
          expect(await slowStatementsRunning(project)).toBe(0)
          const locks = await queryProject(project, "select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname = current_database()")
          expect(locks[0].n).toBe(0)
        }
      })
    }

    it('the next run starts at once and finds the database where the interrupted one left it', async () => {
      project.writeRevision(
        'cccc00000002_slow.ts',
        revision('cccc00000002', 'cccc00000001', "  await op.createTable('t2', { id: serial().primaryKey() })"),
      )
      const ran = await tsmig(project.dir, 'upgrade', 'head', '--lock-timeout', '1000')
      expect(ran.code, ran.stderr).toBe(0)
      expect(await versionRows(project)).toEqual(['cccc00000002'])
    })
  })
}

describe.skipIf(pgBackend() !== 'server')('a second Ctrl-C', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createTestProject('postgres')
    project.writeSchema(`import { table, serial } from 'tsmig'\nexport const t1 = table('t1', { id: serial().primaryKey() })\n`)
    project.writeRevision(
      'dddd00000001_slow.ts',
      revision('dddd00000001', null, `  console.log('slow statement starts')\n  await op.execute('select pg_sleep(30)')`),
    )
  })
  afterAll(() => project.dispose())

  it('ends the process at once', async () => {
    const child = startTsmig(project.dir, ['upgrade', 'head'])
    const ran = finished(child)
    await printed(child, 'slow statement starts')
    child.kill('SIGINT')
    child.kill('SIGINT')
    const sent = performance.now()
    const result = await ran
    expect(performance.now() - sent).toBeLessThan(2_000)
    // Either the default action of the second signal, or the first one's rollback that was quicker still.
    expect(result.signal === 'SIGINT' || result.code === 130, `${result.code} ${result.signal}`).toBe(true)
    expect(await versionRows(project)).toEqual([])
  })
})
