import { describe, it, expect } from 'vitest'
import {
  bigint, bigserial, boolean, bytea, char, check, ColumnRef, columnRef, customType, date, doublePrecision, enumColumn,
  enumType, foreignKey, index, indexExpression, integer, isSqlFragment, json, jsonb, ModelError, numeric, primaryKey, real, serial,
  smallint, sql, sqlLiteral, table, text, time, timestamp, unique, uniqueIndex, uuid, varchar,
} from '../src/model/index.js'
import { columnWithConstraints } from '../src/model/build-column.js'
import { buildTableIR } from '../src/model/build-table.js'
import { modelFromModules } from '../src/model/load-model.js'
import { indexExpressionName } from '../src/model/pg-names.js'
import type { ColumnIR } from '../src/schema/ir.js'

function col(name: string, fields: Partial<ColumnIR> & Pick<ColumnIR, 'type'>): ColumnIR {
  return { name, nullable: true, default: null, comment: null, identity: null, generated: null, autoIncrement: false, ...fields }
}

describe('SPEC §3 example', () => {
  const mood = enumType('mood', ['happy', 'sad'])
  const users = table('users', {
    id: serial().primaryKey(),
    email: varchar(255).notNull().unique(),
    full_name: varchar(255),
    is_active: boolean().notNull().default(true),
    mood: mood(),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  })
  const posts = table('posts', {
    id: serial().primaryKey(),
    title: varchar(255).notNull(),
    content: text().notNull(),
    author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
    price: numeric(10, 2).default('0'),
  }, (t) => [
    index('ix_posts_author_id').on(t.author_id),
    uniqueIndex('ux_posts_title_lower').on(sql`lower(title)`).where(sql`price > 0`),
    check('ck_posts_price', sql`price >= 0`),
  ], { schema: undefined, comment: 'blog posts' })

  it('builds the users table', () => {
    expect(buildTableIR(users)).toEqual({
      name: 'users',
      columns: [
        col('id', { type: { kind: 'integer' }, nullable: false, autoIncrement: true }),
        col('email', { type: { kind: 'varchar', length: 255 }, nullable: false }),
        col('full_name', { type: { kind: 'varchar', length: 255 } }),
        col('is_active', { type: { kind: 'boolean' }, nullable: false, default: 'true' }),
        col('mood', { type: { kind: 'enum', name: 'mood' } }),
        col('created_at', { type: { kind: 'timestamp', withTimezone: true }, nullable: false, default: 'now()' }),
      ],
      primaryKey: { name: 'users_pkey', columns: ['id'] },
      indexes: [],
      uniques: [{ name: 'users_email_key', columns: ['email'] }],
      checks: [],
      foreignKeys: [],
      comment: null,
    })
  })

  it('builds the posts table with its extras', () => {
    expect(buildTableIR(posts)).toEqual({
      name: 'posts',
      columns: [
        col('id', { type: { kind: 'integer' }, nullable: false, autoIncrement: true }),
        col('title', { type: { kind: 'varchar', length: 255 }, nullable: false }),
        col('content', { type: { kind: 'text' }, nullable: false }),
        col('author_id', { type: { kind: 'integer' }, nullable: false }),
        col('price', { type: { kind: 'numeric', precision: 10, scale: 2 }, default: "'0'" }),
      ],
      primaryKey: { name: 'posts_pkey', columns: ['id'] },
      indexes: [
        {
          name: 'ix_posts_author_id', unique: false, elements: [{ column: 'author_id', desc: false, nulls: null }],
          where: null, using: null, include: [],
        },
        {
          name: 'ux_posts_title_lower', unique: true, elements: [{ expression: 'lower(title)', desc: false, nulls: null }],
          where: 'price > 0', using: null, include: [],
        },
      ],
      uniques: [],
      checks: [{ name: 'ck_posts_price', expression: 'price >= 0' }],
      foreignKeys: [{
        name: 'posts_author_id_fkey', columns: ['author_id'], references: { table: 'users', columns: ['id'] },
        onDelete: 'cascade', onUpdate: 'no action', deferrable: null,
      }],
      comment: 'blog posts',
    })
  })

  it('collects tables and enums from module namespaces', () => {
    const model = modelFromModules([{ mood, users, posts, notATable: { name: 'x', columns: {} } }])
    expect(model.tables.map((t) => t.name)).toEqual(['users', 'posts'])
    expect(model.enums).toEqual([{ name: 'mood', values: ['happy', 'sad'] }])
  })

  it('exposes enum metadata on the callable', () => {
    expect(mood.name).toBe('mood')
    expect(mood.values).toEqual(['happy', 'sad'])
    expect(mood.schema).toBeUndefined()
    expect(Object.keys(users)).toEqual(['id', 'email', 'full_name', 'is_active', 'mood', 'created_at'])
  })
})

