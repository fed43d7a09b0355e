import type { Operations } from '../ops/operations.js'
import { importUserModule } from '../loader/load-module.js'
import { describeUserCodeFailure } from '../loader/user-code.js'
import { RevisionFileError, type RevisionHeader } from '../revisions/revision-header.js'

export interface RevisionModule {
  readonly upgrade: (op: Operations) => Promise<void> | void
  readonly downgrade: (op: Operations) => Promise<void> | void
  /** `export const transaction = false` runs the revision outside a transaction. */
  readonly transaction: boolean
}

const HEADER_LISTS = [
  ['downRevision', 'downRevisions'],
  ['dependsOn', 'dependsOn'],
  ['branchLabels', 'branchLabels'],
] as const

/**
 * The graph was planned from the header as read from the file's text; the
 * module's own values must say the same, or the plan could be wrong.
 */
function checkHeaderAgrees(header: RevisionHeader, module: Record<string, unknown>): void {
  for (const [exported, field] of HEADER_LISTS) {
    const value = module[exported]
    const actual = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]
    const expected = header[field]
    if (actual.length !== expected.length || actual.some((item, i) => item !== expected[i])) {
      throw new RevisionFileError(
        `${header.file}: \`${exported}\` evaluates to ${JSON.stringify(value ?? null)} but reads ${JSON.stringify(expected)} ` +
          `as text (revision ${header.id}); write it as a literal in the file itself`,
      )
    }
  }
}

/** Import a revision file to run it; errors name the file. */
export async function loadRevisionModule(header: RevisionHeader): Promise<RevisionModule> {
  let module: Record<string, unknown>
  try {
    module = await importUserModule(header.file)
  } catch (error) {
    const failure = describeUserCodeFailure(error, header.file)
    throw new RevisionFileError(`${failure.where}: cannot be loaded (revision ${header.id}): ${failure.reason}`, { cause: error, details: failure.details })
  }
  for (const name of ['upgrade', 'downgrade'] as const) {
    if (typeof module[name] !== 'function') {
      throw new RevisionFileError(`${header.file}: \`${name}\` must be an exported function (revision ${header.id})`)
    }
  }
  if (module.revision !== undefined && module.revision !== header.id) {
    throw new RevisionFileError(`${header.file}: exports revision ${String(module.revision)} but its header reads ${header.id}`)
  }
  checkHeaderAgrees(header, module)
  return {
    upgrade: module.upgrade as RevisionModule['upgrade'],
    downgrade: module.downgrade as RevisionModule['downgrade'],
    transaction: module.transaction !== false,
  }
}
