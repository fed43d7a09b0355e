import type { TableRef } from '../../../schema/ir.js'
import { dollarQuote, quoteIdentifier, quoteLiteral, quoteQualified, quoteTable } from './quote.js'

/**
 * Statements that make an existing integer column behave like `serial`: the
 * sequence PostgreSQL itself would create (`<table>_<column>_seq`, owned by the
 * column, so it goes away with it), the nextval default, and the sequence moved
 * past the rows already there so the next insert does not collide.
 */
export function compileAddSerial(table: TableRef, column: string, sequenceType: string | undefined): string[] {
  const sequence = quoteQualified(table.schema, `${table.name}_${column}_seq`)
  const as = sequenceType === undefined ? '' : ` AS ${sequenceType}`
  return [
    `CREATE SEQUENCE ${sequence}${as} OWNED BY ${quoteTable(table)}.${quoteIdentifier(column)}`,
    `ALTER TABLE ${quoteTable(table)} ALTER COLUMN ${quoteIdentifier(column)} SET DEFAULT nextval(${quoteLiteral(sequence)}::regclass)`,
    compileSyncSequence(table, column, quoteLiteral(sequence)),
  ]
}

/**
 * Moves a column's sequence past the largest value in the column;
 * `sequenceExpression` is SQL evaluating to the sequence's name or regclass.
 */
export function compileSyncSequence(table: TableRef, column: string, sequenceExpression: string): string {
  const col = quoteIdentifier(column)
  return `SELECT setval(${sequenceExpression}, COALESCE((SELECT max(${col}) FROM ${quoteTable(table)}), 0) + 1, false)`
}

/** `pg_get_serial_sequence(…)` for a column: finds the owned sequence whatever it is called (tables get renamed, sequences do not). */
export function serialSequenceOf(table: TableRef, column: string): string {
  // The table argument is parsed as SQL (so it is quoted); the column argument is taken literally.
  return `pg_get_serial_sequence(${quoteLiteral(quoteTable(table))}, ${quoteLiteral(column)})`
}

/**
 * Drops the sequence a serial column owns. Run after the nextval default is
 * gone (the default depends on the sequence). A DO block because the name is
 * only known to the server.
 */
export function compileDropOwnedSequence(table: TableRef, column: string): string {
  return compileOnOwnedSequence(table, column, `'DROP SEQUENCE ' || seq`)
}

/** Keeps a serial column's sequence type in step with the column's new integer type. */
export function compileAlterOwnedSequenceType(table: TableRef, column: string, sequenceType: string): string {
  return compileOnOwnedSequence(table, column, `'ALTER SEQUENCE ' || seq || ' AS ${sequenceType}'`)
}

function compileOnOwnedSequence(table: TableRef, column: string, command: string): string {
  const body =
    ` DECLARE seq text := ${serialSequenceOf(table, column)};` +
    ` BEGIN IF seq IS NOT NULL THEN EXECUTE ${command}; END IF; END `
  return `DO ${dollarQuote(body)}`
}
