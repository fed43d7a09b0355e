import { UnknownTargetError } from './errors.js'

/**
 * A target as typed on the command line, before it meets a graph.
 * `ref` is a full id, a ≥4-char partial id or a branch label; `steps` is a
 * signed step count (never 0).
 */
export type TargetExpression =
  | { readonly kind: 'head' }
  | { readonly kind: 'heads' }
  | { readonly kind: 'base' }
  /** `abc123…`, `abc1`, `mybranch` */
  | { readonly kind: 'revision'; readonly ref: string }
  /** `+N`, `-N`: relative to the database's current heads */
  | { readonly kind: 'relative'; readonly steps: number }
  /** `head-N` (and `head+N`, always past the end) */
  | { readonly kind: 'headRelative'; readonly steps: number }
  /** `<rev>+N`, `<rev>-N` */
  | { readonly kind: 'revisionRelative'; readonly ref: string; readonly steps: number }
  /** `<label>@head`, `<rev>@head` */
  | { readonly kind: 'branchHead'; readonly ref: string }
  /** `<label>@base` */
  | { readonly kind: 'branchBase'; readonly ref: string }
  /** `<label>@+N`, `<label>@-N`: relative to where the database is on that branch */
  | { readonly kind: 'branchRelative'; readonly ref: string; readonly steps: number }

const RELATIVE = /^([+-])(\d+)$/
const SUFFIXED = /^(.+?)([+-])(\d+)$/

/**
 * Parses the target grammar. Purely syntactic: a revision id or branch label
 * that happens to look like `x-2` is the caller's to recognise first
 * (`resolveTarget` does).
 */
export function parseTarget(text: string): TargetExpression {
  if (text === 'head' || text === 'heads' || text === 'base') return { kind: text }
  if (text.length === 0) throw new UnknownTargetError(text, 'the target is empty')

  const relative = RELATIVE.exec(text)
  if (relative !== null) return { kind: 'relative', steps: signedSteps(text, relative[1], relative[2]) }

  const at = text.indexOf('@')
  if (at >= 0) {
    const ref = text.slice(0, at)
    const rest = text.slice(at + 1)
    if (ref.length === 0) throw new UnknownTargetError(text, "a branch label or revision must come before '@'")
    if (rest === 'head') return { kind: 'branchHead', ref }
    if (rest === 'base') return { kind: 'branchBase', ref }
    const branchRelative = RELATIVE.exec(rest)
    if (branchRelative !== null) {
      return { kind: 'branchRelative', ref, steps: signedSteps(text, branchRelative[1], branchRelative[2]) }
    }
    throw new UnknownTargetError(text, "after '@' use 'head', 'base', '+N' or '-N'")
  }

  const suffixed = SUFFIXED.exec(text)
  if (suffixed !== null) {
    const [, ref, sign, digits] = suffixed
    const steps = signedSteps(text, sign, digits)
    if (ref === 'head') return { kind: 'headRelative', steps }
    if (ref === 'heads' || ref === 'base') {
      throw new UnknownTargetError(text, `'${ref}' cannot be walked from; use 'head${sign}N' or '<rev>${sign}N'`)
    }
    return { kind: 'revisionRelative', ref, steps }
  }
  return { kind: 'revision', ref: text }
}

function signedSteps(text: string, sign: string, digits: string): number {
  const count = Number.parseInt(digits, 10)
  if (count === 0) throw new UnknownTargetError(text, 'a relative step count must be at least 1')
  return sign === '-' ? -count : count
}
