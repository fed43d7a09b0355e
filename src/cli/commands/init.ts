import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TsmigError } from '../../errors.js'
import { configFileNames } from '../../config/load-config.js'
import type { Output } from '../output.js'

export interface InitOptions {
  readonly cwd?: string
  readonly dialect?: 'sqlite' | 'postgres'
}

const configSource = (url: string): string => `import { defineConfig } from 'tsmig'

export default defineConfig({
  url: process.env.DATABASE_URL ?? '${url}',
  schema: './src/db/schema.ts',
  migrations: './migrations',
})
`

const schemaSource = `import { table, serial, varchar, timestamp, sql } from 'tsmig'

export const users = table('users', {
  id: serial().primaryKey(),
  email: varchar(255).notNull().unique(),
  created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`),
})
`

/** `tsmig init`: a config, a schema module and an empty migrations folder. Never overwrites. */
export async function initCommand(options: InitOptions, out: Output): Promise<string[]> {
  const cwd = options.cwd ?? process.cwd()
  const dialect = options.dialect ?? 'sqlite'
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new TsmigError(`--dialect ${String(dialect)}: use sqlite or postgres`)
  const existing = configFileNames.map((n) => join(cwd, n)).find((f) => existsSync(f))
  if (existing) throw new TsmigError(`${existing} already exists: init does not overwrite a project`)
  const url = dialect === 'sqlite' ? 'sqlite:./dev.sqlite3' : 'postgres://postgres@127.0.0.1:5432/postgres'
  const written: string[] = []
  const write = async (file: string, text: string): Promise<void> => {
    if (existsSync(file)) {
      out.line(`  kept ${file} (exists)`)
      return
    }
    await writeFile(file, text)
    written.push(file)
    out.line(`  wrote ${file}`)
  }
  await write(join(cwd, 'tsmig.config.ts'), configSource(url))
  await mkdir(join(cwd, 'src', 'db'), { recursive: true })
  await write(join(cwd, 'src', 'db', 'schema.ts'), schemaSource)
  await mkdir(join(cwd, 'migrations'), { recursive: true })
  out.line(`Initialized a tsmig project (${dialect}). Next: tsmig revision --autogenerate -m "create users"`)
  return written
}
