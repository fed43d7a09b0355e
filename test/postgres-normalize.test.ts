import { describe, expect, it } from 'vitest'
import {
  normalizePostgresColumnType,
  normalizePostgresDefault,
  normalizePostgresExpression,
  normalizePostgresModelWith,
} from '../src/dialects/postgres/normalize/normalize.js'
import { expressionContextOf } from '../src/dialects/postgres/normalize/normalize-table.js'
import { parsePostgresType, postgresTypeSpelling } from '../src/dialects/postgres/normalize/parse-type.js'
import { tokenizeSql } from '../src/dialects/postgres/expression/sql-tokens.js'
import { canonicalJsonbText } from '../src/dialects/postgres/normalize/jsonb-text.js'
import { postgresObjectName, quotePostgresIdentifier, truncatePostgresIdentifier } from '../src/dialects/postgres/identifiers.js'
import type { ColumnIR, ColumnType, SchemaIR, TableIR } from '../src/schema/ir.js'

function column(name: string, type: ColumnType, extra: Partial<ColumnIR> = {}): ColumnIR {
  return { name, type, nullable: true, default: null, comment: null, identity: null, generated: null, autoIncrement: false, ...extra }
}

function table(extra: Partial<TableIR> & Pick<TableIR, 'name'>): TableIR {
  return { columns: [], primaryKey: null, indexes: [], uniques: [], checks: [], foreignKeys: [], comment: null, ...extra }
}

const ctx = expressionContextOf([
  column('email', { kind: 'varchar', length: 255 }),
  column('code', { kind: 'char', length: 3 }),
  column('body', { kind: 'text' }),
  column('price', { kind: 'numeric', precision: 10, scale: 2 }),
  column('n', { kind: 'integer' }),
  column('mood', { kind: 'enum', name: 'mood' }),
])
const expr = (text: string) => normalizePostgresExpression(text, ctx)

describe('tokenizeSql', () => {
  it('keeps string literals, quoted identifiers and dollar quotes intact', () => {
    expect(tokenizeSql(`"Mixed Case" = 'It''s AND' || $x$ raw 'text' $x$`)).toEqual([
      { kind: 'qident', value: 'Mixed Case' },
      { kind: 'op', value: '=' },
      { kind: 'string', value: "It's AND", raw: "'It''s AND'" },
      { kind: 'op', value: '||' },
      { kind: 'verbatim', raw: "$x$ raw 'text' $x$" },
    ])
  })

  it('decodes E strings, drops comments, folds unquoted words', () => {
    expect(tokenizeSql("E'a\\nb\\'c' -- note\n /* a /* nested */ comment */ ABC")).toEqual([
      { kind: 'string', value: "a\nb'c", raw: "'a\nb''c'" },
      { kind: 'word', value: 'abc' },
    ])
  })

  it('splits operators the way PostgreSQL does', () => {
    expect(tokenizeSql('a>-1').map((t) => ('value' in t ? t.value : t.raw))).toEqual(['a', '>', '-', '1'])
    expect(tokenizeSql("j->>'k'").map((t) => ('value' in t ? t.value : t.raw))).toEqual(['j', '->>', 'k'])
    expect(tokenizeSql('x::numeric(10,2)[]').map((t) => ('value' in t ? t.value : t.raw))).toEqual(
      ['x', '::', 'numeric', '(', '10', ',', '2', ')', '[', ']'],
    )
  })
})

