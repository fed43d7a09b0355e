import { writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { TsmigError } from '../../errors.js'
import { renderRevision } from '../../render/render-revision.js'
import { resolveTarget } from '../../revisions/targets.js'
import type { Output } from '../output.js'
import { Project, type GlobalOptions } from '../project.js'
import { newRevisionId, slugify } from './revision.js'

export class MergeCommandError extends TsmigError {}

export interface MergeOptions extends GlobalOptions {
  readonly message: string
  /** Revisions to merge, or `['heads']`. */
  readonly revisions: readonly string[]
  readonly branchLabels?: readonly string[]
  readonly revId?: string
}

/**
 * `tsmig merge -m MSG heads|REV…`: a revision whose downRevision lists the
 * merged heads. As in Alembic, only heads can be merged (a non-head has a
 * child already: start a branch with `revision --splice` instead), and
 * `heads` leaves out a head that is only another revision's dependency.
 */
export async function mergeCommand(options: MergeOptions, out: Output): Promise<{ id: string; file: string }> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const { graph } = revisions
  const parents = [...new Set(options.revisions.flatMap((r) => resolveTarget(graph, r).revisions))]
  if (parents.length < 2) {
    throw new MergeCommandError(
      `nothing to merge: ${options.revisions.join(' ')} names ${parents.length === 0 ? 'no revision' : `only ${parents[0]}`}; a merge needs two heads or more`,
    )
  }
  for (const parent of parents) {
    if (!graph.isHead(parent)) throw new MergeCommandError(`revision ${parent} is not a head: only heads can be merged`)
  }
  const id = newRevisionId(revisions, options.revId)
  const branchLabels = options.branchLabels ?? []
  graph.withRevision({ id, downRevisions: parents, dependsOn: [], branchLabels })
  const message = options.message?.trim() ? options.message : `merge ${parents.join(', ')}`
  const source = await renderRevision(
    { id, downRevisions: parents, branchLabels, dependsOn: [], message, createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), upgrade: [], downgrade: [] },
    project.config.templateFile,
  )
  const file = join(project.config.migrationsDir, `${id}_${slugify(message)}.ts`)
  await writeFile(file, source, { flag: 'wx' })
  out.line(`Generating ${relative(process.cwd(), file) || file} ... done (merges ${parents.join(', ')})`)
  return { id, file }
}
