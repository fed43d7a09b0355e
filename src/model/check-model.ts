import type { SchemaIR } from '../schema/ir.js'
import { foreignKeyProblem } from './check-foreign-keys.js'
import { nameProblem, type IdentifierRules } from './check-names.js'
import type { ModelProblem } from './model-problem.js'

export type { IdentifierRules } from './check-names.js'
export type { ModelProblem } from './model-problem.js'

/**
 * What building each table cannot see: the model as a whole against the
 * dialect's rules (`dialect` names it in messages). Run when the model loads, before anything is compared or
 * written, so that a broken model is an error rather than a revision that
 * fails at upgrade (or, worse, one that succeeds and loses data).
 */
export function modelProblem(model: SchemaIR, rules: IdentifierRules, dialect: string): ModelProblem | undefined {
  return nameProblem(model, rules, dialect) ?? foreignKeyProblem(model)
}
