import type { RevisionGraph } from '../revisions/graph.js'
import { appliedRevisions } from '../revisions/plan.js'
import type { RevisionHeader } from '../revisions/revision-header.js'
import type { HistoryEntry } from '../runtime/history-table.js'
import { latestRuns } from '../runtime/history-table.js'
import { revisionFileChecksum } from './revision-checksum.js'

/** An applied revision whose file is no longer the one that ran. */
export interface TamperedRevision {
  readonly revision: string
  readonly problem: 'changed' | 'missing'
  /** The file now (changed), or undefined (missing). */
  readonly file?: string
  readonly appliedAt: string
  readonly message: string
}

export interface TamperCheckInput {
  readonly history: readonly HistoryEntry[]
  readonly revisions: ReadonlyMap<string, RevisionHeader>
  readonly graph: RevisionGraph
  /** The version table's rows: revisions stamped away since they ran are not held against their files. */
  readonly currentHeads: readonly string[]
}

/**
 * Compare each applied revision's file with the checksum recorded when it
 * ran. Revisions applied before the history table existed, or only stamped,
 * have no record and are not reported. A revision the version table no
 * longer counts as applied (stamped or downgraded away) is not reported.
 */
export async function findTamperedRevisions(input: TamperCheckInput): Promise<TamperedRevision[]> {
  let applied: ReadonlySet<string> | undefined
  try {
    applied = appliedRevisions(input.graph, input.currentHeads)
  } catch {
    // A row naming a revision with no file: every `up` record counts, so the missing file is reported.
    applied = undefined
  }
  const found: TamperedRevision[] = []
  for (const entry of latestRuns(input.history).values()) {
    if (entry.direction !== 'up') continue
    const header = input.revisions.get(entry.revision)
    if (header !== undefined && applied !== undefined && !applied.has(entry.revision)) continue
    const when = entry.appliedAt.replace(/\.\d+Z$/, 'Z')
    const checksum = header === undefined ? undefined : revisionFileChecksum(header.file)
    if (checksum === undefined) {
      found.push({
        revision: entry.revision,
        problem: 'missing',
        appliedAt: entry.appliedAt,
        message: `revision ${entry.revision} was applied at ${when} but its file is gone from the migrations folder`,
      })
    } else if (checksum !== entry.checksum) {
      found.push({
        revision: entry.revision,
        problem: 'changed',
        file: header!.file,
        appliedAt: entry.appliedAt,
        message:
          `revision ${entry.revision} (${header!.file}) was edited after it was applied at ${when}: the database ran the earlier ` +
          `version (checksum ${entry.checksum.slice(0, 12)}, now ${checksum.slice(0, 12)}); put further changes in a new revision`,
      })
    }
  }
  return found
}
