import type { IndexIR, StorageParameters } from '../schema/ir.js'
import { ModelError } from './model-error.js'

/** What `.with({ … })` takes: `{ fillfactor: 70, deduplicate_items: false, buffering: 'auto' }`. */
export type StorageParameterInput = Readonly<Record<string, number | boolean | string>>

const parameterName = /^[A-Za-z_][A-Za-z0-9_.]*$/

/**
 * Storage parameters as the IR keeps them: names lower-cased (PostgreSQL folds
 * them), values as text. `what` names the index or constraint in errors.
 */
export function storageParametersOf(input: StorageParameterInput, what: string): StorageParameters {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ModelError(`${what}: .with() takes an object of storage parameters, like { fillfactor: 70 }`)
  }
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(input)) {
    if (!parameterName.test(name)) throw new ModelError(`${what}: ${JSON.stringify(name)} is not a storage parameter name`)
    const ok = (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || (typeof value === 'string' && value !== '')
    if (!ok) throw new ModelError(`${what}: storage parameter ${name} must be a number, boolean or non-empty string`)
    result[name.toLowerCase()] = String(value)
  }
  return result
}

/**
 * `nullsNotDistinct` and `with` of an index or unique constraint as the IR
 * keeps them: present only when stated, so that IRs compare strictly equal.
 */
export function uniquenessOptionsOf(
  options: { readonly nullsNotDistinct?: boolean; readonly with?: StorageParameterInput } | undefined,
  what: string,
): Pick<IndexIR, 'nullsNotDistinct' | 'with'> {
  const result: { nullsNotDistinct?: boolean; with?: StorageParameters } = {}
  if (options?.nullsNotDistinct === true) result.nullsNotDistinct = true
  if (options?.with !== undefined) {
    const parameters = storageParametersOf(options.with, what)
    if (Object.keys(parameters).length > 0) result.with = parameters
  }
  return result
}
