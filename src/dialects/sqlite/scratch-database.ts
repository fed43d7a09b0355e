import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** `tsmig verify`'s scratch database: a new file in a temporary folder, removed by `drop`. */
export async function createSqliteScratchDatabase(): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tsmig-verify-'))
  return {
    url: `sqlite:${join(dir, 'scratch.sqlite3')}`,
    drop: () => rm(dir, { recursive: true, force: true }),
  }
}