describe('normalizePostgresExpression', () => {
  it('canonicalizes whitespace and keyword case but never string contents', () => {
    expect(expr("  price>0   and\n body  <>  'Hello  AND  World'")).toBe("price > 0 AND body <> 'Hello  AND  World'")
    expect(expr('EMAIL IS NOT NULL')).toBe('email IS NOT NULL')
  })

  it('types a column by its own context, also a quoted name with a quote in it (the memo tells the contexts apart)', () => {
    const context = (type: ColumnType) => ({ columns: new Map([['a"b', type]]) })
    expect(normalizePostgresExpression('"a""b" * 1.5 > 2', context({ kind: 'integer' }))).toBe('("a""b"::numeric * 1.5) > 2')
    expect(normalizePostgresExpression('"a""b" * 1.5 > 2', context({ kind: 'numeric' }))).toBe('("a""b" * 1.5) > 2')
  })

  it('folds only ASCII letters, as PostgreSQL does', () => {
    expect(expr('Ünïcode = "Ünïcode"')).toBe('"Ünïcode" = "Ünïcode"')
    expect(expr('"a$b" IS NULL')).toBe('"a$b" IS NULL')
  })

  it('removes quotes only where an identifier does not need them', () => {
    expect(expr('"email" <> \'\'')).toBe("email <> ''")
    expect(expr('"Email" <> \'\'')).toBe('"Email" <> \'\'')
    expect(expr('"user" IS NULL')).toBe('"user" IS NULL')
    expect(expr('"order by" IS NULL')).toBe('"order by" IS NULL')
  })

  it('drops the casts PostgreSQL adds by itself', () => {
    expect(expr('lower(email::text)')).toBe('lower(email)')
    expect(expr('lower((email)::text)')).toBe('lower(email)')
    expect(expr("lower(code::text) <> 'abc'::text")).toBe("lower(code) <> 'abc'")
    expect(expr('price >= (0)::numeric')).toBe('price >= 0')
    expect(expr("n > '-1'::integer")).toBe('n > -1')
    expect(expr("mood <> 'sad'::mood")).toBe("mood <> 'sad'")
    // next to a text column, a literal is text anyway
    expect(expr("'{1}'::text || body")).toBe("'{1}' || body")
    expect(expr("email::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])")).toBe(
      "email = ANY (ARRAY['a', 'b'])",
    )
  })

  it('keeps casts that change meaning', () => {
    expect(expr('n::text <> \'1\'')).toBe("n::text <> '1'")
    // next to an array, '{1}' would be an array
    expect(expr("'{1}'::text || tags")).toBe("'{1}'::text || tags")
    expect(expr('1 / 2::numeric > 0')).toBe('(1 / 2::numeric) > 0')
    expect(expr("lower('X'::text) = body")).toBe("lower('X'::text) = body")
    expect(expr('email::varchar(3) = body')).toBe('email::character varying(3) = body')
  })

  it('rewrites spellings PostgreSQL rewrites', () => {
    expect(expr("body in ('a', 'b')")).toBe("body = ANY (ARRAY['a', 'b'])")
    expect(expr("body not in ('a', 'b')")).toBe("body <> ALL (ARRAY['a', 'b'])")
    expect(expr("body in ('a')")).toBe("body = 'a'")
    expect(expr('n between 1 and 5')).toBe('n >= 1 AND n <= 5')
    expect(expr("body like 'a%' and body not ilike 'b%'")).toBe("body ~~ 'a%' AND body !~~* 'b%'")
    expect(expr('n != 1')).toBe('n <> 1')
    expect(expr('cast(n as varchar) = body')).toBe('n::character varying = body')
    expect(expr("nextval('seq')")).toBe("nextval('seq'::regclass)")
    expect(expr('now()')).toBe('CURRENT_TIMESTAMP')
  })

  it('parenthesizes like pg_get_expr(…, true)', () => {
    expect(expr('((n > 0))')).toBe('n > 0')
    expect(expr('n + 1 > n')).toBe('(n + 1) > n')
    expect(expr('(n * 2) + 1 = 3')).toBe('(n * 2 + 1) = 3')
    expect(expr('n - (n - 1) = 1')).toBe('(n - (n - 1)) = 1')
    expect(expr('(a and b) or c')).toBe('a AND b OR c')
    expect(expr('a and (b or c)')).toBe('a AND (b OR c)')
    expect(expr('not (n = 1)')).toBe('NOT n = 1')
    expect(expr("n > 0 and body in ('a', 'b')")).toBe("n > 0 AND (body = ANY (ARRAY['a', 'b']))")
    expect(expr('-(n + 1) < 0')).toBe('(- (n + 1)) < 0')
    expect(expr('(n + 1)::text = body')).toBe('((n + 1)::text) = body')
  })

  it('writes the numeric casts PostgreSQL adds to mixed-type operands, and no casts on constants', () => {
    expect(expr('n + 1 > price')).toBe('(n + 1)::numeric > price')
    expect(expr('price * n > 0')).toBe('(price * n::numeric) > 0')
    expect(expr('price * n::numeric > 0::numeric')).toBe('(price * n::numeric) > 0')
    expect(expr('coalesce(n, 1.5) > 0')).toBe('COALESCE(n::numeric, 1.5) > 0')
    expect(expr('n::numeric / n > 1')).toBe('(n::numeric / n::numeric) > 1')
    expect(expr('n / n::numeric > 1')).toBe('(n::numeric / n::numeric) > 1')
    expect(expr('1::numeric % -2.5 > 0')).toBe('(1 % -2.5) > 0')
    expect(expr('-(-2.5) > -(0)')).toBe('2.5 > 0')
    // an explicit narrowing cast is the author's, not PostgreSQL's
    expect(expr('n > 1.5::integer')).toBe('n > 1.5::integer')
  })

  it('leaves what it cannot parse alone, apart from spacing', () => {
    expect(expr('exists (select 1 from t where t.x = n)')).toBe('EXISTS (select 1 FROM t where t.x = n)')
    expect(normalizePostgresExpression("body = 'unterminated")).toBe("body = 'unterminated")
  })
})

