import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { importProjectModule } from './user-module.js'
import { describeUserCodeFailure } from '../loader/user-code.js'
import type { IncludeObject, TsmigConfig } from './define-config.js'
import { loadEnvFile } from './env-file.js'
import { ConfigError, validateConfig } from './validate-config.js'

export { ConfigError } from './validate-config.js'

export const configFileNames = ['tsmig.config.ts', 'tsmig.config.mts', 'tsmig.config.js', 'tsmig.config.mjs'] as const

/** The config with paths made absolute and defaults filled in. */
export interface ResolvedConfig {
  readonly configFile: string
  readonly configDir: string
  readonly url: string
  readonly schemaFiles: readonly string[]
  readonly migrationsDir: string
  readonly versionTable: string
  readonly schemas?: readonly string[]
  readonly transactionPerMigration: boolean
  readonly include?: (object: IncludeObject) => boolean
  readonly lockTimeoutMs: number
  readonly templateFile?: string
}

export interface LoadConfigOptions {
  readonly cwd?: string
  /** `--config <file>`. */
  readonly configFile?: string
  /** `--url <url>`: overrides the config's URL. */
  readonly url?: string
}

export function findConfigFile(options: LoadConfigOptions): string {
  const cwd = options.cwd ?? process.cwd()
  if (options.configFile !== undefined) {
    const file = resolve(cwd, options.configFile)
    if (!existsSync(file)) throw new ConfigError(`config file ${file} does not exist`)
    return file
  }
  for (const name of configFileNames) {
    const file = join(cwd, name)
    if (existsSync(file)) return file
  }
  throw new ConfigError(`no tsmig.config.ts in ${cwd} (run \`tsmig init\` or pass --config <file>)`)
}

/** Find, load and validate the config; `.env` beside it is loaded first. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const configFile = findConfigFile(options)
  const configDir = dirname(configFile)
  loadEnvFile(join(configDir, '.env'))
  let module: Record<string, unknown>
  try {
    module = await importProjectModule(configFile)
  } catch (error) {
    const failure = describeUserCodeFailure(error, configFile)
    throw new ConfigError(`${failure.where}: cannot be loaded: ${failure.reason}`, { cause: error, details: failure.details })
  }
  const config = (module.default ?? module.config) as TsmigConfig | undefined
  if (config === null || typeof config !== 'object') {
    throw new ConfigError(`${configFile}: no default export (export default defineConfig({ … }))`)
  }
  return resolveConfig(configFile, config, options.url)
}

export function resolveConfig(configFile: string, config: TsmigConfig, urlOverride?: string): ResolvedConfig {
  const raw = config as unknown as Record<string, unknown>
  validateConfig(configFile, raw, { urlGiven: urlOverride !== undefined })
  const configDir = dirname(configFile)
  const url = urlOverride ?? config.url
  const schemaList = typeof config.schema === 'string' ? [config.schema] : config.schema
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(configDir, p))
  const versionTable = config.versionTable ?? 'tsmig_version'
  return {
    configFile,
    configDir,
    url,
    schemaFiles: schemaList.map(at),
    migrationsDir: at(config.migrations),
    versionTable,
    schemas: config.schemas,
    transactionPerMigration: config.transactionPerMigration ?? true,
    include: config.include,
    lockTimeoutMs: config.lockTimeoutMs ?? 60_000,
    templateFile: config.template === undefined ? undefined : at(config.template),
  }
}
