import type { CompileContext } from '../../dialect.js'
import type { AlterColumnOp } from '../../../ops/op.js'
import type { ColumnIR, ColumnType } from '../../../schema/ir.js'
import { compileColumnComment } from './compile-comment.js'
import { identityKind, sequenceTypeName } from './compile-column.js'
import { quoteIdentifier, quoteTable } from './quote.js'
import {
  compileAddSerial,
  compileAlterOwnedSequenceType,
  compileDropOwnedSequence,
} from './compile-sequence.js'
import { compileAlterIdentity, compileIdentitySync, identityOptionsSql } from './compile-identity.js'
import { renderPostgresType } from './type-sql.js'
import { changesExpressionInPlace, compileReplaceGeneratedColumn, setExpression } from './compile-generated.js'

/**
 * One ALTER per changed attribute, ordered so each step is legal when it runs
 * (a new generation expression first: `SET EXPRESSION`, or the whole column
 * replaced where the server cannot, see `compile-generated.ts`), then
 * identity/expression/serial removals (an identity column refuses DROP NOT
 * NULL and a default), then type, nullability, default, the serial or identity
 * additions (identity needs NOT NULL and no default), comment, and the rename
 * last so every other statement can use the old name.
 */
export async function compileAlterColumn(op: AlterColumnOp, ctx: CompileContext): Promise<string[]> {
  const { table, column } = op
  let changes = op.changes
  const statements: string[] = []
  if (changes.generated !== undefined && changes.generated !== null) {
    const before = await findOldColumn(op, ctx)
    if (!changesExpressionInPlace(before, await ctx.serverVersion?.())) return compileReplaceGeneratedColumn(op, before, ctx)
    statements.push(setExpression(op, changes.generated))
    const { generated: _set, ...rest } = changes
    changes = rest
  }
  const needsOld =
    changes.type !== undefined || changes.identity !== undefined || changes.autoIncrement === true || changes.collation !== undefined
  const old = needsOld ? await findOldColumn(op, ctx) : op.old
  const alter = (action: string): string =>
    `ALTER TABLE ${quoteTable(table)} ALTER COLUMN ${quoteIdentifier(column)} ${action}`

  let defaultDropped = false

  if (changes.identity === null) statements.push(alter('DROP IDENTITY IF EXISTS'))
  if (changes.generated === null) statements.push(alter('DROP EXPRESSION IF EXISTS'))
  if (changes.autoIncrement === false) {
    statements.push(alter('DROP DEFAULT'), compileDropOwnedSequence(table, column))
    defaultDropped = true
  }

  // A collation is set by TYPE … COLLATE, and TYPE without COLLATE resets it: say it whenever either changes.
  const collation = changes.collation !== undefined ? changes.collation : (old?.collation ?? null)
  const collate = changes.collation === null ? ' COLLATE "default"' : collation === null ? '' : ` COLLATE ${quoteIdentifier(collation)}`
  if (changes.type === undefined && changes.collation !== undefined && old !== undefined) {
    statements.push(alter(`TYPE ${renderPostgresType(old.type)}${collate}`))
  }

  // A narrower integer type checks the sequence's bounds: they must shrink first (a wider one: after).
  const identityBeforeType =
    changes.type !== undefined && changes.identity != null && old?.identity != null && integerWidth(changes.type) < integerWidth(old.type)
  if (identityBeforeType) {
    statements.push(...compileAlterIdentity(alter, table, column, { identity: old!.identity!, type: old!.type }, changes.identity!, changes.type))
  }

  if (changes.type !== undefined) {
    const type = renderPostgresType(changes.type)
    // A default is re-cast by TYPE and fails when there is no such cast (a text
    // default on a column turning into an enum): take it off and put it back.
    const oldDefault = defaultDropped ? null : (old?.default ?? null)
    if (oldDefault !== null) {
      statements.push(alter('DROP DEFAULT'))
      defaultDropped = true
    }
    // PostgreSQL refuses USING on a generated column; it recomputes the expression instead.
    const isGenerated = old?.generated != null && changes.generated !== null
    statements.push(alter(isGenerated ? `TYPE ${type}${collate}` : `TYPE ${type}${collate} USING ${quoteIdentifier(column)}::${type}`))
    if (oldDefault !== null && changes.default === undefined) {
      statements.push(alter(`SET DEFAULT ${oldDefault}`))
      defaultDropped = false
    }
    const keepsSerial = old?.autoIncrement === true && changes.autoIncrement === undefined
    if (keepsSerial) {
      statements.push(compileAlterOwnedSequenceType(table, column, sequenceTypeName(table, column, changes.type)))
    }
  }

  if (changes.nullable !== undefined) statements.push(alter(changes.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'))

  if (changes.default !== undefined) {
    if (changes.default !== null) statements.push(alter(`SET DEFAULT ${changes.default}`))
    else if (!defaultDropped) statements.push(alter('DROP DEFAULT'))
  }

  if (changes.autoIncrement === true) {
    const type = changes.type ?? old?.type
    const sequenceType = type === undefined ? undefined : sequenceTypeName(table, column, type)
    statements.push(...compileAddSerial(table, column, sequenceType))
  }

  if (changes.identity !== undefined && changes.identity !== null) {
    const identity = changes.identity
    const type = changes.type ?? old?.type
    if (old?.identity != null) {
      if (!identityBeforeType) statements.push(...compileAlterIdentity(alter, table, column, { identity: old.identity, type: old.type }, identity, type))
    } else {
      // PostgreSQL requires NOT NULL before ADD GENERATED, as CREATE TABLE implies it for identity columns.
      if (changes.nullable === undefined && old?.nullable !== false) statements.push(alter('SET NOT NULL'))
      statements.push(
        alter(`ADD GENERATED ${identityKind(identity)} AS IDENTITY${identityOptionsSql(identity, type)}`),
        compileIdentitySync(table, column, identity, type),
      )
    }
  }

  if (changes.comment !== undefined) statements.push(compileColumnComment(table, column, changes.comment))

  if (changes.newName !== undefined && changes.newName !== column) {
    statements.push(`ALTER TABLE ${quoteTable(table)} RENAME COLUMN ${quoteIdentifier(column)} TO ${quoteIdentifier(changes.newName)}`)
  }
  return statements
}

/** The column before the op: carried by generated ops, else read from the table as it is now. */
async function findOldColumn(op: AlterColumnOp, ctx: CompileContext): Promise<ColumnIR | undefined> {
  if (op.old !== undefined) return op.old
  const current = await ctx.currentTable(op.table)
  return current?.columns.find((c) => c.name === op.column)
}

/** How wide an integer type is (0 for other types), to order a type change against its sequence's bounds. */
function integerWidth(type: ColumnType): number {
  return type.kind === 'smallint' ? 2 : type.kind === 'integer' ? 4 : type.kind === 'bigint' ? 8 : 0
}
