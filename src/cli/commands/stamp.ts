import { sql } from 'kysely'
import { planStamp } from '../../revisions/plan-stamp.js'
import { interruption, InterruptedError } from '../../runtime/interruption.js'
import type { Output } from '../output.js'
import { Project, withConnection, type GlobalOptions } from '../project.js'

export interface StampOptions extends GlobalOptions {
  readonly target: string
  readonly purge?: boolean
}

/** `tsmig stamp TARGET [--purge]`: move the version table without running migrations. */
export async function stampCommand(options: StampOptions, out: Output): Promise<readonly string[]> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  return withConnection(project, async ({ db, dialect, versionTable }) => {
    const release = await dialect.acquireLock(db, { timeoutMs: project.config.lockTimeoutMs })
    try {
      await versionTable.ensure(db)
      const current = await versionTable.readHeads(db)
      const change = planStamp(revisions.graph, current, options.target, { purge: options.purge })
      // A signal meanwhile rolls the stamp back (its statements are short: nothing to cancel on the server).
      await interruption.guard(undefined, () =>
        db.connection().execute(async (conn) => {
          await sql.raw(dialect.beginSql).execute(conn)
          try {
            for (const id of change.removeVersions) await interruption.check().then(() => versionTable.change(conn, versionTable.deleteSql(id)))
            for (const id of change.addVersions) await interruption.check().then(() => versionTable.change(conn, versionTable.insertSql(id)))
            await interruption.check()
            await sql.raw('COMMIT').execute(conn)
          } catch (error) {
            await sql.raw('ROLLBACK').execute(conn).catch(() => undefined)
            if (interruption.signal === undefined) throw error
            const at = current.length === 0 ? 'base' : current.join(', ')
            throw new InterruptedError(interruption.signal, `stamp ${options.target} rolled back; the database is at ${at}`, { cause: error })
          }
        }),
      )
      out.line(`Stamped ${change.heads.length === 0 ? 'base' : change.heads.join(', ')} (was ${current.length === 0 ? 'base' : current.join(', ')}).`)
      return change.heads
    } finally {
      await release()
    }
  }, { missing: 'create' })
}
