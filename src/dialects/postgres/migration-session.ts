import { sql } from 'kysely'
import type { MigrationSession, Queryable } from '../dialect.js'
import { quotePostgresIdentifierIfNeeded } from './identifiers.js'

/** The fields pg copies from the server's ErrorResponse onto the error it throws. */
interface PgErrorFields {
  readonly code?: string
  readonly detail?: string
  readonly hint?: string
  readonly where?: string
}

/**
 * The migration connection's backend, learned up front (the connection is
 * busy when it matters): Ctrl-C cancels its running statement with
 * `pg_cancel_backend` from another connection of the pool, as psql's cancel
 * request would, so the server stops it and rolls the transaction back
 * instead of running it to the end for nobody. The role is what a
 * permission error's hint grants to.
 */
export async function openPostgresMigrationSession(db: Queryable, conn: Queryable): Promise<MigrationSession> {
  const { rows } = await sql<{ pid: number; role: string; database: string }>`
    select pg_backend_pid() as pid, current_user as role, current_database() as database`.execute(conn)
  const { pid, role, database } = rows[0]
  return {
    cancelRunning: async () => {
      await sql`select pg_cancel_backend(${pid})`.execute(db)
    },
    explainError: (error) => explainPostgresError(error, role, database),
  }
}

/** `detail:`, `hint:` and, for a missing privilege, the grant it takes. */
export function explainPostgresError(error: unknown, role: string, database: string): string[] {
  if (typeof error !== 'object' || error === null) return []
  const fields = error as PgErrorFields
  const lines: string[] = []
  if (fields.detail) lines.push(`detail: ${fields.detail}`)
  if (fields.hint) lines.push(`hint: ${fields.hint}`)
  if (fields.where) lines.push(`where: ${fields.where.split('\n')[0]}`)
  // 42501 insufficient_privilege.
  if (fields.code === '42501') {
    const grant = grantFor((error as Error).message ?? '', role, database)
    if (grant !== undefined) lines.push(`hint: ${grant}`)
  }
  return lines
}

/** The grant a `permission denied for <kind> <name>` needs, for the role tsmig connects as. */
function grantFor(message: string, role: string, database: string): string | undefined {
  const q = quotePostgresIdentifierIfNeeded
  const denied = /permission denied for (schema|table|sequence|database) (.+)$/.exec(message)
  if (denied === null) {
    const owner = /must be owner of (?:table|relation|type|index|sequence) (.+)$/.exec(message)
    return owner === null ? undefined : `only the owner of ${owner[1]} (or a superuser) may change it: run the migration as that role, or ALTER … OWNER TO ${q(role)}`
  }
  const [, kind, name] = denied
  switch (kind) {
    case 'schema':
      return `role ${role} cannot create objects in schema ${name}: GRANT CREATE ON SCHEMA ${q(name)} TO ${q(role)};`
    case 'database':
      return `role ${role} cannot create schemas in database ${database}: GRANT CREATE ON DATABASE ${q(database)} TO ${q(role)};`
    default:
      return `role ${role} lacks a privilege on ${kind} ${name}: GRANT ALL ON ${kind.toUpperCase()} ${name} TO ${q(role)}; (or make ${role} its owner)`
  }
}
