import { sql, type Kysely } from 'kysely'
import { describeChange } from '../../compare/change.js'
import { dialectForUrl, redactUrl } from '../../dialects/registry.js'
import { TsmigError } from '../../errors.js'
import { assertNever } from '../../util/assert-never.js'
import { emptyScratchDatabase, runStairway, type StairwayFailure, type StairwayPhase } from '../../project/stairway.js'
import type { StepResult } from '../../runtime/runner.js'
import { formatMs, type Output } from '../output.js'
import { ConnectionError, Project, type GlobalOptions } from '../project.js'
import { printPatch } from './check.js'
import { colorChange } from './revision.js'

export class VerifyError extends TsmigError {}

export interface VerifyOptions extends GlobalOptions {
  /** An empty database to run on instead of a temporary one tsmig creates and drops. */
  readonly scratchUrl?: string
  readonly json?: boolean
}

export interface VerifyResult {
  readonly ok: boolean
  /** Revisions walked. */
  readonly revisions: number
  readonly failure: StairwayFailure | null
}

const phaseArrow = (out: Output, phase: StairwayPhase): string =>
  phase === 'down' ? out.color.yellow('↓') : phase === 'up' ? out.color.green('↑') : out.color.green('↑↑')

function describeFailure(failure: StairwayFailure): string {
  switch (failure.kind) {
    case 'migration failed':
      return `${failure.phase === 'down' ? 'downgrade' : failure.phase === 'up' ? 'upgrade' : 'upgrade after the downgrades'} of ${failure.revision} failed: ${failure.message}`
    case 'schema differs':
      return failure.phase === 'down'
        ? `revision ${failure.revision}: its downgrade does not restore the schema from before its upgrade`
        : `revision ${failure.revision}: upgrading it again (after the downgrades) does not give the schema of its first upgrade`
    case 'model differs':
      return 'at head the migrated schema differs from the model (a change is missing from the revisions)'
    default:
      return assertNever(failure)
  }
}

/**
 * `tsmig verify`, the stairway test: on a scratch database (a temporary
 * SQLite file or PostgreSQL database, or `--scratch-url`), upgrade one
 * revision at a time from base, downgrade one at a time checking each
 * downgrade restores the schema exactly, upgrade again, and compare head with
 * the model. Names the first revision at fault, with the difference.
 */
export async function verifyCommand(options: VerifyOptions, out: Output): Promise<VerifyResult> {
  const project = await Project.open(options)
  const revisions = await project.revisions()
  const dialect = await project.dialect()
  if (options.scratchUrl !== undefined && (await dialectForUrl(options.scratchUrl)).name !== dialect.name) {
    throw new VerifyError(`--scratch-url ${redactUrl(options.scratchUrl)} is not a ${dialect.name} database like the config's URL`)
  }
  const created = options.scratchUrl === undefined ? await dialect.createScratchDatabase?.(project.config.url, project.config.configDir) : undefined
  const scratchUrl = options.scratchUrl ?? created?.url
  if (scratchUrl === undefined) throw new VerifyError(`${dialect.name} cannot create a scratch database: pass --scratch-url <empty database>`)

  const show = (line: string): void => {
    if (!options.json) out.line(line)
  }
  let db: Kysely<any> | undefined
  try {
    try {
      db = await dialect.connect(scratchUrl, project.config.configDir, { missing: 'create' })
      await sql`select 1`.execute(db)
    } catch (error) {
      throw new ConnectionError(`cannot connect to the scratch database ${redactUrl(scratchUrl)}: ${(error as Error).message?.split('\n')[0]}`, { cause: error })
    }
    show(`Stairway test of ${revisions.headers.length} revision${revisions.headers.length === 1 ? '' : 's'} on ${created ? 'a scratch database' : redactUrl(scratchUrl)}:`)
    const stairway = { db, dialect, config: project.config, graph: revisions.graph, revisions: revisions.byId }
    const { revisions: walked, failure } = await runStairway({
      ...stairway,
      onStep: (phase: StairwayPhase, result: StepResult) =>
        show(`${phaseArrow(out, phase)} ${out.color.bold(result.revision)} ${result.message} ${out.color.dim(`(${formatMs(result.ms)})`)}`),
    })
    const result: VerifyResult = { ok: failure === null, revisions: walked, failure }
    if (options.json) out.line(JSON.stringify(jsonOf(result), null, 2))
    else if (failure === null) {
      out.line(out.color.green(`✓ verified ${walked} revision${walked === 1 ? '' : 's'}: every downgrade restores the schema, upgrades repeat, and head matches the model`))
    } else printFailure(out, failure)
    // A database the user lent is handed back empty when the test passed; after a failure it stays as it is, to be looked at.
    if (created === undefined && failure === null) await emptyScratchDatabase(stairway)
    else if (created === undefined) out.warn(`the scratch database ${redactUrl(scratchUrl)} is left as the failure found it; empty it before the next verify`)
    return result
  } finally {
    await db?.destroy()
    await created?.drop()
  }
}

function printFailure(out: Output, failure: StairwayFailure): void {
  out.line(out.color.red(`✗ ${describeFailure(failure)}`))
  if (failure.kind === 'migration failed') return
  out.line(failure.kind === 'model differs' ? '  differences (database → model):' : '  what it would take to get the expected schema back:')
  for (const change of failure.differences) out.line(`    ${colorChange(out, change)}`)
  if (failure.patch !== null) {
    out.line()
    printPatch(out, failure.patch)
  }
}

function jsonOf(result: VerifyResult): unknown {
  const { failure } = result
  return {
    ok: result.ok,
    revisions: result.revisions,
    failure:
      failure === null
        ? null
        : {
            kind: failure.kind,
            message: describeFailure(failure),
            ...('revision' in failure ? { revision: failure.revision, phase: failure.phase } : {}),
            ...('differences' in failure
              ? { differences: failure.differences.map((d) => ({ symbol: d.symbol, object: d.object, reason: d.reason, line: describeChange(d) })), diff: failure.patch }
              : {}),
          },
  }
}
