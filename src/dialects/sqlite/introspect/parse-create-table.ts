import type { Deferrable, ReferentialAction } from '../../../schema/ir.js'
import { SqlCursor } from '../expression/sql-cursor.js'
import { isPunct, splitTopLevel, tokenizeSql, type SqlToken } from '../expression/tokenize-sql.js'

/**
 * What SQLite's pragmas do not report, recovered from the stored
 * `CREATE TABLE` text: constraint names, CHECK expressions, unique
 * constraints, AUTOINCREMENT, generated expressions, DEFERRABLE, collations
 * and table options. Expressions are the source text, whitespace collapsed.
 */
export interface ParsedCreateTable {
  readonly name: string
  readonly columns: readonly ParsedColumn[]
  readonly constraints: readonly ParsedTableConstraint[]
  readonly withoutRowid: boolean
  readonly strict: boolean
}

export interface ParsedReference {
  readonly table: string
  /** null: the parent's primary key (`REFERENCES users` without columns). */
  readonly columns: readonly string[] | null
  readonly onDelete: ReferentialAction
  readonly onUpdate: ReferentialAction
  readonly deferrable: Deferrable | null
}

export interface ParsedColumn {
  readonly name: string
  /** The collation as written (`NOCASE`), or null. */
  readonly collate: string | null
  readonly primaryKey: { readonly name: string | null; readonly autoIncrement: boolean } | null
  readonly uniques: readonly { readonly name: string | null }[]
  readonly checks: readonly { readonly name: string | null; readonly expression: string }[]
  readonly references: readonly { readonly name: string | null; readonly references: ParsedReference }[]
  readonly generated: { readonly expression: string; readonly stored: boolean } | null
}

export type ParsedTableConstraint =
  | { readonly type: 'primaryKey'; readonly name: string | null; readonly columns: readonly string[] }
  | { readonly type: 'unique'; readonly name: string | null; readonly columns: readonly string[] }
  | { readonly type: 'check'; readonly name: string | null; readonly expression: string }
  | {
      readonly type: 'foreignKey'
      readonly name: string | null
      readonly columns: readonly string[]
      readonly references: ParsedReference
    }

const columnConstraintStarts = new Set([
  'CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS',
])
const tableConstraintStarts = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'])

export function parseCreateTable(sql: string): ParsedCreateTable {
  const cursor = new SqlCursor(tokenizeSql(sql), 'CREATE TABLE statement')
  cursor.expect('CREATE')
  if (!cursor.accept('TEMP')) cursor.accept('TEMPORARY')
  cursor.expect('TABLE')
  cursor.accept('IF', 'NOT', 'EXISTS')
  const name = cursor.qualifiedName()
  const what = `CREATE TABLE of ${JSON.stringify(name)}`
  const columns: ParsedColumn[] = []
  const constraints: ParsedTableConstraint[] = []
  const parts = splitTopLevel(cursor.group())
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    const first = part[0]
    const isConstraint = tableConstraintStarts.has(first.upper)
    const partCursor = new SqlCursor(part, what)
    if (isConstraint) constraints.push(parseTableConstraint(partCursor))
    else columns.push(parseColumn(partCursor))
  }
  let withoutRowid = false
  let strict = false
  while (!cursor.done) {
    if (cursor.accept('WITHOUT', 'ROWID')) withoutRowid = true
    else if (cursor.accept('STRICT')) strict = true
    else if (!cursor.acceptPunct(',') && !cursor.acceptPunct(';')) cursor.fail('unexpected table option')
  }
  return { name, columns, constraints, withoutRowid, strict }
}

/** The empty list columns share; frozen, as nothing may add to it. */
const none: readonly never[] = Object.freeze([])

function parseColumn(cursor: SqlCursor): ParsedColumn {
  const name = cursor.name()
  skipTypeName(cursor)
  let collate: string | null = null
  let primaryKey: ParsedColumn['primaryKey'] = null
  let generated: ParsedColumn['generated'] = null
  // Most columns have none of these: they share one empty list, and a
  // constraint found makes a new list (a column rarely has two of a kind).
  let uniques: ParsedColumn['uniques'] = none
  let checks: ParsedColumn['checks'] = none
  let references: ParsedColumn['references'] = none
  while (!cursor.done) {
    const constraintName = cursor.accept('CONSTRAINT') ? cursor.name() : null
    if (cursor.accept('PRIMARY', 'KEY')) {
      if (!cursor.accept('ASC')) cursor.accept('DESC')
      skipConflictClause(cursor)
      primaryKey = { name: constraintName, autoIncrement: cursor.accept('AUTOINCREMENT') }
    } else if (cursor.accept('NOT', 'NULL') || cursor.accept('NULL')) {
      skipConflictClause(cursor)
    } else if (cursor.accept('UNIQUE')) {
      skipConflictClause(cursor)
      uniques = [...uniques, { name: constraintName }]
    } else if (cursor.accept('CHECK')) {
      checks = [...checks, { name: constraintName, expression: cursor.groupText() }]
    } else if (cursor.accept('DEFAULT')) {
      skipDefault(cursor)
    } else if (cursor.accept('COLLATE')) {
      collate = cursor.name()
    } else if (cursor.accept('REFERENCES')) {
      references = [...references, { name: constraintName, references: parseReference(cursor) }]
    } else if (cursor.accept('GENERATED', 'ALWAYS', 'AS') || cursor.accept('AS')) {
      const expression = cursor.groupText()
      const stored = cursor.accept('STORED')
      if (!stored) cursor.accept('VIRTUAL')
      generated = { expression, stored }
    } else {
      cursor.fail(`unknown constraint on column ${JSON.stringify(name)}`)
    }
  }
  return { name, collate, primaryKey, uniques, checks, references, generated }
}

