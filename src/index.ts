/**
 * tsmig's public types and DSL, what config, model and revision files import
 * from 'tsmig': the config helper, the model DSL and the revision-file `op`
 * types. Nothing here needs Node's types or the CLI's packages, so a project
 * type-checks it with `"types": []`. The commands as functions are on
 * 'tsmig/api' (src/api.ts).
 */
export { defineConfig, type TsmigConfig, type IncludeObject } from './project/define-config.js'
export * from './model/index.js'
export type { Operations, BatchOperations, AlterColumnOptions, CreateIndexOptions, UniqueConstraintOptions, ForeignKeyOptions as CreateForeignKeyOptions } from './ops/operations.js'
export type { Op, OpKind } from './ops/op.js'
export type * from './schema/ir.js'
export { TsmigError } from './errors.js'
