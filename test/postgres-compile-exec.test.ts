import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ColumnIR, ColumnType, TableIR } from '../src/schema/ir.js'
import { createTempDatabase, type TempDatabase } from './helpers/postgres-compile-db.js'

// Names with a space, quotes, capitals and unicode: every identifier must round-trip.
const schema = 'My Schema'
const users = { schema, name: 'Üsers' }
const events = { schema, name: 'we"ird events' }
const reg = (t: { schema: string; name: string }): string => `"${t.schema}"."${t.name.replaceAll('"', '""')}"`

function column(name: string, type: ColumnType, extra: Partial<ColumnIR> = {}): ColumnIR {
  return { name, type, nullable: true, default: null, comment: null, identity: null, generated: null, autoIncrement: false, ...extra }
}

const bare = { primaryKey: null, indexes: [], uniques: [], checks: [], foreignKeys: [], comment: null } as const

interface ColumnRow {
  readonly name: string
  readonly type: string
  readonly notnull: boolean
  readonly identity: string
  readonly generated: string
  readonly default: string | null
  readonly comment: string | null
}

let t: TempDatabase
beforeAll(async () => {
  t = await createTempDatabase()
  await t.query(`create schema "${schema}"`)
})
afterAll(async () => t?.drop())

async function columns(table: { schema: string; name: string }): Promise<ColumnRow[]> {
  return t.query<ColumnRow>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
            a.attidentity as identity, a.attgenerated as generated, pg_get_expr(d.adbin, d.adrelid) as default,
            col_description(a.attrelid, a.attnum) as comment
     from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [reg(table)],
  )
}

async function constraints(table: { schema: string; name: string }): Promise<Record<string, string>> {
  const rows = await t.query<{ conname: string; def: string }>(
    'select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1::regclass',
    [reg(table)],
  )
  return Object.fromEntries(rows.map((r) => [r.conname, r.def]))
}

async function indexes(table: { schema: string; name: string }): Promise<Record<string, string>> {
  const rows = await t.query<{ indexname: string; indexdef: string }>(
    'select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = $2',
    [table.schema, table.name],
  )
  return Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]))
}

