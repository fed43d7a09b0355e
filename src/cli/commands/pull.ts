import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { compareSchemas, noRenames } from '../../compare/compare-schema.js'
import { filterSchema } from '../../compare/filter-schema.js'
import { withWrittenText } from '../../compare/written-ops.js'
import { redactUrl } from '../../dialects/registry.js'
import { TsmigError, UsageError } from '../../errors.js'
import { reverseOps } from '../../ops/reverse.js'
import { modelTexts } from '../../render/model-texts.js'
import { describeUnmanaged, renderModel } from '../../render/render-model.js'
import { renderRevision } from '../../render/render-revision.js'
import { internalTables } from '../../project/diff-database.js'
import { loadModelFiles } from '../../project/load-model-files.js'
import { emptySchema } from '../../schema/ir.js'
import type { UnmanagedObject } from '../../schema/unnamed-names.js'
import { writtenSchema } from '../../schema/written-text.js'
import type { Output } from '../output.js'
import { Project, withConnection, type GlobalOptions } from '../project.js'
import { newRevisionId } from './revision.js'

export class PullError extends TsmigError {}

export interface PullOptions extends GlobalOptions {
  /** Where to write the model (default: the config's `schema`, when it names one file). Relative to `cwd`. */
  readonly out?: string
  /** Overwrite an existing file. */
  readonly force?: boolean
  /** Also write a first revision that creates the pulled model from an empty database. */
  readonly baseline?: boolean
  /** The baseline revision's id (default: a random one). */
  readonly revId?: string
  /** Fixed creation time of the baseline revision, for reproducible files in tests. */
  readonly now?: Date
}

export interface PullResult {
  readonly file: string
  readonly tables: number
  readonly enums: number
  /** What the database holds that the model leaves out. */
  readonly leftOut: readonly UnmanagedObject[]
  readonly baseline?: { readonly id: string; readonly file: string }
}

/**
 * `tsmig pull`: introspect the configured database (its `schemas` and
 * `include` honoured) and write the model as tsmig TypeScript, so that
 * `tsmig check` is clean right after; with `--baseline`, also the first
 * revision, which builds that model from an empty database.
 */
export async function pullCommand(options: PullOptions, out: Output): Promise<PullResult> {
  const project = await Project.open(options)
  const { config } = project
  const file = targetFile(options, config.schemaFiles)
  if (existsSync(file) && !options.force) throw new PullError(`${file} already exists: pass --force to overwrite it, or --out FILE to write elsewhere`)
  const revisions = options.baseline ? await project.revisions() : undefined
  if (revisions !== undefined && revisions.headers.length > 0) {
    throw new PullError(`--baseline writes the first revision, but ${config.migrationsDir} already holds ${revisions.headers.length} (a baseline starts a project's history)`)
  }
  const baselineId = revisions === undefined ? undefined : newRevisionId(revisions, options.revId)

  const pulled = await withConnection(project, async ({ db, dialect }) => {
    const introspectOptions = { schemas: config.schemas, excludeTables: internalTables(config) }
    const [introspected, leftOut] = await Promise.all([
      dialect.introspectWithText(db, introspectOptions),
      dialect.listUnmanaged === undefined ? [] : dialect.listUnmanaged(db, introspectOptions),
    ])
    const schema = filterSchema(modelTexts(introspected.compared, introspected.written), config.include)
    if (schema.tables.length === 0 && schema.enums.length === 0) {
      throw new PullError(`${redactUrl(config.url)} holds no tables or enums to pull${config.schemas === undefined ? '' : ` in ${config.schemas.join(', ')}`}`)
    }
    const source = renderModel(schema, {
      unnamedNames: dialect.unnamedNames,
      leftOut,
      title: `The model of ${redactUrl(config.url)}, written by \`tsmig pull\`.`,
    })
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, source)
    if (baselineId === undefined) return { schema, leftOut, baseline: undefined }
    // The baseline is what autogenerate writes against an empty database, from the module just written.
    const model = await loadModelFiles([file], dialect)
    const normalized = await dialect.normalizeModel(model, db)
    const declared = dialect.declareModel === undefined ? model : writtenSchema(dialect.declareModel(model), model)
    const changes = withWrittenText(compareSchemas(emptySchema, normalized).changes, { database: emptySchema, model: declared }, noRenames)
    const upgrade = changes.map((c) => c.op)
    const revisionSource = await renderRevision(
      {
        id: baselineId,
        downRevisions: [],
        branchLabels: [],
        dependsOn: [],
        message: 'baseline',
        createdAt: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        upgrade,
        downgrade: reverseOps(upgrade),
      },
      config.templateFile,
    )
    await mkdir(config.migrationsDir, { recursive: true })
    const revisionFile = join(config.migrationsDir, `${baselineId}_baseline.ts`)
    await writeFile(revisionFile, revisionSource, { flag: 'wx' })
    return { schema, leftOut, baseline: { id: baselineId, file: revisionFile } }
  })

  const { schema, leftOut, baseline } = pulled
  const shown = (path: string) => relative(process.cwd(), path) || path
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  out.line(`Wrote ${shown(file)}: ${count(schema.tables.length, 'table')}, ${count(schema.enums.length, 'enum')}`)
  if (leftOut.length > 0) {
    out.line(`Left out (not managed by tsmig, listed at the top of the file): ${leftOut.length}`)
    for (const line of describeUnmanaged(leftOut)) out.line(out.color.dim(`  ${line}`))
  }
  if (baseline !== undefined) {
    out.line(`Wrote ${shown(baseline.file)}: the baseline revision ${baseline.id}`)
    out.line(out.color.dim('  mark this database with `tsmig stamp head`; build a new one with `tsmig upgrade head`'))
  }
  return { file, tables: schema.tables.length, enums: schema.enums.length, leftOut, ...(baseline === undefined ? {} : { baseline }) }
}

/** `--out`, or the config's one schema file. */
function targetFile(options: PullOptions, schemaFiles: readonly string[]): string {
  if (options.out !== undefined) {
    if (options.out === '') throw new UsageError('--out needs a file name')
    return resolve(options.cwd ?? process.cwd(), options.out)
  }
  if (schemaFiles.length !== 1) {
    throw new UsageError(`the config's schema names ${schemaFiles.length} files: pass --out FILE to say where the pulled model goes`)
  }
  return schemaFiles[0]
}
