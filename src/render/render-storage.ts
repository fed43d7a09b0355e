import type { StorageParameters } from '../schema/ir.js'
import { tsKey, tsString } from './render-value.js'

const plainNumber = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/

/** `{ fillfactor: 70, fastupdate: false }`: numbers and booleans as JS values, so `.with()` gives the same text back. */
export function tsStorageParameters(parameters: StorageParameters): string {
  const entries = Object.keys(parameters).map((key) => {
    const value = parameters[key]
    const literal = value === 'true' || value === 'false' || plainNumber.test(value) ? value : tsString(value)
    return `${tsKey(key)}: ${literal}`
  })
  return `{ ${entries.join(', ')} }`
}
