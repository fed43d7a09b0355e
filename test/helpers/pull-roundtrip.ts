import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { checkCommand, collectingOutput, pullCommand } from '../../src/api.js'
import type { TestProject } from './project.js'

/**
 * `tsmig pull`'s contract on a migrated database: the model it writes makes
 * `check` clean. Run on the project's database at head with a second config
 * whose schema is the pulled file, so the project's own model stays as it is.
 */
export async function assertPullIsClean(project: TestProject, scenario: string): Promise<void> {
  const cwd = project.dir
  const config = 'tsmig.pulled.config.ts'
  const source = readFileSync(join(cwd, 'tsmig.config.ts'), 'utf8')
  writeFileSync(join(cwd, config), source.replace(`schema: './schema.ts'`, `schema: './pulled.ts'`))
  try {
    const out = collectingOutput()
    await pullCommand({ cwd, config, force: true }, out)
    const check = await checkCommand({ cwd, config }, out)
    expect(check.differences.map((d) => `${d.symbol} ${d.object}: ${d.reason}`), `${scenario}: check after pull\n${readFileSync(join(cwd, 'pulled.ts'), 'utf8')}`).toEqual([])
  } finally {
    rmSync(join(cwd, config), { force: true })
    rmSync(join(cwd, 'pulled.ts'), { force: true })
  }
}
