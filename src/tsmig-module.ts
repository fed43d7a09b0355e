import { collectingOutput, consoleOutput } from './cli/output.js'
import { defineConfig } from './project/define-config.js'
import { TsmigError } from './errors.js'
import * as model from './model/index.js'

type AsyncFunction = (...args: never[]) => Promise<unknown>

/**
 * The heavy exports of `src/api.ts`: the commands, which pull in Kysely,
 * the drivers, the comparator and the renderer. Each is reached through the
 * module that defines it, imported on the first call. A command added to
 * `src/api.ts` goes here too (test/e2e-graph-light.test.ts fails until it does).
 */
const lazyExports: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  run: () => import('./cli/main.js'),
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

function lazyFunction(name: string, load: () => Promise<Record<string, unknown>>): AsyncFunction {
  const call = async (...args: never[]): Promise<unknown> => ((await load())[name] as AsyncFunction)(...args)
  Object.defineProperty(call, 'name', { value: name })
  return call
}

/**
 * What `import … from 'tsmig'` gives a user module (config, model, revision):
 * the same names as `src/index.ts` — the DSL, `defineConfig`, `TsmigError` —
 * the very objects the rest of tsmig checks with `instanceof` and symbols.
 * `test/e2e-graph-light.test.ts` keeps the export list equal to `src/index.ts`'s.
 */
export function tsmigModule(): Record<string, unknown> {
  return { ...model, defineConfig, TsmigError }
}

/**
 * What `import … from 'tsmig/api'` gives a user module: `tsmigModule()` and
 * the commands (`src/api.ts`), each loaded on its first call, so a config
 * that only needs `defineConfig` no longer loads Kysely, pg and better-sqlite3.
 */
export function tsmigApiModule(): Record<string, unknown> {
  const exports: Record<string, unknown> = { ...tsmigModule(), collectingOutput, consoleOutput }
  for (const [name, load] of Object.entries(lazyExports)) exports[name] = lazyFunction(name, load)
  return exports
}
