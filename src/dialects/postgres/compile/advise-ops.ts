import type { OpAdvice, Queryable } from '../../dialect.js'
import type { Op } from '../../../ops/op.js'
import { displayTableName } from '../../../schema/names.js'
import { changesExpressionInPlace } from './compile-generated.js'
import { postgresServerVersion } from '../server-version.js'

/**
 * Says which generated ops this server carries out another way: a new
 * generation expression on a server without `SET EXPRESSION` (before
 * PostgreSQL 17) drops the column and adds it again.
 */
export async function advisePostgresOps(ops: readonly Op[], db: Queryable): Promise<readonly OpAdvice[]> {
  const changed = ops.filter((op) => op.kind === 'alterColumn' && op.changes.generated != null)
  if (changed.length === 0) return []
  const version = await postgresServerVersion(db)
  const advice: OpAdvice[] = []
  for (const op of changed) {
    if (op.kind !== 'alterColumn' || changesExpressionInPlace(op.old, version)) continue
    const object = `${displayTableName(op.table)}.${op.column}`
    advice.push({
      object,
      message:
        `column ${object}: ${op.old?.generated == null ? 'a column cannot become generated' : 'this server cannot change a generated expression'} in place ` +
        '(PostgreSQL 17 has SET EXPRESSION), so the upgrade drops the column and adds it again with the new expression: ' +
        'its values are derived, so nothing is lost; the indexes and constraints on it are created again, and it moves to the end of the table',
    })
  }
  return advice
}
