/**
 * Helpers shared by the deploy, offline, check and verify tests: the real
 * binary run asynchronously (PGlite serves from this process, so a child
 * must never be waited for synchronously), external clients (psql,
 * sqlite3), and revision files written from a few lines of body.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'

export const bin = join(import.meta.dirname, '..', '..', 'bin', 'tsmig.js')

export interface Ran {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Wait for a child to exit, collecting its output. */
export function finished(child: ChildProcess): Promise<Ran> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d) => (stdout += d))
    child.stderr?.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Start the tsmig binary in `cwd` (plain output). */
export function startTsmig(cwd: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [bin, '--no-color', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } })
}

/** Run the tsmig binary to completion. */
export function tsmig(cwd: string, ...args: string[]): Promise<Ran> {
  return finished(startTsmig(cwd, args))
}

/** Run a program with `input` on stdin. */
export function runWithInput(command: string, args: readonly string[], input: string): Promise<Ran> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  const done = finished(child)
  child.stdin!.end(input)
  return done
}

export function hasCommand(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0
}

/** Pipe a script into psql, stopping at the first error. */
export function psql(url: string, script: string): Promise<Ran> {
  return runWithInput('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'], script)
}

/** Pipe a script into the sqlite3 shell, stopping at the first error. */
export function sqlite3(file: string, script: string): Promise<Ran> {
  return runWithInput('sqlite3', ['-bail', file], script)
}

/** One query on a PostgreSQL URL. */
export async function pgQuery<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(text, params)).rows
  } finally {
    await client.end()
  }
}

export interface RevisionSpec {
  readonly id: string
  readonly down?: string | readonly string[] | null
  readonly message?: string
  readonly upgrade: string
  readonly downgrade?: string
  /** Extra top-level lines, e.g. `export const transaction = false`. */
  readonly extra?: string
}

/** A revision file's text, as the template would write it. */
export function revisionSource(spec: RevisionSpec): string {
  const down = spec.down === undefined || spec.down === null ? 'null' : typeof spec.down === 'string' ? `'${spec.down}'` : JSON.stringify(spec.down).replace(/"/g, "'")
  return `import { type Operations, sql, serial, integer, text, varchar, numeric, boolean, columnRef, foreignKey } from 'tsmig'

export const revision = '${spec.id}'
export const downRevision: string | string[] | null = ${down}
export const branchLabels: string[] = []
export const dependsOn: string[] = []
export const message = '${spec.message ?? `revision ${spec.id}`}'
export const createdAt = '2026-11-26T00:00:00Z'
${spec.extra ?? ''}
export async function upgrade(op: Operations): Promise<void> {
${spec.upgrade}
}

export async function downgrade(op: Operations): Promise<void> {
${spec.downgrade ?? ''}
}
`
}

/** A 12-hex-digit revision id from a number: `rev(3)` → `000000000003`. */
export function rev(n: number): string {
  return n.toString(16).padStart(12, '0')
}
