import type { Operations } from '../ops/operations.js'
import type { MigrationStep } from '../revisions/plan.js'
import type { RevisionHeader } from '../revisions/revision-header.js'

/** What a revision file exports, checked: the runner calls nothing else of it. */
export interface RevisionModule {
  readonly upgrade: (op: Operations) => Promise<void> | void
  readonly downgrade: (op: Operations) => Promise<void> | void
  /** `export const transaction = false` runs the revision outside a transaction. */
  readonly transaction: boolean
}

/** A revision ready to run: its module, and the checksum of the text that module was imported from. */
export interface LoadedRevision {
  readonly header: RevisionHeader
  readonly module: RevisionModule
  readonly checksum: string
}

/** Reads and imports one revision file (the project layer's `loadRevision`, or a cached one). */
export type RevisionLoader = (header: RevisionHeader) => Promise<LoadedRevision>

/**
 * Every revision the steps run, loaded before any of them runs: a syntax
 * error in the third file must not leave the first two applied, nor half a
 * `--sql` script printed.
 */
export async function loadStepRevisions(
  steps: readonly MigrationStep[],
  revisions: ReadonlyMap<string, RevisionHeader>,
  load: RevisionLoader,
): Promise<ReadonlyMap<string, LoadedRevision>> {
  const loaded = new Map<string, LoadedRevision>()
  for (const step of steps) {
    if (!loaded.has(step.revision)) loaded.set(step.revision, await load(revisions.get(step.revision)!))
  }
  return loaded
}
