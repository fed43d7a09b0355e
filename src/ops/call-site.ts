/**
 * Where a revision called an `op` method, kept with the op it built so that a
 * statement failing later (SQLite carries out a run of table changes when the
 * run ends) can name the call: `op.createTable('t1')` and its file and line.
 * V8 records the frames now and formats them only if `.stack` is read, which
 * happens on failure; three frames (the facade's, the revision's, one more for
 * a helper in the revision) cost about a third of a default stack's ten:
 * ~2 µs per op, 4 ms for the 2,000 ops of a 1,000-table revision.
 */
export interface OpCallSite {
  /** The method: `createTable`, `batchAlterTable`, … */
  readonly method: string
  /** Its first argument (the table, index or enum name, or the SQL of `execute`). */
  readonly subject: string
  /** `.stack` holds the frames from the facade's method up. */
  readonly trace: { readonly stack?: string }
}

const framesKept = 3

export function opCallSite(method: string, subject: unknown): OpCallSite {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = framesKept
  const trace: { stack?: string } = {}
  // Frames from the caller of this function up: the facade's method, then the revision.
  Error.captureStackTrace(trace, opCallSite)
  Error.stackTraceLimit = limit
  return { method, subject: typeof subject === 'string' ? subject : String(subject), trace }
}

/** `op.createTable('t1')`; long `execute` SQL is cut. */
export function formatOpCall(site: OpCallSite): string {
  const subject = site.subject.length > 60 ? `${site.subject.slice(0, 57)}…` : site.subject
  return `op.${site.method}(${JSON.stringify(subject).replace(/^"|"$/g, "'")})`
}
