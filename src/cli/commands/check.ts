import type { Change, CompareWarning } from '../../compare/change.js'
import { planUpgrade } from '../../revisions/plan.js'
import { diffDatabase } from '../../project/diff-database.js'
import { schemaDdlPatch } from '../../project/schema-ddl.js'
import { writtenSchema } from '../../schema/written-text.js'
import { findTamperedRevisions, type TamperedRevision } from '../../project/tamper-check.js'
import type { Output } from '../output.js'
import { Project, withConnection, type GlobalOptions } from '../project.js'
import { colorChange } from './revision.js'

export interface CheckOptions extends GlobalOptions {
  readonly json?: boolean
  readonly allowMultipleHeads?: boolean
}

export interface CheckResult {
  readonly clean: boolean
  readonly heads: readonly string[]
  readonly current: readonly string[]
  readonly pending: readonly string[]
  readonly differences: readonly Change[]
  readonly warnings: readonly CompareWarning[]
  /** Applied revisions whose file was edited or deleted since (a warning: it does not make the check fail). */
  readonly tampered: readonly TamperedRevision[]
  /** Unified diff of the database's DDL against the model's, when they differ. */
  readonly diff: string | null
}

/** Print a unified diff: additions green, removals red, hunk headers cyan. */
export function printPatch(out: Output, patch: string, indent = '  '): void {
  for (const line of patch.replace(/\n$/, '').split('\n')) {
    const colored =
      line.startsWith('+++') || line.startsWith('---')
        ? out.color.bold(line)
        : line.startsWith('+')
          ? out.color.green(line)
          : line.startsWith('-')
            ? out.color.red(line)
            : line.startsWith('@@')
              ? out.color.cyan(line)
              : line
    out.line(`${indent}${colored}`)
  }
}

/**
 * `tsmig check`, the CI gate: (1) one head, unless allowed otherwise; (2) the
 * database at head; (3) the model equal to the database, differences listed
 * with their reason and as a unified diff of the two schemas' DDL. Applied
 * revisions edited since they ran are warned about. Clean → exit 0.
 */
export async function checkCommand(options: CheckOptions, out: Output): Promise<CheckResult> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  // A head that another branch only depends on (an effective head) is not a second line of work.
  const heads = revisions.graph.realHeads
  const result = await withConnection(project, async ({ db, dialect, versionTable }) => {
    const current = await versionTable.readHeads(db)
    const history = await versionTable.history.read(db)
    const tampered = await findTamperedRevisions({ history, revisions: revisions.byId, graph: revisions.graph, currentHeads: current })
    // Said before anything can fail: a deleted head file makes the pending list impossible to compute.
    if (!options.json) for (const problem of tampered) out.warn(problem.message)
    const pending = planUpgrade(revisions.graph, current, 'heads').map((s) => s.revision)
    const diff = await diffDatabase(project.config, dialect, db)
    // Each side in its own words where the two differ (normalization is for comparing only).
    const patch =
      diff.changes.length === 0
        ? null
        : await schemaDdlPatch(dialect, writtenSchema(diff.database, diff.written.database, diff.model), writtenSchema(diff.model, diff.written.model, diff.database), {
            before: 'database',
            after: 'model',
          })
    return { current, pending, tampered, differences: diff.changes, warnings: diff.warnings, diff: patch }
  })
  const multipleHeads = heads.length > 1 && !options.allowMultipleHeads
  const clean = !multipleHeads && result.pending.length === 0 && result.differences.length === 0
  const full: CheckResult = { clean, heads, ...result }

  if (options.json) {
    out.line(
      JSON.stringify(
        {
          clean,
          heads,
          current: result.current,
          pending: result.pending,
          differences: result.differences.map((d) => ({ symbol: d.symbol, object: d.object, reason: d.reason, kind: d.op.kind })),
          warnings: result.warnings.map((w) => w.message),
          tampered: result.tampered.map((t) => ({ revision: t.revision, problem: t.problem, appliedAt: t.appliedAt, message: t.message })),
          diff: result.diff,
        },
        null,
        2,
      ),
    )
    return full
  }
  for (const warning of result.warnings) out.warn(warning.message)
  if (multipleHeads) {
    out.line(out.color.red(`✗ several heads: ${heads.join(', ')} (merge them with \`tsmig merge heads\`, or pass --allow-multiple-heads)`))
  }
  if (result.pending.length > 0) {
    out.line(out.color.red(`✗ the database is not at head; pending: ${result.pending.join(', ')} (run \`tsmig upgrade head\`)`))
  }
  if (result.differences.length > 0) {
    out.line(out.color.red(`✗ the model differs from the database (${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}):`))
    for (const change of result.differences) out.line(`  ${colorChange(out, change)}`)
    if (result.diff !== null) {
      out.line()
      printPatch(out, result.diff)
      out.line()
    }
    // Autogenerate refuses while revisions are pending, and they may well be what makes the difference.
    const hint =
      result.pending.length > 0
        ? `run \`tsmig upgrade ${heads.length > 1 ? 'heads' : 'head'}\` first (the pending revisions may account for them), then check again`
        : 'run `tsmig revision --autogenerate -m "…"` to write a revision for them'
    out.line(out.color.dim(`  ${hint}`))
  }
  if (clean) out.line(out.color.green('✓ no differences: the model matches the database at head'))
  return full
}
