import type { ColumnType, IdentityIR } from '../schema/ir.js'
import { compactIdentity } from '../schema/identity.js'
import { tsOptions } from './render-value.js'

/** An integer option as a JS number when it is exact as one, else as decimal text. */
function tsInteger(text: string): string {
  return Number.isSafeInteger(Number(text)) ? text : `'${text}'`
}

/**
 * The options object of `.identity(…)` / `alterColumn`'s `identity:`, stating
 * only what differs from the defaults for `type` (unknown type: every option
 * given). `always` is written when true, or always with `keepAlways`.
 */
export function renderIdentityOptions(identity: IdentityIR, type: ColumnType | undefined, keepAlways = false): string {
  const options = type === undefined ? identity : compactIdentity(identity, type)
  const integer = (value: string | undefined) => (value === undefined ? undefined : tsInteger(value))
  return tsOptions([
    ['always', identity.always || keepAlways ? String(identity.always) : undefined],
    ['start', integer(options.start)],
    ['increment', integer(options.increment)],
    ['minValue', integer(options.minValue)],
    ['maxValue', integer(options.maxValue)],
    ['cycle', options.cycle === undefined ? undefined : String(options.cycle)],
    ['cache', integer(options.cache)],
  ])
}