describe('column types and modifiers', () => {
  it('maps every builder to its IR type', () => {
    const t = table('all_types', {
      a: integer(), b: bigint(), c: smallint(), d: bigserial(), e: varchar(), f: char(3), g: text(), h: boolean(),
      i: timestamp({ precision: 3 }), j: date(), k: time({ withTimezone: true }), l: numeric(), m: numeric(8), n: real(),
      o: doublePrecision(), p: json(), q: jsonb(), r: uuid(), s: bytea(), u: customType('TSVECTOR'),
      v: enumColumn('status', { schema: 'app' }),
    })
    expect(buildTableIR(t).columns.map((c) => c.type)).toEqual([
      { kind: 'integer' }, { kind: 'bigint' }, { kind: 'smallint' }, { kind: 'bigint' }, { kind: 'varchar' },
      { kind: 'char', length: 3 }, { kind: 'text' }, { kind: 'boolean' },
      { kind: 'timestamp', withTimezone: false, precision: 3 }, { kind: 'date' }, { kind: 'time', withTimezone: true },
      { kind: 'numeric' }, { kind: 'numeric', precision: 8 }, { kind: 'real' }, { kind: 'doublePrecision' },
      { kind: 'json' }, { kind: 'jsonb' }, { kind: 'uuid' }, { kind: 'bytea' }, { kind: 'custom', sql: 'tsvector' },
      { kind: 'enum', name: 'status', schema: 'app' },
    ])
    expect(buildTableIR(t).columns[3]).toMatchObject({ autoIncrement: true, nullable: false })
  })

  it('stores comment, identity, generated and JS defaults', () => {
    const t = table('things', {
      id: bigint().identity({ always: true }),
      n: integer().identity(),
      price: numeric(10, 2).notNull(),
      doubled: numeric(12, 2).generated(sql`price * 2`),
      note: text().comment('free text').default("it's"),
      data: jsonb().default({ a: [1, 'b'] }),
      at: timestamp().default(new Date('2020-01-02T03:04:05Z')),
      big: bigint().default(12n),
    })
    const columns = buildTableIR(t).columns
    expect(columns[0]).toEqual(col('id', { type: { kind: 'bigint' }, nullable: false, identity: { always: true } }))
    expect(columns[1]).toEqual(col('n', { type: { kind: 'integer' }, nullable: false, identity: { always: false } }))
    expect(columns[3]).toEqual(col('doubled', { type: { kind: 'numeric', precision: 12, scale: 2 }, generated: 'price * 2' }))
    expect(columns[4]).toEqual(col('note', { type: { kind: 'text' }, comment: 'free text', default: "'it''s'" }))
    expect(columns.slice(5).map((c) => c.default)).toEqual([`'{"a":[1,"b"]}'`, "'2020-01-02T03:04:05.000Z'", '12'])
  })

  it('keeps builders immutable so one builder serves two tables', () => {
    const base = varchar(50)
    const strict = base.notNull()
    const a = table('a', { code: base.unique(), other: strict })
    const b = table('b', { code: base })
    expect(buildTableIR(a).columns.map((c) => c.nullable)).toEqual([true, false])
    expect(buildTableIR(a).uniques).toEqual([{ name: 'a_code_key', columns: ['code'] }])
    expect(buildTableIR(b).uniques).toEqual([])
    expect(a.code).not.toBe(b.code)
    expect(a.code.table).toEqual({ name: 'a' })
  })

  it('rejects contradictory modifiers', () => {
    expect(() => buildTableIR(table('t', { id: integer().identity().default(1) }))).toThrow(
      'table t, column id: an identity column cannot have a default',
    )
    expect(() => buildTableIR(table('t', { id: serial().default(1) }))).toThrow(ModelError)
    expect(() => numeric(undefined, 2)).toThrow('numeric scale needs a precision')
    expect(() => varchar(0)).toThrow(ModelError)
  })
})

