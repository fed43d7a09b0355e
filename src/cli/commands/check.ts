import type { Change, CompareWarning } from '../../compare/change.js'
import { planUpgrade } from '../../revisions/plan.js'
import { diffDatabase } from '../../runtime/diff-database.js'
import type { Output } from '../output.js'
import { Project, withConnection, type GlobalOptions } from '../project.js'
import { colorChange } from './revision.js'
import { summarizeChanges } from '../../compare/change.js'

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
}

/**
 * `tsmig check`, the CI gate: one head (unless allowed otherwise), the
 * database at head, and the model equal to the database. Clean → exit 0.
 */
export async function checkCommand(options: CheckOptions, out: Output): Promise<CheckResult> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const heads = revisions.graph.heads
  const result = await withConnection(project, async ({ db, dialect, versionTable }) => {
    const current = await versionTable.readHeads(db)
    const pending = planUpgrade(revisions.graph, current, 'heads').map((s) => s.revision)
    const diff = await diffDatabase(project.config, dialect, db)
    return { current, pending, differences: diff.changes, warnings: diff.warnings }
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
        },
        null,
        2,
      ),
    )
    return full
  }
  for (const warning of result.warnings) out.warn(warning.message)
  if (multipleHeads) out.line(out.color.red(`✗ several heads: ${heads.join(', ')} (merge them with \`tsmig merge heads\`)`))
  if (result.pending.length > 0) {
    out.line(out.color.red(`✗ the database is not at head; pending: ${result.pending.join(', ')} (run \`tsmig upgrade head\`)`))
  }
  if (result.differences.length > 0) {
    out.line(out.color.red(`✗ the model differs from the database (${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}):`))
    for (const change of summarizeChanges(result.differences)) out.line(`  ${colorChange(out, change)}`)
    out.line(out.color.dim('  run `tsmig revision --autogenerate -m "…"` to write a revision for them'))
  }
  if (clean) out.line(out.color.green('✓ no differences: the model matches the database at head'))
  return full
}

