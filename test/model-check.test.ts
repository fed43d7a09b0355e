import { describe, expect, it } from 'vitest'
import { renameHintProblem } from '../src/compare/check-rename-hints.js'
import { parseRenames } from '../src/cli/commands/revision.js'
import { modelProblem } from '../src/model/check-model.js'
import { modelFromModules } from '../src/model/load-model.js'
import { enumType, foreignKey, index, integer, serial, table, text, unique, uniqueIndex, sql, type ColumnRef } from '../src/model/index.js'
import type { IdentifierRules } from '../src/model/check-names.js'
import type { SchemaIR } from '../src/schema/ir.js'

const postgresRules: IdentifierRules = { maxBytes: 63, keyNamesAreRelations: true }
const sqliteRules: IdentifierRules = { keyNamesAreRelations: false }

function problem(tables: Record<string, unknown>, rules: IdentifierRules = postgresRules): string | undefined {
  return modelProblem(modelFromModules([tables]), rules, rules.maxBytes === undefined ? 'sqlite' : 'postgres')?.message
}

describe('names the database would cut', () => {
  const a63 = 'a'.repeat(63)

  it('two tables sharing their first 63 bytes: an error naming both and the limit', () => {
    const one = table(`${a63}x`, { id: integer() })
    const two = table(`${a63}y`, { id: integer() })
    expect(problem({ one, two })).toBe(
      `table ${a63}x: the name is 64 bytes, longer than the postgres limit of 63 bytes (the database would cut it to ${a63}, the same as table ${a63}y); use a shorter name`,
    )
    // 63 bytes exactly is fine; SQLite has no limit.
    expect(problem({ one: table(a63, { id: integer() }) })).toBeUndefined()
    expect(problem({ one, two }, sqliteRules)).toBeUndefined()
  })

  it('counts bytes, not characters', () => {
    // é is two bytes in UTF-8: 31 fit (62 bytes), 32 do not (64 bytes).
    expect(problem({ t: table('t', { ['é'.repeat(31)]: integer() }) })).toBeUndefined()
    expect(problem({ t: table('t', { ['é'.repeat(32)]: integer() }) })).toBe(
      `table t, column ${'é'.repeat(32)}: the name is 64 bytes, longer than the postgres limit of 63 bytes (the database would cut it to ${'é'.repeat(31)}); use a shorter name`,
    )
  })

  it('checks index, constraint, schema and enum names and enum values', () => {
    const long = 'n'.repeat(64)
    expect(problem({ t: table('t', { a: integer() }, (t) => [index(long).on(t.a)]) })).toContain(`table t: index ${long}: the name is 64 bytes`)
    expect(problem({ t: table('t', { a: integer().unique(long) }) })).toContain(`table t: unique constraint ${long}`)
    expect(problem({ t: table('t', { a: integer() }, undefined, { schema: long }) })).toContain(`table ${long}.t: schema ${long}`)
    expect(problem({ e: enumType('e', ['ok', long]) })).toContain(`enum e: value '${long}': the name is 64 bytes`)
  })

  it('generated names are cut the way PostgreSQL cuts them; two that become one are an error', () => {
    const b60 = 'b'.repeat(60)
    // `<table>_pkey` of both is the first 58 bytes of the table name + `_pkey`: one relation name.
    const one = table(`${b60}x`, { id: integer().primaryKey() })
    const two = table(`${b60}y`, { id: integer().primaryKey() })
    const message = problem({ one, two })
    expect(message).toContain(`table ${b60}y: primary key ${'b'.repeat(58)}_pkey: the name is already taken by table ${b60}x: primary key`)
    expect(message).toContain('generated names are cut to 63 bytes')
    // On SQLite a primary key's name is no object of the schema: no clash.
    expect(problem({ one, two }, sqliteRules)).toBeUndefined()
  })

  it('an index named like another table or another index of the schema is an error on both dialects', () => {
    const users = table('users', { id: integer() }, (t) => [index('ix_id').on(t.id)])
    const posts = table('posts', { id: integer() }, (t) => [index('ix_id').on(t.id)])
    const expected = 'table posts: index ix_id: the name is already taken by table users: index ix_id'
    expect(problem({ users, posts })).toContain(expected)
    expect(problem({ users, posts }, sqliteRules)).toContain(expected)
    expect(problem({ users, other: table('other', { id: integer() }, (t) => [index('users').on(t.id)]) }, sqliteRules)).toContain(
      'table other: index users: the name is already taken by table users',
    )
    // Tables in different schemas have namespaces of their own.
    const audit = table('posts', { id: integer() }, (t) => [index('ix_id').on(t.id)], { schema: 'audit' })
    expect(problem({ users, audit })).toBeUndefined()
  })
})