describe('names PostgreSQL would give', () => {
  it('names unnamed constraints and indexes', () => {
    const members = table('members', {
      org_id: integer(),
      user_id: integer(),
      title: text(),
      created_at: timestamp(),
    }, (t) => [
      primaryKey(t.org_id, t.user_id),
      unique().on(t.org_id, t.title),
      index().on(t.created_at.desc().nullsLast(), t.user_id),
      index().on(sql`lower(${t.title})`),
      index().on(sql`${t.org_id} + ${t.user_id}`),
      index().on(sql`lower(title)`, sql`upper(title)::text`, sql`lower(title)`).using('GIN').include(t.created_at),
      foreignKey({ columns: [t.org_id, t.user_id], foreignTable: { schema: 'auth', name: 'accounts' }, foreignColumns: ['org', 'id'] }),
    ])
    const ir = buildTableIR(members)
    expect(ir.primaryKey).toEqual({ name: 'members_pkey', columns: ['org_id', 'user_id'] })
    // Primary-key columns are NOT NULL in the database, hence in the model.
    expect(ir.columns.map((c) => c.nullable)).toEqual([false, false, true, true])
    expect(ir.uniques).toEqual([{ name: 'members_org_id_title_key', columns: ['org_id', 'title'] }])
    expect(ir.indexes.map((i) => i.name)).toEqual([
      'members_created_at_user_id_idx',
      'members_lower_idx',
      'members_expr_idx',
      'members_lower_upper_lower1_idx',
    ])
    expect(ir.indexes[0].elements).toEqual([
      { column: 'created_at', desc: true, nulls: 'last' },
      { column: 'user_id', desc: false, nulls: null },
    ])
    expect(ir.indexes[1].elements).toEqual([{ expression: 'lower("title")', desc: false, nulls: null }])
    expect(ir.indexes[3]).toMatchObject({ using: 'gin', include: ['created_at'] })
    expect(ir.foreignKeys).toEqual([{
      name: 'members_org_id_user_id_fkey', columns: ['org_id', 'user_id'],
      references: { schema: 'auth', table: 'accounts', columns: ['org', 'id'] },
      onDelete: 'no action', onUpdate: 'no action', deferrable: null,
    }])
  })

  it('accepts a primary key name and index elements with an order', () => {
    const t = table('events', { at: timestamp(), kind: text() }, (t) => [
      primaryKey({ name: 'pk_events' }, t.at, t.kind),
      index().on(indexExpression(sql`lower(kind)`).desc(), columnRef('at').asc().nullsFirst()),
    ])
    const ir = buildTableIR(t)
    expect(ir.primaryKey).toEqual({ name: 'pk_events', columns: ['at', 'kind'] })
    expect(ir.indexes[0].elements).toEqual([
      { expression: 'lower(kind)', desc: true, nulls: null },
      { column: 'at', desc: false, nulls: 'first' },
    ])
    expect(ir.indexes[0].name).toBe('events_lower_at_idx')
    const drizzleStyle = table('e2', { a: integer() }, (t) => ({ pk: primaryKey({ name: 'pk_e2', columns: [t.a] }) }))
    expect(buildTableIR(drizzleStyle).primaryKey).toEqual({ name: 'pk_e2', columns: ['a'] })
  })

  // The expected names below are what PostgreSQL 15 reported for the same DDL with no names given.
  it('truncates long names to 63 bytes the way PostgreSQL does', () => {
    const longTable = 'a_rather_long_table_name_for_testing_identifier_truncation'
    const t = table(longTable, {
      a_very_long_column_name_that_will_need_truncation_too: integer().unique(),
      id: integer().primaryKey(),
      c: integer().references(() => columnRef('id', longTable)),
    })
    const ir = buildTableIR(t)
    expect(ir.uniques[0].name).toBe('a_rather_long_table_name_for__a_very_long_column_name_that__key')
    expect(ir.primaryKey?.name).toBe('a_rather_long_table_name_for_testing_identifier_truncation_pkey')
    expect(ir.foreignKeys[0].name).toBe('a_rather_long_table_name_for_testing_identifier_truncati_c_fkey')
    const multibyte = table('ÄÖÜäöüß'.repeat(5), { ['ÄÖÜäöüß'.repeat(4)]: integer().unique() })
    expect(buildTableIR(multibyte).uniques[0].name).toBe('ÄÖÜäöüßÄÖÜäöüß_ÄÖÜäöüßÄÖÜäöüß_key')
  })

  it('names expression index elements like FigureIndexColname', () => {
    const cases: [string, string][] = [
      ['lower(title)', 'lower'],
      ['(lower(title)::text)', 'lower'],
      ['title::text', 'title'],
      ['"Weird"', 'Weird'],
      ['LOWER("Weird")', 'lower'],
      ['pg_catalog.upper(title) collate "C"', 'upper'],
      ['case when org_id > 0 then 1 else 0 end', 'case'],
      ["coalesce(title, 'x')", 'coalesce'],
      ['"Weird" || title', 'expr'],
      ["'x'::text || title", 'expr'],
      ['org_id + user_id', 'expr'],
      ['lower(a) || upper(b)', 'expr'],
    ]
    for (const [expression, name] of cases) expect([expression, indexExpressionName(expression)]).toEqual([expression, name])
  })
})