describe('normalizePostgresDefault', () => {
  const def = (text: string | null, type: ColumnType) => normalizePostgresDefault(text, type, ctx)

  it('strips a literal cast to the column type', () => {
    expect(def("'x'::character varying", { kind: 'varchar', length: 20 })).toBe("'x'")
    expect(def("'x'::text", { kind: 'varchar', length: 20 })).toBe("'x'")
    expect(def("'x'::text::character varying", { kind: 'varchar' })).toBe("'x'")
    expect(def("'ab'::bpchar", { kind: 'char', length: 3 })).toBe("'ab'")
    expect(def("'happy'::mood", { kind: 'enum', name: 'mood' })).toBe("'happy'")
    expect(def("'happy'::other.mood", { kind: 'enum', name: 'mood', schema: 'other' })).toBe("'happy'")
    expect(def("'{}'::character varying[]", { kind: 'custom', sql: 'character varying(10)[]' })).toBe("'{}'")
    expect(def("'1 day'::interval", { kind: 'custom', sql: 'interval' })).toBe("'1 day'")
  })

  it('keeps a cast to another type', () => {
    expect(def("'x'::text", { kind: 'jsonb' })).toBe("'x'::text")
    expect(def("'2020-01-01'::date", { kind: 'timestamp', withTimezone: false })).toBe("'2020-01-01'::date")
  })

  it('spells numbers, booleans and jsonb one way', () => {
    expect(def("'0'::numeric", { kind: 'numeric', precision: 10, scale: 2 })).toBe('0')
    expect(def('0', { kind: 'numeric' })).toBe('0')
    expect(def("'-1'::integer", { kind: 'integer' })).toBe('-1')
    expect(def('-1', { kind: 'integer' })).toBe('-1')
    expect(def("'t'", { kind: 'boolean' })).toBe('true')
    expect(def("'off'::boolean", { kind: 'boolean' })).toBe('false')
    expect(def('TRUE', { kind: 'boolean' })).toBe('true')
    expect(def('\'{"b":1,"a":[1, 2.0]}\'', { kind: 'jsonb' })).toBe('\'{"a": [1, 2.0], "b": 1}\'')
    expect(def('\'{"b":1}\'', { kind: 'json' })).toBe('\'{"b":1}\'')
  })

  it('treats NULL as no default and now() as CURRENT_TIMESTAMP', () => {
    expect(def('NULL', { kind: 'text' })).toBeNull()
    expect(def('null::text', { kind: 'text' })).toBeNull()
    expect(def(null, { kind: 'text' })).toBeNull()
    expect(def('now()', { kind: 'timestamp', withTimezone: true })).toBe('CURRENT_TIMESTAMP')
    expect(def('current_timestamp', { kind: 'timestamp', withTimezone: true })).toBe('CURRENT_TIMESTAMP')
    expect(def('(1 + 2)', { kind: 'integer' })).toBe('1 + 2')
  })
})

