import type * as Api from './api.js'
import { collectingOutput, consoleOutput } from './cli/output.js'
import { registerVirtualModule } from './loader/load-module.js'
import { tsmigModule } from './project/user-module.js'

type AsyncFunction = (...args: never[]) => Promise<unknown>

/** The exports of `src/api.ts` beyond `src/index.ts`'s and the output helpers: the commands. */
type CommandExport = Exclude<keyof typeof Api, keyof ReturnType<typeof tsmigModule> | 'collectingOutput' | 'consoleOutput'>

/**
 * Where each command of `src/api.ts` is defined, imported on its first call:
 * the commands pull in Kysely, the drivers, the comparator and the renderer,
 * which a config that only needs `defineConfig` must not load. Typed against
 * `src/api.ts` itself, so a command exported there and missing here (or the
 * reverse) does not compile: `src/api.ts` stays the one export list.
 */
const commandModules: { readonly [Name in CommandExport]: () => Promise<Pick<typeof Api, Name>> } = {
  run: () => import('./cli/run.js'),
  revisionCommand: () => import('./cli/commands/revision.js'),
  upgradeCommand: () => import('./cli/commands/migrate.js'),
  downgradeCommand: () => import('./cli/commands/migrate.js'),
  checkCommand: () => import('./cli/commands/check.js'),
  verifyCommand: () => import('./cli/commands/verify.js'),
  stampCommand: () => import('./cli/commands/stamp.js'),
  mergeCommand: () => import('./cli/commands/merge.js'),
  initCommand: () => import('./cli/commands/init.js'),
  currentCommand: () => import('./cli/commands/graph-commands.js'),
  headsCommand: () => import('./cli/commands/graph-commands.js'),
  historyCommand: () => import('./cli/commands/graph-commands.js'),
  branchesCommand: () => import('./cli/commands/graph-commands.js'),
  showCommand: () => import('./cli/commands/graph-commands.js'),
  pullCommand: () => import('./cli/commands/pull.js'),
}

function lazyFunction(name: string, load: () => Promise<object>): AsyncFunction {
  const call = async (...args: never[]): Promise<unknown> => ((await load()) as Record<string, AsyncFunction>)[name](...args)
  Object.defineProperty(call, 'name', { value: name })
  return call
}

/** What `import … from 'tsmig/api'` gives a user module: `tsmig`'s exports, the output helpers, and the commands. */
export function tsmigApiModule(): Record<string, unknown> {
  const exports: Record<string, unknown> = { ...tsmigModule(), collectingOutput, consoleOutput }
  for (const [name, load] of Object.entries(commandModules) as [string, () => Promise<object>][]) exports[name] = lazyFunction(name, load)
  return exports
}

let registered = false

/** Serve `tsmig/api` to user modules: called by the two entry points that have the commands (the CLI and `tsmig/api`). */
export function registerTsmigApiModule(): void {
  if (registered) return
  registered = true
  registerVirtualModule('tsmig/api', tsmigApiModule())
}