describe('references', () => {
  it('resolves self-references and mutual references lazily', () => {
    const categories = table('categories', {
      id: serial().primaryKey(),
      parent_id: integer().references((): ColumnRef => categories.id, { onDelete: 'set null', name: 'fk_parent' }),
    })
    const employees = table('employees', {
      id: integer().primaryKey(),
      team_id: integer().references((): ColumnRef => teams.id, { deferrable: 'initially deferred' }),
    })
    const teams = table('teams', {
      id: integer().primaryKey(),
      lead_id: integer().references(() => employees.id, { onUpdate: 'cascade' }),
    }, (t) => [foreignKey({ name: 'fk_lead_again', columns: [t.lead_id], foreignColumns: [employees.id] })])
    expect(buildTableIR(categories).foreignKeys).toEqual([{
      name: 'fk_parent', columns: ['parent_id'], references: { table: 'categories', columns: ['id'] },
      onDelete: 'set null', onUpdate: 'no action', deferrable: null,
    }])
    expect(buildTableIR(employees).foreignKeys[0]).toMatchObject({
      name: 'employees_team_id_fkey', references: { table: 'teams', columns: ['id'] }, deferrable: 'initially deferred',
    })
    expect(buildTableIR(teams).foreignKeys.map((f) => [f.name, f.onUpdate])).toEqual([
      ['teams_lead_id_fkey', 'cascade'],
      ['fk_lead_again', 'no action'],
    ])
  })

  it('keeps the schema of the referenced table', () => {
    const accounts = table('accounts', { id: uuid().primaryKey() }, undefined, { schema: 'auth' })
    const sessions = table('sessions', { account_id: uuid().references(() => accounts.id) }, undefined, { schema: 'auth' })
    const ir = buildTableIR(sessions)
    expect(ir.schema).toBe('auth')
    expect(ir.foreignKeys[0].references).toEqual({ schema: 'auth', table: 'accounts', columns: ['id'] })
  })

  it('turns a standalone column into its column and implied constraints', () => {
    const builder = integer().primaryKey().unique('uq_x').references(() => columnRef('id', 'users'))
    expect(columnWithConstraints({ name: 'posts' }, 'x', builder)).toEqual({
      column: col('x', { type: { kind: 'integer' }, nullable: false }),
      constraints: [
        { type: 'primaryKey', name: 'posts_pkey', columns: ['x'] },
        { type: 'unique', name: 'uq_x', columns: ['x'] },
        {
          type: 'foreignKey', name: 'posts_x_fkey', columns: ['x'], references: { table: 'users', columns: ['id'] },
          onDelete: 'no action', onUpdate: 'no action', deferrable: null,
        },
      ],
    })
  })

  it('reports a reference to a table without a name', () => {
    const t = table('t', { a: integer().references(() => columnRef('id')) })
    expect(() => buildTableIR(t)).toThrow('table t, column a: .references() target id names no table')
  })
})

