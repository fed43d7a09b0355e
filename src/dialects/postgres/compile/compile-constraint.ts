import type { ConstraintIR, Deferrable, ForeignKeyIR, ReferentialAction } from '../../../schema/ir.js'
import { assertNever } from '../../../util/assert-never.js'
import { quoteColumnList, quoteIdentifier, quoteQualified } from './quote.js'
import { compileNullsNotDistinct, compileStorageParameters } from './compile-storage.js'

/**
 * A table constraint as written inline in CREATE TABLE or after
 * `ALTER TABLE … ADD`: `CONSTRAINT "users_pkey" PRIMARY KEY ("id")`.
 */
export function compileConstraintDefinition(constraint: ConstraintIR): string {
  return `${constraintNamePrefix(constraint.name)}${constraintBody(constraint)}`
}

/** A primary key whose name may be unknown (then PostgreSQL names it `<table>_pkey`). */
export function compilePrimaryKeyDefinition(name: string | null, columns: readonly string[]): string {
  return `${constraintNamePrefix(name)}PRIMARY KEY (${quoteColumnList(columns)})`
}

function constraintNamePrefix(name: string | null): string {
  return name === null ? '' : `CONSTRAINT ${quoteIdentifier(name)} `
}

function constraintBody(constraint: ConstraintIR): string {
  switch (constraint.type) {
    case 'primaryKey':
      return `PRIMARY KEY (${quoteColumnList(constraint.columns)})`
    case 'unique':
      return `UNIQUE${compileNullsNotDistinct(constraint.nullsNotDistinct)} (${quoteColumnList(constraint.columns)})${compileStorageParameters(constraint.with)}`
    case 'check':
      return `CHECK (${constraint.expression})`
    case 'foreignKey':
      return foreignKeyBody(constraint)
    default:
      return assertNever(constraint)
  }
}

function foreignKeyBody(fk: ForeignKeyIR): string {
  const target = quoteQualified(fk.references.schema, fk.references.table)
  const parts = [`FOREIGN KEY (${quoteColumnList(fk.columns)}) REFERENCES ${target} (${quoteColumnList(fk.references.columns)})`]
  // NO ACTION is PostgreSQL's default: leaving it out keeps the SQL close to what a person writes.
  if (fk.onDelete !== 'no action') parts.push(`ON DELETE ${referentialAction(fk.onDelete)}`)
  if (fk.onUpdate !== 'no action') parts.push(`ON UPDATE ${referentialAction(fk.onUpdate)}`)
  if (fk.deferrable !== null) parts.push(deferrableClause(fk.deferrable))
  return parts.join(' ')
}

function referentialAction(action: ReferentialAction): string {
  switch (action) {
    case 'no action':
      return 'NO ACTION'
    case 'restrict':
      return 'RESTRICT'
    case 'cascade':
      return 'CASCADE'
    case 'set null':
      return 'SET NULL'
    case 'set default':
      return 'SET DEFAULT'
    default:
      return assertNever(action)
  }
}

function deferrableClause(deferrable: Deferrable): string {
  switch (deferrable) {
    case 'initially immediate':
      return 'DEFERRABLE INITIALLY IMMEDIATE'
    case 'initially deferred':
      return 'DEFERRABLE INITIALLY DEFERRED'
    default:
      return assertNever(deferrable)
  }
}