describe('foreign keys the database would refuse', () => {
  const users = table('users', { id: serial().primaryKey(), email: text().unique(), name: text(), org: integer(), code: text() }, (t) => [
    uniqueIndex('ux_users_org_code').on(t.org, t.code),
    uniqueIndex('ux_users_lower_name').on(sql`lower(name)`),
  ])

  it('to a table that is not in the model (defined, not exported)', () => {
    const posts = table('posts', { id: serial().primaryKey(), author_id: integer().references(() => users.id) })
    expect(problem({ posts })).toBe(
      'table posts, column author_id: foreign key posts_author_id_fkey: references table users, which is not in the model ' +
        '(export it from a schema module; declare a table tsmig should not manage and leave it out with `include`)',
    )
  })

  it('to a column that does not exist', () => {
    const posts = table('posts', { author_id: integer() }, (t) => [foreignKey({ columns: [t.author_id], foreignTable: 'users', foreignColumns: ['idd'] })])
    expect(problem({ users, posts })).toBe('table posts, column author_id: foreign key posts_author_id_fkey: references column users.idd, which does not exist')
  })

  it('to columns with neither a primary key nor a unique constraint', () => {
    const posts = table('posts', { author: text().references(() => users.name) })
    expect(problem({ users, posts })).toBe(
      'table posts, column author: foreign key posts_author_fkey: references users.name, which is neither the primary key nor unique; ' +
        'the database needs a primary key or unique constraint on exactly these columns',
    )
    // An expression index is no key either; part of a composite unique index neither.
    const byOrg = table('by_org', { org: integer().references(() => users.org) })
    expect(problem({ users, byOrg })).toContain('references users.org, which is neither the primary key nor unique')
  })

  it('accepts the primary key, a unique constraint and a plain unique index, in any column order', () => {
    const posts = table('posts', { a: integer().references(() => users.id), e: text().references(() => users.email), org: integer(), code: text() }, (t) => [
      foreignKey({ columns: [t.code, t.org], foreignColumns: [users.code, users.org] }),
    ])
    expect(problem({ users, posts })).toBeUndefined()
    const self = table('nodes', { id: serial().primaryKey(), parent: integer().references((): ColumnRef => self.id) })
    expect(problem({ self })).toBeUndefined()
  })

  it('with column counts that differ (found while the table is built)', () => {
    const posts = table('posts', { a: integer(), b: integer() }, (t) => [foreignKey({ columns: [t.a, t.b], foreignColumns: [users.id] })])
    expect(() => modelFromModules([{ users, posts }])).toThrow('table posts, columns a, b: a foreign key has 2 column(s) but references 1 (users.id)')
  })

  it('with an option value the database does not know', () => {
    // A schema module is loaded without type checking: the types reject these, the loader must too.
    // @ts-expect-error deferrable is 'initially immediate' | 'initially deferred' | null, not a boolean
    const deferrable = table('posts', { a: integer().references(() => users.id, { deferrable: true }) })
    expect(problem({ users, deferrable })).toBe(
      "table posts, column a: foreign key posts_a_fkey: deferrable must be 'initially immediate', 'initially deferred' or null, not true",
    )
    // @ts-expect-error not a referential action
    const onDelete = table('posts', { a: integer() }, (t) => [foreignKey({ columns: [t.a], foreignColumns: [users.id], onDelete: 'delete' })])
    expect(problem({ users, onDelete })).toContain("foreign key posts_a_fkey: onDelete must be one of 'no action', 'restrict', 'cascade', 'set null', 'set default', not 'delete'")
    const fine = table('posts', { a: integer().references(() => users.id, { deferrable: 'initially deferred', onUpdate: 'cascade' }) })
    expect(problem({ users, fine })).toBeUndefined()
  })
})

