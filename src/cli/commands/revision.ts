import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { Change, CompareWarning } from '../../compare/change.js'
import { describeChange, summarizeChanges, type ChangeSummary } from '../../compare/change.js'
import type { RenameHints } from '../../compare/compare-schema.js'
import { renameHintProblem } from '../../compare/check-rename-hints.js'
import { TsmigError, UsageError } from '../../errors.js'
import { reverseOps } from '../../ops/reverse.js'
import { renderRevision } from '../../render/render-revision.js'
import { planUpgrade } from '../../revisions/plan.js'
import { resolveTarget } from '../../revisions/targets.js'
import { dataLossWarnings } from '../../compare/data-loss-warnings.js'
import { diffDatabase } from '../../project/diff-database.js'
import { tableKey } from '../../schema/names.js'
import type { Output } from '../output.js'
import { Project, withConnection, type GlobalOptions, type Revisions } from '../project.js'

export class RevisionCommandError extends TsmigError {}

/** A `--rename` that is malformed or matches nothing in the diff: bad usage, exit 2. */
export class RenameHintError extends UsageError {}

export interface RevisionOptions extends GlobalOptions {
  readonly message: string
  readonly autogenerate?: boolean
  /** Parent head (`--head`); `base` starts a new root. */
  readonly head?: string
  /** Allow `--head` to name a revision that is not a head (start a branch). */
  readonly splice?: boolean
  readonly branchLabels?: readonly string[]
  readonly dependsOn?: readonly string[]
  readonly revId?: string
  /** `old_table:new_table` or `table.old_col:new_col`. */
  readonly renames?: readonly string[]
  /** Fixed creation time, for reproducible files in tests. */
  readonly now?: Date
}

export interface RevisionResult {
  readonly id: string
  readonly file: string
  readonly changes: readonly Change[]
  readonly warnings: readonly CompareWarning[]
}

export function slugify(message: string): string {
  const slug = message
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '')
  return slug === '' ? 'revision' : slug
}

export function parseRenames(specs: readonly string[]): RenameHints {
  const tables = new Map<string, string>()
  const columns = new Map<string, Map<string, string>>()
  for (const spec of specs) {
    const match = /^([^:]+):([^:]+)$/.exec(spec)
    if (!match) throw new RenameHintError(`--rename ${spec}: expected old_table:new_table or table.old_column:new_column`)
    const [, from, to] = match
    const dot = from.lastIndexOf('.')
    if (dot < 0) tables.set(tableKey({ name: from }), to)
    else {
      const table = from.slice(0, dot)
      const perTable = columns.get(tableKey({ name: table })) ?? new Map<string, string>()
      perTable.set(from.slice(dot + 1), to)
      columns.set(tableKey({ name: table }), perTable)
    }
  }
  return { tables, columns }
}

/** The parent(s) of the new revision: the single head, or what `--head` names. */
function chooseParents(revisions: Revisions, options: RevisionOptions): string[] {
  const { graph } = revisions
  if (options.head === undefined) {
    // A head that is only a dependency (an "effective head") is no candidate: see `realHeads`.
    if (graph.realHeads.length > 1) {
      throw new RevisionCommandError(
        `several heads (${graph.realHeads.join(', ')}): pass --head <rev> to choose one, or run \`tsmig merge heads\``,
      )
    }
    return [...graph.realHeads]
  }
  const target = resolveTarget(graph, options.head)
  if (target.revisions.length > 1) throw new RevisionCommandError(`--head ${options.head} names several revisions (${target.revisions.join(', ')})`)
  const parent = target.revisions[0]
  if (parent !== undefined && !graph.heads.includes(parent) && !options.splice) {
    throw new RevisionCommandError(`--head ${options.head}: revision ${parent} is not a head; pass --splice to start a branch from it`)
  }
  return parent === undefined ? [] : [parent]
}

/**
 * `--depends-on` values as the file will list them. As in Alembic, a branch
 * label stays a label (it means the revision declaring it, and reads better),
 * and a full or partial id becomes the full id.
 */
function resolveDependencies(revisions: Revisions, references: readonly string[]): string[] {
  const { graph } = revisions
  const resolved = references.map((reference) => (graph.labelOwner(reference) !== undefined ? reference : graph.resolve(reference)))
  return [...new Set(resolved)]
}

