import Database from 'better-sqlite3'
import pg from 'pg'
import type { TestProject } from './project.js'

/** Runs statements on a test project's database, outside tsmig: a schema written by hand. */
export async function runSql(project: TestProject, statements: readonly string[]): Promise<void> {
  if (project.dialect === 'sqlite') {
    const db = new Database(project.url.slice('sqlite:'.length))
    try {
      for (const statement of statements) db.exec(statement)
    } finally {
      db.close()
    }
    return
  }
  const client = new pg.Client({ connectionString: project.url })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}
