import { describe, it, expectTypeOf, expect } from 'vitest'
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely'
import { bigint, ColumnBuilder, enumType, integer, timestamp, type InferDatabase, type InferTable } from '../src/model/index.js'
import { modelFromModules } from '../src/model/load-model.js'
import * as schema from './helpers/model-schema-fixture.js'

type DB = InferDatabase<typeof import('./helpers/model-schema-fixture.js')>

describe('InferDatabase', () => {
  it('has one key per exported table, schema-qualified when the table has a schema', () => {
    expectTypeOf<keyof DB>().toEqualTypeOf<'users' | 'posts' | 'kinds' | 'audit.events'>()
  })

  it('types the SPEC example tables', () => {
    expectTypeOf<DB['users']>().toEqualTypeOf<{
      id: Generated<number>
      email: string
      full_name: string | null
      is_active: Generated<boolean>
      mood: 'happy' | 'sad' | null
      created_at: Generated<Date>
    }>()
    expectTypeOf<DB['posts']>().toEqualTypeOf<{
      id: Generated<number>
      title: string
      author_id: number
      parent_id: number | null
      price: Generated<string | null>
      doubled: GeneratedAlways<string | null>
    }>()
    expectTypeOf<DB['audit.events']>().toEqualTypeOf<{ id: string }>()
  })

  it('maps every column type', () => {
    // Buffer is checked on its own: expect-type's deep comparison of Buffer inside a large object gives up.
    expectTypeOf<DB['kinds']['q']>().toEqualTypeOf<Buffer>()
    expectTypeOf<Omit<DB['kinds'], 'q'>>().toEqualTypeOf<{
      a: number
      b: string
      c: number
      d: Generated<string>
      e: string | null
      f: string
      g: string
      h: boolean | null
      i: Date
      j: Date
      k: string
      l: number
      m: number
      n: unknown
      o: { tags: string[] }
      p: string
      r: string
      s: unknown
      t: 'x' | 'y'
      u: Generated<number>
      v: GeneratedAlways<number>
      w: Generated<string>
      x: string | null
    }>()
  })

  it('works with Kysely helper types', () => {
    type NewUser = Insertable<DB['users']>
    // Only email is required; defaulted, serial and nullable columns may be left out.
    expectTypeOf<{ email: string }>().toMatchTypeOf<NewUser>()
    expectTypeOf<{ full_name: string }>().not.toMatchTypeOf<NewUser>()
    expectTypeOf<keyof NewUser>().toEqualTypeOf<'id' | 'email' | 'full_name' | 'is_active' | 'mood' | 'created_at'>()
    expectTypeOf<NewUser['mood']>().toEqualTypeOf<'happy' | 'sad' | null | undefined>()
    // Generated columns cannot be inserted.
    expectTypeOf<keyof Insertable<DB['posts']>>().toEqualTypeOf<'id' | 'title' | 'author_id' | 'parent_id' | 'price'>()
    expectTypeOf<Selectable<DB['posts']>['doubled']>().toEqualTypeOf<string | null>()
    expectTypeOf<InferTable<typeof schema.users>>().toEqualTypeOf<DB['users']>()
    expectTypeOf<DB['posts']['doubled']>().toEqualTypeOf<ColumnType<string | null, never, never>>()
  })

  it('checks defaults against the column type', () => {
    const mood = enumType('mood', ['happy', 'sad'])
    // @ts-expect-error not a value of the enum
    expect(() => mood().default('angry')).not.toThrow()
    // @ts-expect-error a string default for an integer column
    expect(() => integer().default('1')).not.toThrow()
    // int8 is a string in TS but takes a number default; a timestamp takes an ISO string.
    expectTypeOf(bigint().default(1)).toEqualTypeOf<ColumnBuilder<string, false, 'optional'>>()
    expectTypeOf(timestamp().notNull().default('2020-01-01')).toEqualTypeOf<ColumnBuilder<Date, true, 'optional'>>()
  })

  it('reads the same module at run time', () => {
    const model = modelFromModules([schema])
    expect(model.tables.map((t) => t.name).sort()).toEqual(['events', 'kinds', 'posts', 'users'])
    expect(model.enums).toEqual([{ name: 'mood', values: ['happy', 'sad'] }])
  })
})