export function newRevisionId(revisions: Revisions, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!/^[A-Za-z0-9_-]+$/.test(requested) || requested.length > 32) {
      throw new RevisionCommandError(`--rev-id ${requested}: use up to 32 letters, digits, _ or -`)
    }
    if (revisions.byId.has(requested)) throw new RevisionCommandError(`--rev-id ${requested}: revision already exists (${revisions.byId.get(requested)!.file})`)
    return requested
  }
  let id: string
  do id = randomBytes(6).toString('hex')
  while (revisions.byId.has(id))
  return id
}

/** `tsmig revision -m MSG [--autogenerate]`: write a new revision file. */
export async function revisionCommand(options: RevisionOptions, out: Output): Promise<RevisionResult> {
  if (typeof options.message !== 'string' || options.message.trim() === '') {
    throw new RevisionCommandError('a revision needs a message: -m "what it does"')
  }
  // Bad hints are bad usage, found before anything is opened.
  const renames = parseRenames(options.renames ?? [])
  if (!options.autogenerate && (options.renames ?? []).length > 0) throw new RenameHintError('--rename only applies with --autogenerate')
  const project = await Project.open(options)
  const { config } = project
  if (!existsSync(config.migrationsDir)) await mkdir(config.migrationsDir, { recursive: true })
  const revisions = await project.revisions()
  const parents = chooseParents(revisions, options)
  const dependsOn = resolveDependencies(revisions, options.dependsOn ?? [])
  const id = newRevisionId(revisions, options.revId)
  revisions.graph.withRevision({ id, downRevisions: parents, dependsOn, branchLabels: options.branchLabels ?? [] })

  let changes: readonly Change[] = []
  let warnings: readonly CompareWarning[] = []
  if (options.autogenerate) {
    const diff = await withConnection(project, async ({ db, dialect, versionTable }) => {
      const current = await versionTable.readHeads(db)
      const heads = [...revisions.graph.realHeads].sort()
      // Compared as plans, not rows: a dependency's row is folded into its dependent's.
      if (planUpgrade(revisions.graph, current, 'heads').length > 0) {
        throw new RevisionCommandError(
          `the database is not up to date (at ${current.length === 0 ? 'base' : current.join(', ')}, head is ${heads.length === 0 ? 'base' : heads.join(', ')}): run \`tsmig upgrade ${heads.length > 1 ? 'heads' : 'head'}\` first`,
        )
      }
      const diff = await diffDatabase(config, dialect, db, renames)
      const problem = renameHintProblem(diff.database, diff.model, renames)
      if (problem !== undefined) throw new RenameHintError(`${problem}; nothing written`)
      const losses = await dataLossWarnings(dialect, db, diff.changes.map((c) => c.op), diff.database)
      return { ...diff, warnings: [...diff.warnings, ...losses] }
      // A new project's SQLite file does not exist before the first upgrade: it is compared as an empty database, not created.
    }, { missing: 'empty' })
    changes = diff.changes
    warnings = diff.warnings
  }
  const upgrade = changes.map((c) => c.op)
  const source = await renderRevision(
    {
      id,
      downRevisions: parents,
      branchLabels: options.branchLabels ?? [],
      dependsOn,
      message: options.message,
      createdAt: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      upgrade,
      downgrade: reverseOps(upgrade),
    },
    config.templateFile,
  )
  const file = join(config.migrationsDir, `${id}_${slugify(options.message)}.ts`)
  await writeFile(file, source, { flag: 'wx' })
  for (const warning of warnings) out.warn(warning.message)
  if (options.autogenerate) {
    if (changes.length === 0) out.line('No changes in schema detected.')
    for (const change of summarizeChanges(changes)) out.line(`  ${colorChange(out, change)}`)
  }
  out.line(`Generating ${relative(process.cwd(), file) || file} ... done`)
  return { id, file, changes, warnings }
}

export function colorChange(out: Output, change: ChangeSummary): string {
  const line = describeChange(change)
  return change.symbol === '+' ? out.color.green(line) : change.symbol === '-' ? out.color.red(line) : out.color.yellow(line)
}
