import { TsmigError } from '../errors.js'
import { formatOpCall, type OpCallSite } from '../ops/call-site.js'
import { describeOp } from '../ops/describe-op.js'
import type { Op } from '../ops/op.js'
import { formatLocation, stackLocation } from '../loader/user-code.js'

/** How much of a failed statement is shown (a 1,000-column CREATE TABLE helps nobody in full). */
const shownStatementChars = 500

/**
 * A statement of a migration failed in the database. The message is the
 * database's own; `details` show the statement, the `op` call that produced
 * it with the revision's file and line, and what the dialect adds (detail,
 * hint, the grant a permission error needs).
 */
export class StatementFailedError extends TsmigError {
  constructor(
    readonly statement: string | undefined,
    ops: readonly Op[],
    sites: readonly (OpCallSite | undefined)[],
    cause: unknown,
    explanation: readonly string[],
  ) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
    super(reason, { cause, details: [...statementLines(statement), ...opLines(ops, sites), ...explanation] })
  }
}

function statementLines(statement: string | undefined): string[] {
  if (statement === undefined) return []
  const flat = statement.trim()
  const shown = flat.length > shownStatementChars ? `${flat.slice(0, shownStatementChars)}… (${flat.length} characters)` : flat
  const [first, ...rest] = shown.split('\n')
  return [`statement: ${first}`, ...rest.map((line) => `  ${line}`)]
}

/** `from op.createTable('t1') at /app/migrations/3f1c_x.ts:9`, one line per distinct call. */
function opLines(ops: readonly Op[], sites: readonly (OpCallSite | undefined)[]): string[] {
  const lines: string[] = []
  const seen = new Set<OpCallSite>()
  ops.forEach((op, i) => {
    const site = sites[i]
    if (site === undefined) {
      lines.push(`from ${describeOp(op)}`)
      return
    }
    if (seen.has(site)) return
    seen.add(site)
    const location = stackLocation(site.trace.stack ?? '')
    lines.push(`from ${formatOpCall(site)}${location === undefined ? '' : ` at ${formatLocation(location)}`}`)
  })
  return lines
}
