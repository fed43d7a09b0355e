import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompileContext } from '../src/dialects/dialect.js'
import type { ColumnIR, ColumnType, TableIR } from '../src/schema/ir.js'
import { createTempDatabase, type TempDatabase } from './helpers/postgres-compile-db.js'

function column(name: string, type: ColumnType, extra: Partial<ColumnIR> = {}): ColumnIR {
  return { name, type, nullable: true, default: null, comment: null, identity: null, generated: null, autoIncrement: false, ...extra }
}

interface ColumnRow {
  readonly name: string
  readonly type: string
  readonly notnull: boolean
  readonly identity: string
  readonly generated: string
  readonly default: string | null
  readonly comment: string | null
  readonly sequence: string | null
}

let t: TempDatabase
beforeAll(async () => {
  t = await createTempDatabase()
})
afterAll(async () => t?.drop())

async function columnInfo(table: string, name: string): Promise<ColumnRow | undefined> {
  const rows = await t.query<ColumnRow>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
            a.attidentity as identity, a.attgenerated as generated, pg_get_expr(d.adbin, d.adrelid) as default,
            col_description(a.attrelid, a.attnum) as comment, pg_get_serial_sequence($1, a.attname) as sequence
     from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = $1::regclass and a.attname = $2 and not a.attisdropped`,
    [`"${table}"`, name],
  )
  return rows[0]
}

async function insertDefault(table: string, returning: string): Promise<unknown> {
  const [row] = await t.query<Record<string, unknown>>(`insert into "${table}" default values returning "${returning}" as v`)
  return row.v
}

describe('alterColumn on a real server', () => {
  it('changes a type whose default cannot be cast, with comment and rename', async () => {
    await t.query(`create type mood as enum ('happy', 'sad')`)
    await t.query(`create table people (status text default 'happy')`)
    await t.query(`insert into people values ('sad'), (default)`)
    // Without dropping the default first, PostgreSQL refuses: the text default cannot be cast to the enum.
    await expect(t.query(`alter table people alter column status type mood using status::mood`)).rejects.toThrow(/cannot be cast automatically/)
    await t.run({
      kind: 'alterColumn', table: { name: 'people' }, column: 'status',
      changes: { type: { kind: 'enum', name: 'mood' }, nullable: false, comment: 'how they feel', newName: 'Feeling' },
      old: column('status', { kind: 'text' }, { default: "'happy'" }),
    })
    expect(await columnInfo('people', 'Feeling')).toMatchObject({ type: 'mood', notnull: true, default: `'happy'::mood`, comment: 'how they feel' })
    expect(await columnInfo('people', 'status')).toBeUndefined()
    expect(await t.query('select "Feeling"::text as f from people order by 1')).toEqual([{ f: 'happy' }, { f: 'sad' }])
  })

  it('reads the old default from the context when the op does not carry it', async () => {
    await t.query(`create table counts (n text default '5')`)
    await t.query(`insert into counts values ('7')`)
    const current: TableIR = {
      name: 'counts', columns: [column('n', { kind: 'text' }, { default: "'5'" })],
      primaryKey: null, indexes: [], uniques: [], checks: [], foreignKeys: [], comment: null,
    }
    const ctx: CompileContext = { currentTable: async (ref) => (ref.name === 'counts' ? current : undefined) }
    await t.run({ kind: 'alterColumn', table: { name: 'counts' }, column: 'n', changes: { type: { kind: 'integer' } } }, ctx)
    expect(await columnInfo('counts', 'n')).toMatchObject({ type: 'integer', default: '5' })
    expect(await t.query('select n from counts')).toEqual([{ n: 7 }])
  })

  it('turns a column into serial and back, across a type change and a table rename', async () => {
    await t.query(`create table tickets (id integer not null, note text)`)
    await t.query(`insert into tickets values (1, 'a'), (2, 'b'), (3, 'c')`)
    await t.run({
      kind: 'alterColumn', table: { name: 'tickets' }, column: 'id', changes: { autoIncrement: true },
      old: column('id', { kind: 'integer' }, { nullable: false }),
    })
    expect(await columnInfo('tickets', 'id')).toMatchObject({ default: `nextval('tickets_id_seq'::regclass)`, sequence: 'public.tickets_id_seq' })
    expect(await insertDefault('tickets', 'id')).toBe(4)
    const sequenceType = async (): Promise<string> =>
      (await t.query<{ t: string }>(`select seqtypid::regtype::text as t from pg_sequence where seqrelid = 'tickets_id_seq'::regclass`))[0].t
    expect(await sequenceType()).toBe('integer')

    // serial → bigserial: the owned sequence follows the column type.
    await t.run({
      kind: 'alterColumn', table: { name: 'tickets' }, column: 'id', changes: { type: { kind: 'bigint' } },
      old: column('id', { kind: 'integer' }, { nullable: false, autoIncrement: true }),
    })
    expect(await columnInfo('tickets', 'id')).toMatchObject({ type: 'bigint', default: `nextval('tickets_id_seq'::regclass)` })
    expect(await sequenceType()).toBe('bigint')

    // A renamed table keeps its sequence's old name: dropping serial must still find it.
    await t.run({ kind: 'renameTable', table: { name: 'tickets' }, newName: 'Tickets 2' })
    await t.run({
      kind: 'alterColumn', table: { name: 'Tickets 2' }, column: 'id', changes: { autoIncrement: false, default: null },
      old: column('id', { kind: 'bigint' }, { nullable: false, autoIncrement: true }),
    })
    expect(await columnInfo('Tickets 2', 'id')).toMatchObject({ default: null, sequence: null })
    expect(await t.query(`select to_regclass('tickets_id_seq') as s`)).toEqual([{ s: null }])

    await t.run({
      kind: 'alterColumn', table: { name: 'Tickets 2' }, column: 'id', changes: { autoIncrement: true },
      old: column('id', { kind: 'bigint' }, { nullable: false }),
    })
    expect(await columnInfo('Tickets 2', 'id')).toMatchObject({ sequence: 'public."Tickets 2_id_seq"' })
    expect(await insertDefault('Tickets 2', 'id')).toBe('5')
  })

  it('adds, changes and drops identity; converts serial to identity and back', async () => {
    await t.query(`create table things (n integer, s serial)`)
    await t.query(`insert into things (n) values (10), (20)`)
    const table = { name: 'things' }
    const n = column('n', { kind: 'integer' })

    await t.run({ kind: 'alterColumn', table, column: 'n', changes: { identity: { always: true } }, old: n })
    expect(await columnInfo('things', 'n')).toMatchObject({ identity: 'a', notnull: true, default: null })
    expect(await insertDefault('things', 'n')).toBe(21)

    await t.run({
      kind: 'alterColumn', table, column: 'n', changes: { identity: { always: false } },
      old: { ...n, nullable: false, identity: { always: true } },
    })
    expect(await columnInfo('things', 'n')).toMatchObject({ identity: 'd' })

    await t.run({ kind: 'alterColumn', table, column: 'n', changes: { identity: null, nullable: true } })
    expect(await columnInfo('things', 'n')).toMatchObject({ identity: '', notnull: false, sequence: null })

    const s = column('s', { kind: 'integer' }, { nullable: false, autoIncrement: true })
    await t.run({ kind: 'alterColumn', table, column: 's', changes: { autoIncrement: false, identity: { always: false } }, old: s })
    // The serial sequence is gone: the identity's own sequence took its name (else it would be things_s_seq1).
    expect(await columnInfo('things', 's')).toMatchObject({ identity: 'd', default: null, sequence: 'public.things_s_seq' })
    expect(await t.query(`select relname from pg_class where relkind = 'S' and relname like 'things_s%'`)).toEqual([{ relname: 'things_s_seq' }])
    expect(await insertDefault('things', 's')).toBe(4)

    await t.run({
      kind: 'alterColumn', table, column: 's', changes: { identity: null, autoIncrement: true },
      old: { ...s, autoIncrement: false, identity: { always: false } },
    })
    expect(await columnInfo('things', 's')).toMatchObject({ identity: '', default: `nextval('things_s_seq'::regclass)` })
    expect(await insertDefault('things', 's')).toBe(5)
  })

  it('changes the type of a generated column and drops its expression', async () => {
    await t.query(`create table lines (qty integer, total numeric generated always as (qty * 2) stored)`)
    await t.query(`insert into lines (qty) values (3)`)
    const table = { name: 'lines' }
    const total = column('total', { kind: 'numeric' }, { generated: 'qty * 2' })
    await t.run({ kind: 'alterColumn', table, column: 'total', changes: { type: { kind: 'bigint' } }, old: total })
    expect(await columnInfo('lines', 'total')).toMatchObject({ type: 'bigint', generated: 's' })

    await t.run({ kind: 'alterColumn', table, column: 'total', changes: { generated: null, type: { kind: 'integer' } }, old: total })
    expect(await columnInfo('lines', 'total')).toMatchObject({ type: 'integer', generated: '' })
    await t.query(`insert into lines values (1, 100)`)
    expect(await t.query('select qty, total from lines order by qty')).toEqual([{ qty: 1, total: 100 }, { qty: 3, total: 6 }])
  })
})
