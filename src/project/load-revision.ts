import { readFileSync } from 'node:fs'
import { importProjectModule } from './user-module.js'
import { describeUserCodeFailure } from '../loader/user-code.js'
import { RevisionFileError, type RevisionHeader } from '../revisions/revision-header.js'
import type { LoadedRevision, RevisionModule } from '../runtime/revision-module.js'
import { revisionChecksum } from './revision-checksum.js'

export type { RevisionModule } from '../runtime/revision-module.js'

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
    module = await importProjectModule(header.file)
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

/** Read and import a revision file; the checksum is of the text read just before the import: what actually runs. */
export async function loadRevision(header: RevisionHeader): Promise<LoadedRevision> {
  const checksum = revisionChecksum(readFileSync(header.file, 'utf8'))
  return { header, checksum, module: await loadRevisionModule(header) }
}