describe('types', () => {
  it('parses synonyms into the IR', () => {
    expect(parsePostgresType('int4')).toEqual({ kind: 'integer' })
    expect(parsePostgresType('INT8')).toEqual({ kind: 'bigint' })
    expect(parsePostgresType('character varying(20)')).toEqual({ kind: 'varchar', length: 20 })
    expect(parsePostgresType('varchar')).toEqual({ kind: 'varchar' })
    expect(parsePostgresType('character(1)')).toEqual({ kind: 'char', length: 1 })
    expect(parsePostgresType('char')).toEqual({ kind: 'char', length: 1 })
    expect(parsePostgresType('numeric(10,2)')).toEqual({ kind: 'numeric', precision: 10, scale: 2 })
    expect(parsePostgresType('decimal(10)')).toEqual({ kind: 'numeric', precision: 10, scale: 0 })
    expect(parsePostgresType('timestamp(3) with time zone')).toEqual({ kind: 'timestamp', withTimezone: true, precision: 3 })
    expect(parsePostgresType('timestamptz')).toEqual({ kind: 'timestamp', withTimezone: true })
    expect(parsePostgresType('time without time zone')).toEqual({ kind: 'time', withTimezone: false })
    expect(parsePostgresType('float8')).toEqual({ kind: 'doublePrecision' })
    expect(parsePostgresType('float(10)')).toEqual({ kind: 'real' })
    expect(parsePostgresType('bool')).toEqual({ kind: 'boolean' })
  })

  it('keeps other types custom, in format_type spelling', () => {
    expect(parsePostgresType('varchar(20)[]')).toEqual({ kind: 'custom', sql: 'character varying(20)[]' })
    expect(parsePostgresType('int[3]')).toEqual({ kind: 'custom', sql: 'integer[]' })
    expect(parsePostgresType('TSVECTOR')).toEqual({ kind: 'custom', sql: 'tsvector' })
    expect(parsePostgresType('"char"')).toEqual({ kind: 'custom', sql: '"char"' })
    expect(parsePostgresType('public."MyType"')).toEqual({ kind: 'custom', sql: 'public."MyType"' })
  })

  it('normalizes column types', () => {
    const opts = { currentSchema: 'public' }
    expect(normalizePostgresColumnType({ kind: 'custom', sql: 'int4' }, opts)).toEqual({ kind: 'integer' })
    expect(normalizePostgresColumnType({ kind: 'numeric', precision: 8 }, opts)).toEqual({ kind: 'numeric', precision: 8, scale: 0 })
    expect(normalizePostgresColumnType({ kind: 'timestamp', withTimezone: false, precision: 6 }, opts)).toEqual({
      kind: 'timestamp',
      withTimezone: false,
    })
    expect(normalizePostgresColumnType({ kind: 'enum', name: 'mood', schema: 'public' }, opts)).toEqual({ kind: 'enum', name: 'mood' })
    expect(normalizePostgresColumnType({ kind: 'enum', name: 'mood', schema: 'app' }, opts)).toEqual({
      kind: 'enum',
      name: 'mood',
      schema: 'app',
    })
  })

  it('spells types as format_type does', () => {
    expect(postgresTypeSpelling({ kind: 'varchar', length: 5 })).toBe('character varying(5)')
    expect(postgresTypeSpelling({ kind: 'timestamp', withTimezone: true, precision: 3 })).toBe('timestamp(3) with time zone')
    expect(postgresTypeSpelling({ kind: 'enum', name: 'Mood', schema: 'app' })).toBe('app."Mood"')
  })
})

describe('identifiers', () => {
  it('quotes, truncates and names like PostgreSQL', () => {
    expect(quotePostgresIdentifier('a"b')).toBe('"a""b"')
    expect(truncatePostgresIdentifier('x'.repeat(70))).toBe('x'.repeat(63))
    // 31 two-byte characters are 62 bytes; the 32nd would not fit.
    expect(truncatePostgresIdentifier('é'.repeat(40))).toBe('é'.repeat(31))
    expect(postgresObjectName('users', null, 'pkey')).toBe('users_pkey')
    expect(postgresObjectName('t'.repeat(60), 'c'.repeat(10), 'fkey')).toBe(`${'t'.repeat(47)}_${'c'.repeat(10)}_fkey`)
  })
})

