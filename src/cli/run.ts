import { readFileSync } from 'node:fs'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { TsmigError, UsageError } from '../errors.js'
import { interruption, InterruptedError, signalExitCode, type InterruptSignal } from '../runtime/interruption.js'
import { userFramesFirst } from '../loader/user-code.js'
import { consoleOutput, type Output } from './output.js'

// Commands are imported when they run: `tsmig heads` must not load Kysely, a driver or the model.
const commands = {
  check: () => import('./commands/check.js'),
  graph: () => import('./commands/graph-commands.js'),
  init: () => import('./commands/init.js'),
  merge: () => import('./commands/merge.js'),
  migrate: () => import('./commands/migrate.js'),
  pull: () => import('./commands/pull.js'),
  revision: () => import('./commands/revision.js'),
  stamp: () => import('./commands/stamp.js'),
  verify: () => import('./commands/verify.js'),
}

interface GlobalFlags {
  readonly config?: string
  readonly url?: string
  readonly color: boolean
  readonly verbose?: boolean
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

const milliseconds = (value: string): number => {
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 0) throw new InvalidArgumentError('expected a whole number of milliseconds')
  return ms
}

/** tsmig's own version, from its package.json (two folders up from dist/cli/ and from dist/bundle/ alike). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}

/** Build the CLI. Each action returns the exit code; only `main` exits. */
function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('tsmig')
    .description('Alembic-style schema migrations for TypeScript: autogenerate, a revision graph, transactional upgrades')
    .option('--config <file>', 'config file (default: tsmig.config.ts in the current directory)')
    .option('--url <url>', 'database URL, overriding the config')
    .option('--no-color', 'plain output (also NO_COLOR)')
    .option('--verbose', 'stack traces on errors')
    .version(packageVersion(), '-V, --version', "print tsmig's version")
    .showHelpAfterError()
    .exitOverride()

  const out = (): Output => {
    const flags = program.opts<GlobalFlags>()
    return consoleOutput({ color: flags.color && !process.env.NO_COLOR && process.stdout.isTTY === true })
  }
  const global = () => {
    const flags = program.opts<GlobalFlags>()
    return { config: flags.config, url: flags.url }
  }

  program
    .command('init')
    .description('write a config, a schema module and a migrations folder')
    .addOption(new Option('--dialect <dialect>', 'database').choices(['sqlite', 'postgres']).default('sqlite'))
    .action(async (opts: { dialect: 'sqlite' | 'postgres' }) => {
      await (await commands.init()).initCommand({ dialect: opts.dialect }, out())
    })

  program
    .command('revision')
    .description('write a new revision file; --autogenerate diffs the model against the database')
    .requiredOption('-m, --message <message>', 'what the revision does')
    .option('--autogenerate', 'fill upgrade/downgrade from the differences between model and database')
    .option('--head <rev>', 'parent revision (a head; any revision with --splice; base for a new root)')
    .option('--splice', 'allow --head to be a non-head revision (starts a branch)')
    .option('--branch-label <label>', 'label for a new branch (repeatable)', collect)
    .option('--depends-on <rev>', 'revision this one depends on (repeatable)', collect)
    .option('--rev-id <id>', 'revision id instead of a random one')
    .option('--rename <from:to>', 'autogenerate a rename: old_table:new_table or table.old_col:new_col (repeatable)', collect)
    .action(async (opts: { message: string; autogenerate?: boolean; head?: string; splice?: boolean; branchLabel?: string[]; dependsOn?: string[]; revId?: string; rename?: string[] }) => {
      await (await commands.revision()).revisionCommand(
        { ...global(), message: opts.message, autogenerate: opts.autogenerate, head: opts.head, splice: opts.splice, branchLabels: opts.branchLabel, dependsOn: opts.dependsOn, revId: opts.revId, renames: opts.rename },
        out(),
      )
    })

  program
    .command('upgrade')
    .description('apply revisions up to TARGET (default head)')
    .argument('[target]', 'head, heads, a revision, +N, <branch>@head…; with --sql a range FROM:TO', 'head')
    .option('--sql', 'print the SQL instead of running it (no connection)')
    .option('--lock-timeout <ms>', "how long to wait for another run's migration lock (default: lockTimeoutMs, 60000)", milliseconds)
    .action(async (target: string, opts: { sql?: boolean; lockTimeout?: number }) => {
      await (await commands.migrate()).upgradeCommand({ ...global(), target, sql: opts.sql, lockTimeoutMs: opts.lockTimeout }, out())
    })

  program
    .command('downgrade')
    .description('revert revisions down to TARGET')
    .argument('<target>', '-1, base, a revision, <branch>@-1…; with --sql a range FROM:TO')
    .option('--sql', 'print the SQL instead of running it (no connection)')
    .option('--lock-timeout <ms>', "how long to wait for another run's migration lock (default: lockTimeoutMs, 60000)", milliseconds)
    .action(async (target: string, opts: { sql?: boolean; lockTimeout?: number }) => {
      await (await commands.migrate()).downgradeCommand({ ...global(), target, sql: opts.sql, lockTimeoutMs: opts.lockTimeout }, out())
    })

  const readOptions = (cmd: Command): Command => cmd.option('-v, --verbose', 'more detail').option('--json', 'machine-readable output')
  readOptions(program.command('current').description("the database's current revision(s)")).action(async (opts: { verbose?: boolean; json?: boolean }) => {
    await (await commands.graph()).currentCommand({ ...global(), ...opts }, out())
  })
  readOptions(program.command('heads').description('the heads of the revision graph')).action(async (opts: { verbose?: boolean; json?: boolean }) => {
    await (await commands.graph()).headsCommand({ ...global(), ...opts }, out())
  })
  readOptions(program.command('branches').description('branch points and their branches')).action(async (opts: { verbose?: boolean; json?: boolean }) => {
    await (await commands.graph()).branchesCommand({ ...global(), ...opts }, out())
  })
  readOptions(program.command('history').description('revisions, newest first'))
    .option('-r, --rev-range <range>', 'A:B, :B or A: (current for the database)')
    .option('--indicate-current', 'mark the database\'s current revisions (connects)')
    .action(async (opts: { verbose?: boolean; json?: boolean; revRange?: string; indicateCurrent?: boolean }) => {
      await (await commands.graph()).historyCommand({ ...global(), verbose: opts.verbose, json: opts.json, range: opts.revRange, withCurrent: opts.indicateCurrent }, out())
    })
  readOptions(program.command('show').description('one revision').argument('<rev>', 'revision id, partial id or label')).action(
    async (rev: string, opts: { verbose?: boolean; json?: boolean }) => {
      await (await commands.graph()).showCommand({ ...global(), ...opts, revision: rev }, out())
    },
  )

  program
    .command('stamp')
    .description('set the version table to TARGET without running migrations')
    .argument('<target>', 'head, base, a revision…')
    .option('--purge', 'empty the version table first')
    .action(async (target: string, opts: { purge?: boolean }) => {
      await (await commands.stamp()).stampCommand({ ...global(), target, purge: opts.purge }, out())
    })

  program
    .command('merge')
    .description('a revision that merges heads')
    .argument('<revisions...>', 'heads, or the revisions to merge')
    .option('-m, --message <message>', 'message', '')
    .option('--branch-label <label>', 'label (repeatable)', collect)
    .option('--rev-id <id>', 'revision id instead of a random one')
    .action(async (revisions: string[], opts: { message: string; branchLabel?: string[]; revId?: string }) => {
      await (await commands.merge()).mergeCommand({ ...global(), message: opts.message, revisions, branchLabels: opts.branchLabel, revId: opts.revId }, out())
    })

  program
    .command('check')
    .description('exit 1 when the model and the migrated database disagree (CI gate)')
    .option('--json', 'print { heads, pending, differences } as JSON')
    .option('--allow-multiple-heads', 'do not fail on several heads')
    .action(async (opts: { json?: boolean; allowMultipleHeads?: boolean }) => {
      const result = await (await commands.check()).checkCommand({ ...global(), json: opts.json, allowMultipleHeads: opts.allowMultipleHeads }, out())
      if (!result.clean) setExit(1)
    })

  program
    .command('pull')
    .description("write the model of the live database as tsmig TypeScript (then `tsmig check` is clean)")
    .option('--out <file>', "where to write it (default: the config's schema file)")
    .option('--force', 'overwrite an existing file')
    .option('--baseline', 'also write a first revision that creates the model from an empty database')
    .option('--rev-id <id>', 'id of the baseline revision instead of a random one')
    .action(async (opts: { out?: string; force?: boolean; baseline?: boolean; revId?: string }) => {
      await (await commands.pull()).pullCommand({ ...global(), out: opts.out, force: opts.force, baseline: opts.baseline, revId: opts.revId }, out())
    })

  program
    .command('verify')
    .description('stairway test on a scratch database: every revision up, down (schema restored exactly?), up again, then against the model')
    .option('--scratch-url <url>', 'an empty database to use instead of a temporary one that tsmig creates and drops')
    .option('--json', 'print { ok, revisions, failure } as JSON')
    .action(async (opts: { scratchUrl?: string; json?: boolean }) => {
      const result = await (await commands.verify()).verifyCommand({ ...global(), scratchUrl: opts.scratchUrl, json: opts.json }, out())
      if (!result.ok) setExit(1)
    })

  return program
}