describe('--rename hints that match nothing in the diff', () => {
  const t = (name: string, ...columns: string[]) => ({
    name, columns: columns.map((c) => ({ name: c, type: { kind: 'integer' as const }, nullable: true, default: null, comment: null, identity: null, generated: null, autoIncrement: false })),
    primaryKey: null, indexes: [], uniques: [], checks: [], foreignKeys: [], comment: null,
  })
  const schema = (...tables: ReturnType<typeof t>[]): SchemaIR => ({ tables, enums: [] })
  const db = schema(t('people', 'id', 'full_name'), t('tags', 'id'))
  const check = (model: SchemaIR, ...specs: string[]) => renameHintProblem(db, model, parseRenames(specs))

  it('accepts renames between what the database has and what the model has', () => {
    expect(check(schema(t('persons', 'id', 'display_name'), t('tags', 'id')), 'people:persons', 'persons.full_name:display_name')).toBeUndefined()
    expect(check(schema(t('people', 'id', 'display_name'), t('tags', 'id')), 'people.full_name:display_name')).toBeUndefined()
  })

  it('refuses names that trade places, which one rename each cannot carry out', () => {
    expect(renameHintProblem(schema(t('a', 'x', 'y')), schema(t('a', 'x', 'y')), parseRenames(['a.x:y', 'a.y:x']))).toBe(
      '--rename a.x:y: columns that trade names (a swap or a cycle) are not supported: rename one of them to a temporary name in a revision of its own first',
    )
    expect(renameHintProblem(schema(t('a', 'id'), t('b', 'id')), schema(t('a', 'id'), t('b', 'id')), parseRenames(['a:b', 'b:a']))).toContain('tables that trade names')
  })

  it('names the hint and what does not match', () => {
    const model = schema(t('persons', 'id', 'display_name'), t('tags', 'id'))
    expect(check(model, 'peeple:persons')).toBe('--rename peeple:persons: there is no table peeple in the database')
    expect(check(model, 'people:persns')).toBe('--rename people:persns: there is no table persns in the model')
    expect(check(model, 'people:tags')).toBe('--rename people:tags: table tags is already in the database, so nothing is renamed to it')
    expect(check(schema(t('people', 'id', 'full_name'), t('persons', 'id')), 'people:persons')).toBe(
      '--rename people:persons: table people is still in the model, so nothing renames it',
    )
    expect(check(model, 'people:persons', 'people.full_name:display_name')).toBe(
      '--rename people.full_name:display_name: there is no table people in the model (a column rename names a renamed table by its new name)',
    )
    expect(check(model, 'people:persons', 'persons.fullname:display_name')).toBe(
      '--rename persons.fullname:display_name: there is no column fullname in table people of the database',
    )
    expect(check(schema(t('people', 'id', 'full_name', 'display_name')), 'people.full_name:display_name')).toBe(
      '--rename people.full_name:display_name: column full_name is still in table people of the model, so nothing renames it',
    )
    expect(check(schema(t('people', 'id', 'full_name'), t('tags', 'id'), t('new', 'a')), 'new.x:a')).toBe(
      '--rename new.x:a: table new is new in this revision: its columns are added, not renamed',
    )
    expect(check(model, 'tags:tags')).toBe('--rename tags:tags: the old and the new name are the same')
  })
})
