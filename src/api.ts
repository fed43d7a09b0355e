/**
 * 'tsmig/api': everything 'tsmig' exports, plus the CLI and its commands as
 * plain async functions (`upgradeCommand({ cwd }, collectingOutput())`).
 * Kept apart from 'tsmig' because these types reach Node's and the CLI's
 * packages (chalk), which a model's type-check must not need.
 */
import { registerTsmigApiModule } from './tsmig-api-module.js'

export * from './index.js'
export { run } from './cli/run.js'
export { revisionCommand } from './cli/commands/revision.js'
export { upgradeCommand, downgradeCommand } from './cli/commands/migrate.js'
export { checkCommand } from './cli/commands/check.js'
export { pullCommand } from './cli/commands/pull.js'
export { verifyCommand } from './cli/commands/verify.js'
export { stampCommand } from './cli/commands/stamp.js'
export { mergeCommand } from './cli/commands/merge.js'
export { initCommand } from './cli/commands/init.js'
export { currentCommand, headsCommand, historyCommand, branchesCommand, showCommand } from './cli/commands/graph-commands.js'
export { collectingOutput, consoleOutput, type Output } from './cli/output.js'

// Scripts run by these commands (a config, a revision) may import 'tsmig/api' too.
registerTsmigApiModule()
