/**
 * tsmig's public API: the config helper, the model DSL, the revision-file
 * `op` types and the commands as functions.
 */
export { defineConfig, type TsmigConfig, type IncludeObject } from './config/define-config.js'
export * from './model/index.js'
export type { Operations, BatchOperations, AlterColumnOptions, CreateIndexOptions, UniqueConstraintOptions, ForeignKeyOptions as CreateForeignKeyOptions } from './ops/operations.js'
export type { Op, OpKind } from './ops/op.js'
export type * from './schema/ir.js'
export { TsmigError } from './errors.js'
export { run } from './cli/main.js'
export { revisionCommand } from './cli/commands/revision.js'
export { upgradeCommand, downgradeCommand } from './cli/commands/migrate.js'
export { checkCommand } from './cli/commands/check.js'
export { verifyCommand } from './cli/commands/verify.js'
export { stampCommand } from './cli/commands/stamp.js'
export { mergeCommand } from './cli/commands/merge.js'
export { initCommand } from './cli/commands/init.js'
export { currentCommand, headsCommand, historyCommand, branchesCommand, showCommand } from './cli/commands/graph-commands.js'
export { collectingOutput, consoleOutput, type Output } from './cli/output.js'
