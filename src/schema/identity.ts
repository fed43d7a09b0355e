import type { ColumnType, IdentityIR } from './ir.js'

/**
 * Identity sequence options and the values a sequence generator takes when an
 * option is not given (SQL standard; PostgreSQL adds CACHE, default 1): an
 * ascending sequence runs from 1 to the type's maximum, a descending one from
 * -1 down to the type's minimum, each starting at its first value. Shared by
 * render (a revision writes only what differs from these) and compile (which
 * turns an identity back into the options to set), so the two agree.
 */

export const identityOptionKeys = ['start', 'increment', 'minValue', 'maxValue', 'cycle', 'cache'] as const
export type IdentityOptionKey = (typeof identityOptionKeys)[number]

/** Every option filled in. */
export interface CompleteIdentity {
  readonly always: boolean
  readonly start: bigint
  readonly increment: bigint
  readonly minValue: bigint
  readonly maxValue: bigint
  readonly cycle: boolean
  readonly cache: bigint
}

function typeBounds(type: ColumnType | undefined): readonly [bigint, bigint] {
  switch (type?.kind) {
    case 'smallint':
      return [-32768n, 32767n]
    case 'integer':
      return [-2147483648n, 2147483647n]
    default:
      return [-9223372036854775808n, 9223372036854775807n]
  }
}

const big = (text: string | undefined, fallback: bigint): bigint => (text === undefined ? fallback : BigInt(text))

/** The options as the database has them: the stated ones, the rest at their defaults for `type`. */
export function completeIdentity(identity: IdentityIR, type: ColumnType | undefined): CompleteIdentity {
  const [typeMin, typeMax] = typeBounds(type)
  const increment = big(identity.increment, 1n)
  const ascending = increment > 0n
  const minValue = big(identity.minValue, ascending ? 1n : typeMin)
  const maxValue = big(identity.maxValue, ascending ? typeMax : -1n)
  return {
    always: identity.always,
    start: big(identity.start, ascending ? minValue : maxValue),
    increment,
    minValue,
    maxValue,
    cycle: identity.cycle ?? false,
    cache: big(identity.cache, 1n),
  }
}

/**
 * The same identity stating only the options that differ from their defaults
 * (what `.identity({...})` needs to say to get it back), in the canonical key order.
 */
export function compactIdentity(identity: IdentityIR, type: ColumnType | undefined): IdentityIR {
  const full = completeIdentity(identity, type)
  const defaults = completeIdentity({ always: full.always, increment: String(full.increment) }, type)
  const result: { -readonly [K in keyof IdentityIR]: IdentityIR[K] } = { always: full.always }
  const minValue = full.minValue === defaults.minValue ? undefined : full.minValue
  const maxValue = full.maxValue === defaults.maxValue ? undefined : full.maxValue
  // The start's default follows the minimum (ascending) or maximum (descending) actually used.
  const defaultStart = full.increment > 0n ? full.minValue : full.maxValue
  if (full.start !== defaultStart) result.start = String(full.start)
  if (full.increment !== 1n) result.increment = String(full.increment)
  if (minValue !== undefined) result.minValue = String(minValue)
  if (maxValue !== undefined) result.maxValue = String(maxValue)
  if (full.cycle) result.cycle = true
  if (full.cache !== 1n) result.cache = String(full.cache)
  return result
}

/** The options `identity` states, in canonical order (for messages). */
export function statedIdentityOptions(identity: IdentityIR): IdentityOptionKey[] {
  return identityOptionKeys.filter((key) => identity[key] !== undefined)
}
