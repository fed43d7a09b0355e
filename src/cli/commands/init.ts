import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { TsmigError } from '../../errors.js'
import { configFileNames } from '../../project/load-config.js'
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

/**
 * The application database the PostgreSQL starter names: the project folder's
 * name made an identifier, `_dev` appended. Never the server's own `postgres`
 * database, which tables of an application do not belong in.
 */
export function placeholderDatabaseName(cwd: string): string {
  const stem = basename(cwd).toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, 'app_$1')
  return `${stem === '' || stem === 'postgres' ? 'app' : stem}_dev`
}

const envExample = (url: string): string => `# Copy to .env (tsmig loads it from beside tsmig.config.ts) and fill in your server, role and database.
DATABASE_URL=${url}
`

/** `tsmig init`: a config, a schema module and an empty migrations folder. Never overwrites. */
export async function initCommand(options: InitOptions, out: Output): Promise<string[]> {
  const cwd = options.cwd ?? process.cwd()
  const dialect = options.dialect ?? 'sqlite'
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new TsmigError(`--dialect ${String(dialect)}: use sqlite or postgres`)
  const existing = configFileNames.map((n) => join(cwd, n)).find((f) => existsSync(f))
  if (existing) throw new TsmigError(`${existing} already exists: init does not overwrite a project`)
  const database = placeholderDatabaseName(cwd)
  const url = dialect === 'sqlite' ? 'sqlite:./dev.sqlite3' : `postgres://postgres@127.0.0.1:5432/${database}`
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
  if (dialect === 'postgres') await write(join(cwd, '.env.example'), envExample(`postgres://USER:PASSWORD@127.0.0.1:5432/${database}`))
  out.line(`Initialized a tsmig project (${dialect}). Next steps:`)
  const steps =
    dialect === 'postgres'
      ? [
          `create the application database, e.g. \`createdb ${database}\` (tsmig does not create it)`,
          `cp .env.example .env and set DATABASE_URL to it (without one, tsmig.config.ts uses ${url})`,
        ]
      : []
  steps.push('edit src/db/schema.ts', 'npx tsmig revision --autogenerate -m "create users"', 'npx tsmig upgrade head')
  steps.forEach((step, i) => out.line(`  ${i + 1}. ${step}`))
  return written
}
