import { UnknownTargetError } from './errors.js'

/**
 * A revision range as `history -r` and `upgrade/downgrade --sql` take it:
 * `A:B`, `:B` (from base) or `A:` (up to the heads). Each side is a target
 * string; `undefined` stands for the open end.
 */
export interface TargetRange {
  readonly lower: string | undefined
  readonly upper: string | undefined
}

/** Splits `A:B`. Neither revision ids nor branch labels contain ':', so the split is unambiguous. */
export function parseRange(text: string): TargetRange {
  const parts = text.split(':')
  if (parts.length !== 2) throw new UnknownTargetError(text, "a range is written 'A:B', ':B' or 'A:'")
  const [lower, upper] = parts
  return { lower: lower === '' ? undefined : lower, upper: upper === '' ? undefined : upper }
}

/** Whether a target string is a range rather than a single target. */
export function isRange(text: string): boolean {
  return text.includes(':')
}
