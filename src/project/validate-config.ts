import { TsmigError } from '../errors.js'
import type { TsmigConfig } from './define-config.js'

export class ConfigError extends TsmigError {}

/** One key of `defineConfig`: what it must hold, said the way the error says it. */
interface KeyRule {
  readonly expected: string
  readonly valid: (value: unknown) => boolean
}

const nonEmptyString = (value: unknown): boolean => typeof value === 'string' && value !== ''
const listOfNames = (value: unknown): boolean => Array.isArray(value) && value.length > 0 && value.every(nonEmptyString)

// Keyed by every key of TsmigConfig: a key added there and forgotten here fails to compile.
const rules: Record<keyof TsmigConfig, KeyRule> = {
  url: { expected: 'a non-empty string (a database URL)', valid: nonEmptyString },
  schema: { expected: 'a module path or a non-empty list of them', valid: (v) => nonEmptyString(v) || listOfNames(v) },
  migrations: { expected: 'a non-empty string (a folder)', valid: nonEmptyString },
  versionTable: { expected: 'a non-empty string', valid: nonEmptyString },
  schemas: { expected: 'a non-empty list of schema names', valid: listOfNames },
  transactionPerMigration: { expected: 'a boolean', valid: (v) => typeof v === 'boolean' },
  include: { expected: 'a function (object) => boolean', valid: (v) => typeof v === 'function' },
  lockTimeoutMs: { expected: 'a whole number of milliseconds ≥ 0', valid: (v) => Number.isInteger(v) && (v as number) >= 0 },
  template: { expected: 'a non-empty string (a file)', valid: nonEmptyString },
}

const required: ReadonlySet<string> = new Set(['url', 'schema', 'migrations'])

/**
 * Check a config object's keys and the type of each value, so a typo
 * (`migrationz`) or a wrong value is one error naming the key, instead of a
 * default silently used or a failure far from the cause. `url` may be absent
 * when `--url` gives it.
 */
export function validateConfig(file: string, config: Record<string, unknown>, options: { readonly urlGiven: boolean }): void {
  for (const key of Object.keys(config)) {
    if (Object.hasOwn(rules, key)) continue
    const closest = closestKey(key)
    throw new ConfigError(`${file}: unknown config key \`${key}\`${closest === undefined ? '' : ` (did you mean \`${closest}\`?)`}; valid keys: ${Object.keys(rules).join(', ')}`)
  }
  for (const [key, rule] of Object.entries(rules)) {
    const value = config[key]
    if (value === undefined) {
      if (required.has(key) && !(key === 'url' && options.urlGiven)) throw new ConfigError(`${file}: \`${key}\` must be ${rule.expected} (got nothing)`)
      continue
    }
    if (!rule.valid(value)) throw new ConfigError(`${file}: \`${key}\` must be ${rule.expected} (got ${describeValue(value)})`)
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return `an array ${truncate(JSON.stringify(value) ?? '[…]')}`
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${truncate(JSON.stringify(value) ?? String(value))}`
}

const truncate = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text)

/** The valid key nearest `key` by edit distance (case-insensitive), if it is near enough to be a typo. */
function closestKey(key: string): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of Object.keys(rules)) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[b.length]
}
