import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTempDatabase } from './postgres.js'
import { postgresCatalogSnapshot, sqliteCatalogSnapshot } from './catalog-snapshot.js'

export type TestDialect = 'sqlite' | 'postgres'

/** A throwaway tsmig project (config, schema module, migrations folder) on a fresh database. */
export interface TestProject {
  readonly dir: string
  readonly url: string
  readonly dialect: TestDialect
  writeSchema(source: string): void
  writeRevision(name: string, source: string): void
  revisionFiles(): string[]
  removeRevision(file: string): void
  snapshot(): Promise<string[]>
  dispose(): Promise<void>
}

export async function createTestProject(dialect: TestDialect, options: { schemas?: readonly string[] } = {}): Promise<TestProject> {
  const dir = mkdtempSync(join(tmpdir(), 'tsmig-test-'))
  mkdirSync(join(dir, 'migrations'))
  let url: string
  let drop: () => Promise<void> = async () => undefined
  if (dialect === 'sqlite') {
    url = `sqlite:${join(dir, 'test.sqlite3')}`
    // An existing empty database, as a fresh PostgreSQL database is: commands that only read refuse a missing SQLite file.
    writeFileSync(join(dir, 'test.sqlite3'), '')
  } else {
    const database = await createTempDatabase()
    url = database.url
    drop = database.drop
  }
  const schemaList = options.schemas ? `schemas: ${JSON.stringify(options.schemas)},` : ''
  writeFileSync(
    join(dir, 'tsmig.config.ts'),
    `import { defineConfig } from 'tsmig'\nexport default defineConfig({ url: ${JSON.stringify(url)}, schema: './schema.ts', migrations: './migrations', ${schemaList} })\n`,
  )
  return {
    dir,
    url,
    dialect,
    writeSchema: (source) => writeFileSync(join(dir, 'schema.ts'), source),
    writeRevision: (name, source) => writeFileSync(join(dir, 'migrations', name), source),
    revisionFiles: () => readdirSync(join(dir, 'migrations')).sort(),
    removeRevision: (file) => unlinkSync(join(dir, 'migrations', file)),
    snapshot: async () =>
      dialect === 'sqlite' ? sqliteCatalogSnapshot(join(dir, 'test.sqlite3')) : postgresCatalogSnapshot(url, ['public', ...(options.schemas ?? []).filter((s) => s !== 'public')]),
    dispose: async () => {
      await drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
