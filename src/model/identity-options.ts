import type { IdentityIR } from '../schema/ir.js'
import { identityOptionKeys } from '../schema/identity.js'
import { ModelError } from './model-error.js'

/** An integer option of an identity: a number, a bigint, or decimal text (for values past 2^53). */
export type IdentityValue = number | bigint | string

/** `.identity({...})` and `op.alterColumn(…, { identity })`: SQLAlchemy's `Identity(...)`. */
export interface IdentityOptions<TAlways extends boolean = boolean> {
  /** `GENERATED ALWAYS` (explicit values refused) rather than `BY DEFAULT`. */
  readonly always?: TAlways
  readonly start?: IdentityValue
  /** Not 0; negative for a descending sequence. */
  readonly increment?: IdentityValue
  readonly minValue?: IdentityValue
  readonly maxValue?: IdentityValue
  readonly cycle?: boolean
  /** Values preallocated per session, at least 1. */
  readonly cache?: IdentityValue
}

function integerText(key: string, value: unknown): string {
  const text = typeof value === 'bigint' ? value.toString() : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value
  if (typeof text !== 'string' || !/^-?\d+$/.test(text)) throw new ModelError(`identity ${key} must be an integer, got ${String(value)}`)
  return BigInt(text).toString()
}

/** The IR of identity options: integers as decimal text, only the options given, checked. */
export function identityIR(options: IdentityOptions = {}): IdentityIR {
  if (typeof options !== 'object' || options === null) throw new ModelError('.identity() takes an options object')
  const result: { -readonly [K in keyof IdentityIR]: IdentityIR[K] } = { always: options.always === true }
  for (const key of identityOptionKeys) {
    const value = options[key]
    if (value === undefined) continue
    if (key === 'cycle') {
      if (typeof value !== 'boolean') throw new ModelError(`identity cycle must be true or false, got ${String(value)}`)
      result.cycle = value
    } else result[key] = integerText(key, value)
  }
  for (const key of Object.keys(options)) {
    if (key !== 'always' && !(identityOptionKeys as readonly string[]).includes(key)) {
      throw new ModelError(`identity has no option ${key} (options: always, ${identityOptionKeys.join(', ')})`)
    }
  }
  if (result.increment !== undefined && BigInt(result.increment) === 0n) throw new ModelError('identity increment cannot be 0')
  if (result.cache !== undefined && BigInt(result.cache) < 1n) throw new ModelError(`identity cache must be at least 1, got ${result.cache}`)
  if (result.minValue !== undefined && result.maxValue !== undefined && BigInt(result.minValue) >= BigInt(result.maxValue)) {
    throw new ModelError(`identity minValue (${result.minValue}) must be less than maxValue (${result.maxValue})`)
  }
  return result
}
