import type { IncludeObject } from '../compare/filter-schema.js'

export type { IncludeObject } from '../compare/filter-schema.js'

export interface TsmigConfig {
  /** `postgres://…`, `postgresql://…`, `sqlite:<path>` (relative to the config file), `sqlite::memory:`. */
  readonly url: string
  /** Modules whose exported tables and enums form the model, relative to the config file. */
  readonly schema: string | readonly string[]
  /** Folder of revision files, relative to the config file. */
  readonly migrations: string
  /** Default `tsmig_version`. */
  readonly versionTable?: string
  /** PostgreSQL schemas compared; default `current_schema()`. */
  readonly schemas?: readonly string[]
  /** `false` runs a whole `upgrade`/`downgrade` in one transaction. Default `true`. */
  readonly transactionPerMigration?: boolean
  /** Leave objects out of autogenerate and `check`. */
  readonly include?: (object: IncludeObject) => boolean
  /** How long `upgrade`/`downgrade`/`stamp` wait for another run's lock. Default 60 000 ms. */
  readonly lockTimeoutMs?: number
  /** A revision template of the project's own, relative to the config file. */
  readonly template?: string
}

/**
 * Declare a project's configuration in `tsmig.config.ts`.
 *
 * @example
 * ```ts
 * import { defineConfig } from 'tsmig'
 * export default defineConfig({
 *   url: process.env.DATABASE_URL ?? 'sqlite:./dev.sqlite3',
 *   schema: './src/db/schema.ts',
 *   migrations: './migrations',
 * })
 * ```
 */
export function defineConfig(config: TsmigConfig): TsmigConfig {
  return config
}