describe('compiled PostgreSQL DDL runs on a real server', () => {
  it('creates an enum and tables with every column type and constraint kind', async () => {
    await t.run({ kind: 'createEnum', enum: { schema, name: 'Mood', values: ['happy', "it's ok"] } })
    const usersTable: TableIR = {
      ...users, ...bare,
      columns: [column('id', { kind: 'integer' }, { nullable: false, autoIncrement: true }), column('org', { kind: 'integer' }, { nullable: false, default: '1' })],
      primaryKey: { name: 'Üsers_pkey', columns: ['id', 'org'] },
    }
    await t.run({ kind: 'createTable', table: usersTable })
    const eventsTable: TableIR = {
      ...events,
      columns: [
        column('id', { kind: 'bigint' }, { nullable: false, autoIncrement: true }),
        column('seq', { kind: 'integer' }, { nullable: false, identity: { always: true } }),
        column('small', { kind: 'smallint' }, { nullable: false, identity: { always: false } }),
        column('user id', { kind: 'integer' }, { nullable: false, comment: "the user's id" }),
        column('org', { kind: 'integer' }, { nullable: false, default: '1' }),
        column('body', { kind: 'text' }, { default: "'it''s'" }),
        column('flag', { kind: 'boolean' }, { nullable: false, default: 'true' }),
        column('day', { kind: 'date' }),
        column('r', { kind: 'real' }),
        column('d', { kind: 'doublePrecision' }),
        column('j', { kind: 'json' }),
        column('jb', { kind: 'jsonb' }, { default: "'{}'::jsonb" }),
        column('u', { kind: 'uuid' }, { default: 'gen_random_uuid()' }),
        column('raw', { kind: 'bytea' }),
        column('email', { kind: 'varchar', length: 255 }),
        column('any_length', { kind: 'varchar' }),
        column('code', { kind: 'char', length: 3 }),
        column('price', { kind: 'numeric', precision: 10, scale: 2 }, { default: '0' }),
        column('ratio', { kind: 'numeric' }),
        column('at', { kind: 'timestamp', withTimezone: true, precision: 3 }, { nullable: false, default: 'now()' }),
        column('local_at', { kind: 'timestamp', withTimezone: false }),
        column('clock', { kind: 'time', withTimezone: true }),
        column('clock0', { kind: 'time', withTimezone: false, precision: 0 }),
        column('Mood', { kind: 'enum', name: 'Mood', schema }, { default: "'happy'" }),
        column('tags', { kind: 'custom', sql: 'integer[]' }),
        column('doc', { kind: 'custom', sql: 'tsvector' }),
        column('double_price', { kind: 'numeric' }, { generated: 'price * 2' }),
      ],
      primaryKey: { name: 'events_pkey', columns: ['id'] },
      uniques: [{ name: 'events_seq_small_key', columns: ['seq', 'small'] }],
      checks: [{ name: 'events_price_check', expression: 'price >= 0' }],
      foreignKeys: [
        {
          name: 'events_user_fkey', columns: ['user id', 'org'], references: { schema, table: 'Üsers', columns: ['id', 'org'] },
          onDelete: 'cascade', onUpdate: 'set default', deferrable: 'initially deferred',
        },
      ],
      indexes: [
        { name: 'ix_at', unique: false, elements: [{ column: 'at', desc: true, nulls: 'last' }, { column: 'Mood', desc: false, nulls: 'first' }], where: null, using: null, include: [] },
        { name: 'ux_lower_email', unique: true, elements: [{ expression: 'lower(email)', desc: false, nulls: null }], where: 'price > 0', using: null, include: ['code'] },
        { name: 'ix_doc', unique: false, elements: [{ column: 'doc', desc: false, nulls: null }], where: null, using: 'gin', include: [] },
      ],
      comment: "it's the events",
    }
    await t.run({ kind: 'createTable', table: eventsTable })

    const cols = await columns(events)
    expect(cols.map((c) => [c.name, c.type])).toEqual([
      ['id', 'bigint'], ['seq', 'integer'], ['small', 'smallint'], ['user id', 'integer'], ['org', 'integer'], ['body', 'text'],
      ['flag', 'boolean'], ['day', 'date'], ['r', 'real'], ['d', 'double precision'], ['j', 'json'], ['jb', 'jsonb'],
      ['u', 'uuid'], ['raw', 'bytea'], ['email', 'character varying(255)'], ['any_length', 'character varying'],
      ['code', 'character(3)'], ['price', 'numeric(10,2)'], ['ratio', 'numeric'], ['at', 'timestamp(3) with time zone'],
      ['local_at', 'timestamp without time zone'], ['clock', 'time with time zone'], ['clock0', 'time(0) without time zone'],
      ['Mood', '"My Schema"."Mood"'], ['tags', 'integer[]'], ['doc', 'tsvector'], ['double_price', 'numeric'],
    ])
    const byName = Object.fromEntries(cols.map((c) => [c.name, c]))
    expect(byName.id.default).toBe(`nextval('"My Schema"."we""ird events_id_seq"'::regclass)`)
    expect([byName.seq.identity, byName.small.identity, byName.body.identity]).toEqual(['a', 'd', ''])
    expect(byName.double_price).toMatchObject({ generated: 's', default: '(price * (2)::numeric)' })
    expect(byName.body.default).toBe(`'it''s'::text`)
    expect(byName.Mood.default).toBe(`'happy'::"My Schema"."Mood"`)
    expect(byName['user id'].comment).toBe("the user's id")
    expect(byName.day.notnull).toBe(false)
    expect(byName.flag.notnull).toBe(true)
    const [{ comment }] = await t.query<{ comment: string }>('select obj_description($1::regclass) as comment', [reg(events)])
    expect(comment).toBe("it's the events")

    expect(await constraints(events)).toEqual({
      events_pkey: 'PRIMARY KEY (id)',
      events_seq_small_key: 'UNIQUE (seq, small)',
      events_price_check: 'CHECK ((price >= (0)::numeric))',
      events_user_fkey:
        'FOREIGN KEY ("user id", org) REFERENCES "My Schema"."Üsers"(id, org) ON UPDATE SET DEFAULT ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED',
      // NOT NULL is not a pg_constraint on PostgreSQL 15, so only the four above appear.
    })
    const idx = await indexes(events)
    expect(idx.ix_at).toBe('CREATE INDEX ix_at ON "My Schema"."we""ird events" USING btree (at DESC NULLS LAST, "Mood" NULLS FIRST)')
    expect(idx.ux_lower_email).toBe(
      'CREATE UNIQUE INDEX ux_lower_email ON "My Schema"."we""ird events" USING btree (lower((email)::text)) INCLUDE (code) WHERE (price > (0)::numeric)',
    )
    expect(idx.ix_doc).toBe('CREATE INDEX ix_doc ON "My Schema"."we""ird events" USING gin (doc)')

    // The defaults, serial, identity and generated column all work for a real insert.
    await t.query(`insert into ${reg(users)} default values`)
    const [row] = await t.query<Record<string, unknown>>(
      `insert into ${reg(events)} ("user id", price) values (1, 2.5) returning id, seq, small, flag, "Mood", double_price`,
    )
    expect(row).toEqual({ id: '1', seq: 1, small: 1, flag: true, Mood: 'happy', double_price: '5.00' })
  })

  it('adds and drops constraints, indexes and columns; renames the table', async () => {
    await t.run({ kind: 'addColumn', table: events, column: column('note "x"', { kind: 'varchar', length: 20 }, { nullable: false, default: "'n/a'", comment: 'a note' }) })
    await t.run({ kind: 'addConstraint', table: events, constraint: { type: 'check', name: 'note_not_empty', expression: `"note ""x""" <> ''` } })
    await t.run({ kind: 'addConstraint', table: events, constraint: { type: 'unique', name: 'events_u_key', columns: ['u'] } })
    await t.run({ kind: 'dropConstraint', table: events, name: 'events_user_fkey' })
    await t.run({
      kind: 'addConstraint', table: events,
      constraint: {
        type: 'foreignKey', name: 'events_user_fkey', columns: ['user id', 'org'], references: { schema, table: 'Üsers', columns: ['id', 'org'] },
        onDelete: 'restrict', onUpdate: 'no action', deferrable: null,
      },
    })
    await t.run({ kind: 'dropConstraint', table: events, name: 'events_pkey' })
    await t.run({ kind: 'addConstraint', table: events, constraint: { type: 'primaryKey', name: 'events_pk2', columns: ['id', 'seq'] } })
    await t.run({ kind: 'dropIndex', table: events, name: 'ix_doc' })
    await t.run({ kind: 'createIndex', table: events, index: { name: 'ix_note', unique: false, elements: [{ column: 'note "x"', desc: false, nulls: null }], where: null, using: 'hash', include: [] } })
    await t.run({ kind: 'setTableComment', table: events, comment: null })
    await t.run({ kind: 'dropColumn', table: events, column: 'raw' })

    const c = await constraints(events)
    expect(c.note_not_empty).toBe(`CHECK ((("note ""x""")::text <> ''::text))`)
    expect(c.events_u_key).toBe('UNIQUE (u)')
    expect(c.events_user_fkey).toBe('FOREIGN KEY ("user id", org) REFERENCES "My Schema"."Üsers"(id, org) ON DELETE RESTRICT')
    expect(c.events_pk2).toBe('PRIMARY KEY (id, seq)')
    const idx = await indexes(events)
    expect(idx.ix_doc).toBeUndefined()
    expect(idx.ix_note).toBe(`CREATE INDEX ix_note ON "My Schema"."we""ird events" USING hash ("note ""x""")`)
    const cols = await columns(events)
    expect(cols.find((col) => col.name === 'note "x"')).toMatchObject({ type: 'character varying(20)', notnull: true, comment: 'a note' })
    expect(cols.some((col) => col.name === 'raw')).toBe(false)
    const [{ comment }] = await t.query<{ comment: string | null }>('select obj_description($1::regclass) as comment', [reg(events)])
    expect(comment).toBeNull()

    await t.run({ kind: 'renameTable', table: events, newName: 'Évents' })
    expect(await columns({ schema, name: 'Évents' })).toHaveLength(cols.length)
    await t.run({ kind: 'dropTable', table: { schema, name: 'Évents' } })
    const [{ exists }] = await t.query<{ exists: string | null }>('select to_regclass($1) as exists', [`"${schema}"."Évents"`])
    expect(exists).toBeNull()
  })

  it('adds enum values in position and recreates an enum, keeping rows and defaults', async () => {
    const mood = { schema, name: 'Mood' }
    const labels = async (): Promise<string[]> =>
      (await t.query<{ v: string }>(`select unnest(enum_range(null::"My Schema"."Mood"))::text as v`)).map((r) => r.v)
    await t.run({ kind: 'addEnumValue', ...mood, value: 'sad' })
    await t.run({ kind: 'addEnumValue', ...mood, value: 'meh', before: "it's ok" })
    await t.run({ kind: 'addEnumValue', ...mood, value: 'glad', after: 'happy' })
    expect(await labels()).toEqual(['happy', 'glad', 'meh', "it's ok", 'sad'])

    const feelings = { schema, name: 'feelings' }
    await t.run({
      kind: 'createTable',
      table: {
        ...feelings, ...bare,
        columns: [
          column('now', { kind: 'enum', ...mood }, { nullable: false, default: "'sad'" }),
          column('history', { kind: 'custom', sql: '"My Schema"."Mood"[]' }, { default: `'{happy}'` }),
        ],
      },
    })
    await t.query(`insert into ${reg(feelings)} values ('happy', '{sad,meh}'), (default, default)`)
    await t.run({ kind: 'recreateEnum', ...mood, values: ['sad', 'meh', 'happy'] })

    expect(await labels()).toEqual(['sad', 'meh', 'happy'])
    expect((await columns(feelings)).map((c) => [c.type, c.default])).toEqual([
      ['"My Schema"."Mood"', `'sad'::"My Schema"."Mood"`],
      ['"My Schema"."Mood"[]', `'{happy}'::"My Schema"."Mood"[]`],
    ])
    expect(await t.query(`select now::text, history::text from ${reg(feelings)} order by 1`)).toEqual([
      { now: 'happy', history: '{sad,meh}' },
      { now: 'sad', history: '{happy}' },
    ])
    const [{ old }] = await t.query<{ old: string | null }>(`select to_regtype('"My Schema"."Mood_tsmig_old"')::text as old`)
    expect(old).toBeNull()

    // A row holding a removed value makes the conversion fail instead of losing data.
    await expect(t.run({ kind: 'recreateEnum', ...mood, values: ['sad', 'happy'] })).rejects.toThrow(/invalid input value for enum/)
  })
})