describe('canonicalJsonbText', () => {
  it('prints jsonb as jsonb_out does', () => {
    expect(canonicalJsonbText('{"bb": 1, "a": {"y":[true,null], "x":"é\\n"}, "a": 2}')).toBe('{"a": 2, "bb": 1}')
    expect(canonicalJsonbText('[ ]')).toBe('[]')
    expect(canonicalJsonbText('1e3')).toBeNull()
    expect(canonicalJsonbText('{bad}')).toBeNull()
  })
})

describe('normalizePostgresModelWith', () => {
  const model: SchemaIR = {
    enums: [{ schema: 'public', name: 'mood', values: ['a', 'b'] }],
    tables: [
      table({
        schema: 'public',
        name: 'users',
        columns: [
          column('id', { kind: 'integer' }, { autoIncrement: true, default: "nextval('users_id_seq'::regclass)", nullable: true }),
          column('code', { kind: 'char' }, { default: "'ab'::bpchar", comment: '' }),
          column('mood', { kind: 'enum', name: 'mood', schema: 'public' }, { default: "'a'::mood" }),
          column('seen', { kind: 'timestamp', withTimezone: true, precision: 6 }, { default: 'now()' }),
          column('v', { kind: 'bigint' }, { identity: { always: true }, nullable: true }),
          column('c'.repeat(70), { kind: 'text' }),
        ],
        primaryKey: { name: null, columns: ['id'] },
        indexes: [
          {
            name: 'ix',
            unique: false,
            elements: [
              { expression: '"code"', desc: false, nulls: 'last' },
              { column: 'seen', desc: true, nulls: 'first' },
              { expression: 'lower(code)', desc: true, nulls: 'last' },
            ],
            where: '(seen IS NOT NULL)',
            using: 'BTREE',
            include: [],
          },
        ],
        checks: [{ name: 'ck', expression: "(code <> 'x'::bpchar)" }],
        foreignKeys: [
          {
            name: 'fk',
            columns: ['id'],
            references: { schema: 'public', table: 'other', columns: ['id'] },
            onDelete: 'cascade',
            onUpdate: 'no action',
            deferrable: null,
          },
        ],
        comment: '',
      }),
    ],
  }

  it('produces what PostgreSQL would report', () => {
    const normalized = normalizePostgresModelWith(model, { currentSchema: 'public' })
    expect(normalized).toStrictEqual({
      enums: [{ name: 'mood', values: ['a', 'b'] }],
      tables: [
        {
          name: 'users',
          columns: [
            column('id', { kind: 'integer' }, { autoIncrement: true, nullable: false }),
            column('code', { kind: 'char', length: 1 }, { default: "'ab'" }),
            column('mood', { kind: 'enum', name: 'mood' }, { default: "'a'" }),
            column('seen', { kind: 'timestamp', withTimezone: true }, { default: 'CURRENT_TIMESTAMP' }),
            column('v', { kind: 'bigint' }, { identity: { always: true }, nullable: false }),
            column('c'.repeat(63), { kind: 'text' }),
          ],
          primaryKey: { name: 'users_pkey', columns: ['id'] },
          indexes: [
            {
              name: 'ix',
              unique: false,
              elements: [
                { column: 'code', desc: false, nulls: null },
                { column: 'seen', desc: true, nulls: null },
                { expression: 'lower(code)', desc: true, nulls: 'last' },
              ],
              where: 'seen IS NOT NULL',
              using: null,
              include: [],
            },
          ],
          uniques: [],
          checks: [{ name: 'ck', expression: "code <> 'x'" }],
          foreignKeys: [
            {
              name: 'fk',
              columns: ['id'],
              references: { table: 'other', columns: ['id'] },
              onDelete: 'cascade',
              onUpdate: 'no action',
              deferrable: null,
            },
          ],
          comment: null,
        },
      ],
    })
  })

  it('is idempotent', () => {
    const once = normalizePostgresModelWith(model, { currentSchema: 'public' })
    expect(normalizePostgresModelWith(once, { currentSchema: 'public' })).toStrictEqual(once)
  })

  it('keeps schemas other than the current one', () => {
    const normalized = normalizePostgresModelWith(model, { currentSchema: 'app' })
    expect(normalized.tables[0].schema).toBe('public')
    expect(normalized.enums[0].schema).toBe('public')
    expect(normalized.tables[0].columns[2].type).toEqual({ kind: 'enum', name: 'mood', schema: 'public' })
  })
})