/** Run the CLI on `argv` and return the exit code: 0 success, 1 failure or differences, 2 bad usage. */
export async function run(argv: readonly string[]): Promise<number> {
  let exitCode = 0
  const program = buildProgram((code) => {
    exitCode = code
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is bad usage.
      return error.exitCode === 0 ? 0 : 2
    }
    const verbose = program.opts<GlobalFlags>().verbose || argv.includes('--verbose')
    const message = error instanceof TsmigError || !(error instanceof Error) ? String((error as Error)?.message ?? error) : error.message
    const label = error instanceof InterruptedError ? 'interrupted' : 'error'
    process.stderr.write(`${label}: ${message.split('\n')[0]}\n`)
    // Where it happened: a code frame, the failed statement and its op, the database's detail and hint.
    if (error instanceof TsmigError) for (const line of error.details) process.stderr.write(`  ${line}\n`)
    if (verbose) process.stderr.write(verboseStack(error))
    if (interruption.signal !== undefined) return signalExitCode(interruption.signal)
    return error instanceof UsageError ? 2 : 1
  }
}

/** `--verbose`: the stack of the error and of each cause, the frames in the user's files first. */
function verboseStack(error: unknown): string {
  let text = ''
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth++) {
    text += `${depth === 0 ? '' : 'caused by: '}${at.stack === undefined ? String(at) : userFramesFirst(at.stack)}\n`
  }
  return text
}