/** A type name is words, optionally followed by `(n)` or `(n, m)`. */
function skipTypeName(cursor: SqlCursor): void {
  for (;;) {
    const token = cursor.peek()
    if (token === undefined) return
    if (isPunct(token, '(')) {
      cursor.group()
      return
    }
    if (columnConstraintStarts.has(token.upper)) return
    if (token.kind !== 'word' && token.kind !== 'quoted') return
    cursor.next()
  }
}

function skipDefault(cursor: SqlCursor): void {
  if (isPunct(cursor.peek(), '(')) {
    cursor.group()
    return
  }
  const token = cursor.next()
  // A signed number is two tokens: `-1`.
  if (token.kind === 'operator' && (token.text === '-' || token.text === '+')) cursor.next()
}

function skipConflictClause(cursor: SqlCursor): void {
  if (cursor.accept('ON', 'CONFLICT')) cursor.next()
}

function parseTableConstraint(cursor: SqlCursor): ParsedTableConstraint {
  const name = cursor.accept('CONSTRAINT') ? cursor.name() : null
  let constraint: ParsedTableConstraint
  if (cursor.accept('PRIMARY', 'KEY')) {
    constraint = { type: 'primaryKey', name, columns: indexedColumnNames(cursor.group()) }
    skipConflictClause(cursor)
  } else if (cursor.accept('UNIQUE')) {
    constraint = { type: 'unique', name, columns: indexedColumnNames(cursor.group()) }
    skipConflictClause(cursor)
  } else if (cursor.accept('CHECK')) {
    constraint = { type: 'check', name, expression: cursor.groupText() }
  } else if (cursor.accept('FOREIGN', 'KEY')) {
    const columns = nameList(cursor.group())
    cursor.expect('REFERENCES')
    constraint = { type: 'foreignKey', name, columns, references: parseReference(cursor) }
  } else {
    return cursor.fail('unknown table constraint')
  }
  if (!cursor.done) cursor.fail('unexpected text after a table constraint')
  return constraint
}

function parseReference(cursor: SqlCursor): ParsedReference {
  const table = cursor.qualifiedName()
  const columns = isPunct(cursor.peek(), '(') ? nameList(cursor.group()) : null
  let onDelete: ReferentialAction = 'no action'
  let onUpdate: ReferentialAction = 'no action'
  let deferrable: Deferrable | null = null
  for (;;) {
    if (cursor.accept('ON', 'DELETE')) onDelete = parseAction(cursor)
    else if (cursor.accept('ON', 'UPDATE')) onUpdate = parseAction(cursor)
    else if (cursor.accept('MATCH')) cursor.name()
    else if (cursor.accept('NOT', 'DEFERRABLE')) {
      deferrable = null
      skipInitially(cursor)
    } else if (cursor.accept('DEFERRABLE')) {
      // `DEFERRABLE` alone is initially immediate, in SQLite as in PostgreSQL.
      deferrable = skipInitially(cursor) === 'deferred' ? 'initially deferred' : 'initially immediate'
    } else return { table, columns, onDelete, onUpdate, deferrable }
  }
}

function skipInitially(cursor: SqlCursor): 'deferred' | 'immediate' | null {
  if (cursor.accept('INITIALLY', 'DEFERRED')) return 'deferred'
  if (cursor.accept('INITIALLY', 'IMMEDIATE')) return 'immediate'
  return null
}

function parseAction(cursor: SqlCursor): ReferentialAction {
  if (cursor.accept('SET', 'NULL')) return 'set null'
  if (cursor.accept('SET', 'DEFAULT')) return 'set default'
  if (cursor.accept('CASCADE')) return 'cascade'
  if (cursor.accept('RESTRICT')) return 'restrict'
  if (cursor.accept('NO', 'ACTION')) return 'no action'
  return cursor.fail('unknown referential action')
}

function nameList(tokens: readonly SqlToken[]): string[] {
  return splitTopLevel(tokens).map((part) => new SqlCursor(part, 'column list').name())
}

/** `(a COLLATE nocase, b DESC)` → `[a, b]`: the columns of a PRIMARY KEY or UNIQUE constraint. */
function indexedColumnNames(tokens: readonly SqlToken[]): string[] {
  // SQLite refuses expressions here, so each part starts with the column's name.
  return splitTopLevel(tokens).map((part) => new SqlCursor(part, 'indexed column').name())
}