describe('model errors', () => {
  it('rejects two primary keys, unknown columns, foreign columns and duplicate names', () => {
    const users = table('users', { id: integer() })
    const cases: [() => unknown, string][] = [
      [() => table('t', { a: integer().primaryKey(), b: integer().primaryKey() }), 'table t: more than one primary key (a, b)'],
      [() => table('t', { a: integer().primaryKey() }, (t) => [primaryKey(t.a)]), 'more than one primary key'],
      [() => table('t', { a: integer() }, () => [index('ix').on('nope')]), 'table t: index ix names unknown column nope'],
      [() => table('t', { a: integer() }, () => [index('ix').on(users.id)]), 'index ix uses column id of table users'],
      [() => table('t', { a: integer() }, () => [index('ix')]), 'table t: index ix has no columns'],
      [() => table('t', { a: integer().unique('x') }, (t) => [index('x').on(t.a)]), 'table t: the name x is used twice'],
      [() => table('t', { a: integer() }, (t) => [foreignKey({ columns: [t.a], foreignColumns: ['id'] })]), 'needs foreignTable'],
      [() => table('t', { a: integer() }, () => [{} as never]), 'not an index or constraint'],
    ]
    for (const [build, message] of cases) {
      expect(() => buildTableIR(build() as ReturnType<typeof table>)).toThrow(message)
    }
    expect(() => table('t', { a: 'integer' as never })).toThrow('table t: column a is not a column builder')
  })

  it('rejects two different tables with the same name, but not one table exported twice', () => {
    const a1 = table('a', { id: integer() })
    const a2 = table('a', { id: text() })
    expect(modelFromModules([{ a1, default: a1 }, { a1 }]).tables).toHaveLength(1)
    expect(() => modelFromModules([{ a1 }, { a2 }])).toThrow('table a is defined twice in the model')
    const inSchema = table('a', { id: integer() }, undefined, { schema: 'other' })
    expect(modelFromModules([{ a1, inSchema }]).tables.map((t) => t.schema)).toEqual([undefined, 'other'])
  })

  it('includes enums used but not exported, once, and rejects conflicting definitions', () => {
    const status = enumType('status', ['on', 'off'], { schema: 'app' })
    const things = table('things', { a: status(), b: status().notNull(), c: enumColumn('elsewhere') })
    expect(modelFromModules([{ things }]).enums).toEqual([{ schema: 'app', name: 'status', values: ['on', 'off'] }])
    const other = enumType('status', ['on'], { schema: 'app' })
    expect(() => modelFromModules([{ things, other }])).toThrow('enum app.status is defined twice with different values')
    expect(() => enumType('e', ['x', 'x'])).toThrow("enum e: value 'x' appears twice")
  })
})

describe('sql', () => {
  const t = table('quotes', { email: text(), 'we"ird': text() })

  it('interpolates fragments, columns and literals', () => {
    expect(sql`${t.email} = ${"it's"} and ${t['we"ird']} > ${1.5} and ${sql`now()`} and ${true} and ${10n} and ${null}`.sql).toBe(
      `"email" = 'it''s' and "we""ird" > 1.5 and now() and true and 10 and NULL`,
    )
    expect(sql.raw('a + b').sql).toBe('a + b')
    expect(isSqlFragment(sql`plain`)).toBe(true)
    expect(isSqlFragment({ sql: 'plain' })).toBe(false)
  })

  it('rejects a column builder outside a table and unsupported values', () => {
    expect(() => sql`${text() as never}`).toThrow('belongs to no table')
    expect(() => sql`${[1, 2] as never}`).toThrow('only sql fragments')
    expect(() => sql`${Number.NaN}`).toThrow(ModelError)
  })

  it('writes JS values as SQL literals', () => {
    expect(sqlLiteral(false)).toBe('false')
    expect(sqlLiteral(-3)).toBe('-3')
    expect(sqlLiteral(2n ** 70n)).toBe('1180591620717411303424')
    expect(sqlLiteral('o\'k')).toBe("'o''k'")
    expect(sqlLiteral(new Date('2024-05-06T07:08:09.010Z'))).toBe("'2024-05-06T07:08:09.010Z'")
    expect(sqlLiteral([1, { a: "b'" }])).toBe(`'[1,{"a":"b''"}]'`)
    expect(sqlLiteral(sql`now()`)).toBe('now()')
    expect(() => sqlLiteral(Buffer.from('x'))).toThrow(ModelError)
    expect(() => sqlLiteral(undefined)).toThrow(ModelError)
  })
})
