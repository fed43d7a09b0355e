/**
 * Where a revision called an `op` method, kept with the op it built so that a
 * statement failing later (SQLite carries out a run of table changes when the
 * run ends) can name the call: `op.createTable('t1')` and its file and line.
 * The Error captures V8's frames now and formats them only if `.stack` is
 * read, which happens on failure: a few microseconds per op.
 */
export interface OpCallSite {
  /** The method: `createTable`, `batchAlterTable`, … */
  readonly method: string
  /** Its first argument (the table, index or enum name, or the SQL of `execute`). */
  readonly subject: string
  readonly trace: Error
}

export function opCallSite(method: string, subject: unknown): OpCallSite {
  return { method, subject: typeof subject === 'string' ? subject : String(subject), trace: new Error() }
}

/** `op.createTable('t1')`; long `execute` SQL is cut. */
export function formatOpCall(site: OpCallSite): string {
  const subject = site.subject.length > 60 ? `${site.subject.slice(0, 57)}…` : site.subject
  return `op.${site.method}(${JSON.stringify(subject).replace(/^"|"$/g, "'")})`
}
