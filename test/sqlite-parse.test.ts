import { describe, expect, it } from 'vitest'
import { parseSqliteType, renderSqliteType } from '../src/dialects/sqlite/normalize/column-type.js'
import {
  isConstantDefault,
  normalizeDefault,
  normalizeModelDefault,
  normalizeSqlExpression,
} from '../src/dialects/sqlite/normalize/normalize-expression.js'
import { parseCreateIndex } from '../src/dialects/sqlite/introspect/parse-create-index.js'
import { parseCreateTable } from '../src/dialects/sqlite/introspect/parse-create-table.js'
import { SqlParseError } from '../src/dialects/sqlite/expression/sql-cursor.js'
import { tokenizeSql } from '../src/dialects/sqlite/expression/tokenize-sql.js'
import type { ColumnType } from '../src/schema/ir.js'

describe('tokenizeSql', () => {
  it('keeps quoted text whole and drops comments', () => {
    const tokens = tokenizeSql(`"a ""b"" (" 'it''s -- not a comment' [x y] \`z\` -- gone\n/* gone ( */ x'00ff' 1.5e3 ->> ||`)
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['quoted', 'a "b" ('],
      ['string', `'it''s -- not a comment'`],
      ['quoted', 'x y'],
      ['quoted', 'z'],
      ['blob', `x'00ff'`],
      ['number', '1.5e3'],
      ['operator', '->>'],
      ['operator', '||'],
    ])
  })

  it('reports unterminated quotes', () => {
    expect(() => tokenizeSql(`'open`)).toThrow(/unterminated/)
  })
})

describe('parseCreateTable', () => {
  it('recovers names, checks, keys and options the pragmas do not report', () => {
    const parsed = parseCreateTable(`CREATE TABLE IF NOT EXISTS main."t" (
      "id" integer NOT NULL CONSTRAINT "t_pkey" PRIMARY KEY AUTOINCREMENT,
      name varchar (255) CONSTRAINT nn NOT NULL ON CONFLICT ABORT COLLATE nocase UNIQUE DEFAULT 'a,b)',
      total numeric(10, 2) DEFAULT -1 CHECK (total >= (0)),
      g AS (total * 2) VIRTUAL,
      parent integer CONSTRAINT parent_fk REFERENCES t ON DELETE CASCADE NOT DEFERRABLE,
      CONSTRAINT "two words" UNIQUE (name COLLATE nocase, total DESC),
      FOREIGN KEY (parent, name) REFERENCES other (a, b) MATCH FULL ON UPDATE RESTRICT DEFERRABLE
    ) WITHOUT ROWID, STRICT`)
    expect(parsed.name).toBe('t')
    expect(parsed.withoutRowid).toBe(true)
    expect(parsed.strict).toBe(true)
    expect(parsed.columns.map((c) => c.name)).toEqual(['id', 'name', 'total', 'g', 'parent'])
    expect(parsed.columns[0].primaryKey).toEqual({ name: 't_pkey', autoIncrement: true })
    expect(parsed.columns[1]).toMatchObject({ collate: 'nocase', uniques: [{ name: null }] })
    expect(parsed.columns[2].checks).toEqual([{ name: null, expression: 'total >= (0)' }])
    expect(parsed.columns[3].generated).toEqual({ expression: 'total * 2', stored: false })
    expect(parsed.columns[4].references).toEqual([
      {
        name: 'parent_fk',
        references: { table: 't', columns: null, onDelete: 'cascade', onUpdate: 'no action', deferrable: null },
      },
    ])
    expect(parsed.constraints).toEqual([
      { type: 'unique', name: 'two words', columns: ['name', 'total'] },
      {
        type: 'foreignKey',
        name: null,
        columns: ['parent', 'name'],
        references: { table: 'other', columns: ['a', 'b'], onDelete: 'no action', onUpdate: 'restrict', deferrable: 'initially immediate' },
      },
    ])
  })

  it('fails with a message naming the statement', () => {
    expect(() => parseCreateTable('CREATE TABLE t (a int NOT FROB)')).toThrow(SqlParseError)
    expect(() => parseCreateTable('CREATE TABLE t (a int NOT FROB)')).toThrow(/column "a" near "NOT"/)
  })
})

