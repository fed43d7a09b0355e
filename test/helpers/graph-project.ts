import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { expect } from 'vitest'
import { revisionCommand, type RevisionOptions } from '../../src/cli/commands/revision.js'
import { collectingOutput } from '../../src/cli/output.js'
import type { TestProject } from './project.js'

/** Rows of a query on the project's database, opened and closed around it. */
export async function queryProject(project: TestProject, text: string): Promise<Record<string, unknown>[]> {
  if (project.dialect === 'sqlite') {
    const db = new Database(project.url.slice('sqlite:'.length), { readonly: true })
    try {
      return db.prepare(text).all() as Record<string, unknown>[]
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: project.url })
  await client.connect()
  try {
    return (await client.query(text)).rows
  } finally {
    await client.end()
  }
}

/** The version table's rows, sorted; [] while the table does not exist. */
export async function versionRows(project: TestProject): Promise<string[]> {
  const exists =
    project.dialect === 'sqlite'
      ? await queryProject(project, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'tsmig_version'")
      : await queryProject(project, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = 'tsmig_version'")
  if (exists.length === 0) return []
  const rows = await queryProject(project, 'SELECT version_num FROM tsmig_version')
  return rows.map((row) => String(row.version_num)).sort()
}

/** The user tables (not tsmig's own: the version table and what else it keeps), sorted. */
export async function userTables(project: TestProject): Promise<string[]> {
  const rows =
    project.dialect === 'sqlite'
      ? await queryProject(project, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      : await queryProject(project, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
  return rows.map((row) => String(row.name)).filter((name) => !name.startsWith('tsmig_')).sort()
}

/** Everything a graph error must leave alone: version rows and tables. */
export async function databaseState(project: TestProject): Promise<{ rows: string[]; tables: string[] }> {
  return { rows: await versionRows(project), tables: await userTables(project) }
}

/**
 * `tsmig revision` in process, then the generated file is given a body that
 * creates (and drops) the table `t_<id>`, so tests can see what ran.
 */
export async function revisionWithTable(
  project: TestProject,
  options: Omit<RevisionOptions, 'cwd'> & { readonly revId: string },
): Promise<string> {
  const { file, id } = await revisionCommand({ cwd: project.dir, ...options }, collectingOutput())
  const source = readFileSync(file, 'utf8')
  const [head, upgrade, downgrade] = source.split('  // nothing to do\n')
  expect(downgrade, 'the template writes `// nothing to do` in both bodies').toBeDefined()
  writeFileSync(
    file,
    head.replace("import { type Operations } from 'tsmig'", "import { type Operations, integer } from 'tsmig'") +
      `  await op.createTable('t_${id}', { id: integer() })\n` +
      upgrade +
      `  await op.dropTable('t_${id}')\n` +
      downgrade,
  )
  return id
}

export interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const bin = join(import.meta.dirname, '..', '..', 'bin', 'tsmig.js')

/** The real binary, as a user runs it (spawned asynchronously: PGlite may serve from this process). */
export function tsmigBinary(cwd: string, ...args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--no-color', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (data) => (stdout += data))
    child.stderr.on('data', (data) => (stderr += data))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Exit 1, nothing on stdout, exactly one `error:` line on stderr containing every fragment. */
export function expectOneErrorLine(ran: Ran, ...fragments: string[]): void {
  expect(ran.code, ran.stderr).toBe(1)
  expect(ran.stdout).toBe('')
  const lines = ran.stderr.trimEnd().split('\n')
  expect(lines, ran.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  for (const fragment of fragments) expect(lines[0]).toContain(fragment)
}