describe('parseCreateIndex', () => {
  it('splits elements and the partial predicate', () => {
    expect(parseCreateIndex(`CREATE UNIQUE INDEX IF NOT EXISTS "ix" ON "t" (a DESC, lower(b) COLLATE nocase ASC, (c + 1)) WHERE a > 0;`)).toEqual({
      name: 'ix',
      table: 't',
      unique: true,
      elements: [
        { text: 'a', desc: true, collate: null },
        { text: 'lower(b)', desc: false, collate: 'nocase' },
        { text: '(c + 1)', desc: false, collate: null },
      ],
      where: 'a > 0',
    })
  })
})

describe('SQLite column types', () => {
  it('parses declared names into the IR', () => {
    const cases: [string, ColumnType][] = [
      ['INTEGER', { kind: 'integer' }],
      ['int', { kind: 'integer' }],
      ['BIGINT', { kind: 'bigint' }],
      ['VARCHAR(255)', { kind: 'varchar', length: 255 }],
      ['character varying ( 10 )', { kind: 'varchar', length: 10 }],
      ['varchar', { kind: 'varchar' }],
      ['numeric(10,2)', { kind: 'numeric', precision: 10, scale: 2 }],
      ['decimal(5)', { kind: 'numeric', precision: 5 }],
      ['timestamp', { kind: 'timestamp', withTimezone: false }],
      ['timestamptz(3)', { kind: 'timestamp', withTimezone: true, precision: 3 }],
      ['timestamp with time zone', { kind: 'timestamp', withTimezone: true }],
      ['double precision', { kind: 'doublePrecision' }],
      ['BLOB', { kind: 'bytea' }],
      ['DATETIME', { kind: 'custom', sql: 'datetime' }],
      ['', { kind: 'custom', sql: '' }],
    ]
    for (const [declared, type] of cases) expect(parseSqliteType(declared), declared).toEqual(type)
  })

  it('renders every IR type so that it parses back to itself', () => {
    const types: ColumnType[] = [
      { kind: 'integer' }, { kind: 'bigint' }, { kind: 'smallint' }, { kind: 'text' }, { kind: 'boolean' },
      { kind: 'date' }, { kind: 'real' }, { kind: 'doublePrecision' }, { kind: 'json' }, { kind: 'jsonb' },
      { kind: 'uuid' }, { kind: 'bytea' }, { kind: 'varchar', length: 20 }, { kind: 'char' },
      { kind: 'numeric', precision: 12, scale: 4 }, { kind: 'timestamp', withTimezone: true, precision: 6 },
      { kind: 'time', withTimezone: false }, { kind: 'custom', sql: 'datetime' },
    ]
    for (const type of types) expect(parseSqliteType(renderSqliteType(type))).toEqual(type)
    expect(renderSqliteType({ kind: 'bytea' })).toBe('blob')
  })
})

describe('SQLite expressions and defaults', () => {
  it('collapses whitespace and redundant parentheses, keeping the spelling', () => {
    expect(normalizeSqlExpression('((price  >=\n 0 /* c */))')).toBe('price >= 0')
    expect(normalizeSqlExpression('(a) + (b)')).toBe('(a) + (b)')
    expect(normalizeSqlExpression(`"Select" <> 'a  b'`)).toBe(`"Select" <> 'a  b'`)
  })

  it('normalizes defaults as both sides write them', () => {
    expect(normalizeDefault('NULL')).toBeNull()
    expect(normalizeDefault('TRUE')).toBe('true')
    expect(normalizeDefault('current_timestamp')).toBe('CURRENT_TIMESTAMP')
    expect(normalizeDefault("('x')")).toBe("'x'")
    expect(normalizeModelDefault('now()')).toBe('CURRENT_TIMESTAMP')
  })

  it('knows which defaults ADD COLUMN accepts', () => {
    expect(isConstantDefault("'a'")).toBe(true)
    expect(isConstantDefault('-1')).toBe(true)
    expect(isConstantDefault('CURRENT_TIMESTAMP')).toBe(false)
    expect(isConstantDefault('lower(x)')).toBe(false)
  })
})
