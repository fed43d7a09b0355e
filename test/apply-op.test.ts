import { describe, expect, it } from 'vitest'
import { applyOp, applyOpToTable, SchemaStateError } from '../src/ops/apply-op.js'
import type { SchemaIR, TableIR } from '../src/schema/ir.js'
import { column } from './helpers/ir.js'


const users: TableIR = {
  name: 'users',
  columns: [column('id', { nullable: false }), column('email', { type: { kind: 'text' } }), column('Score')],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  indexes: [
    { name: 'ix_email', unique: false, elements: [{ expression: 'lower(email)', desc: false, nulls: null }], where: null, using: null, include: [] },
    { name: 'ix_score', unique: false, elements: [{ column: 'Score', desc: true, nulls: null }], where: `"Score" > 'email'`, using: null, include: [] },
  ],
  uniques: [{ name: 'users_email_key', columns: ['email'] }],
  checks: [{ name: 'ck_score', expression: '"Score" >= 0 AND email IS NOT NULL' }],
  foreignKeys: [],
  comment: null,
}

const posts: TableIR = {
  name: 'posts',
  columns: [column('id', { nullable: false }), column('author_id'), column('parent_id')],
  primaryKey: { name: 'posts_pkey', columns: ['id'] },
  indexes: [],
  uniques: [],
  checks: [],
  foreignKeys: [
    { name: 'posts_author_fk', columns: ['author_id'], references: { table: 'users', columns: ['id'] }, onDelete: 'cascade', onUpdate: 'no action', deferrable: null },
    { name: 'posts_parent_fk', columns: ['parent_id'], references: { table: 'posts', columns: ['id'] }, onDelete: 'no action', onUpdate: 'no action', deferrable: null },
  ],
  comment: null,
}

const schema: SchemaIR = { tables: [users, posts], enums: [{ name: 'mood', values: ['happy', 'sad'] }] }
const table = (s: SchemaIR, name: string) => s.tables.find((t) => t.name === name)!

describe('applyOp', () => {
  it('creates, renames and drops tables, following foreign keys', () => {
    const created = applyOp(schema, { kind: 'createTable', table: { ...posts, name: 'drafts', foreignKeys: [] } })
    expect(created.tables.map((t) => t.name)).toEqual(['users', 'posts', 'drafts'])
    expect(() => applyOp(schema, { kind: 'createTable', table: posts })).toThrow('table posts already exists')

    const renamed = applyOp(schema, { kind: 'renameTable', table: { name: 'users' }, newName: 'members' })
    expect(table(renamed, 'members').columns).toEqual(users.columns)
    expect(table(renamed, 'posts').foreignKeys[0].references).toEqual({ table: 'members', columns: ['id'] })
    const selfRenamed = applyOp(schema, { kind: 'renameTable', table: { name: 'posts' }, newName: 'articles' })
    expect(table(selfRenamed, 'articles').foreignKeys[1].references.table).toBe('articles')

    expect(applyOp(schema, { kind: 'dropTable', table: { name: 'posts' } }).tables).toEqual([users])
    expect(() => applyOp(schema, { kind: 'dropTable', table: { schema: 'audit', name: 'posts' } })).toThrow(
      new SchemaStateError('table audit.posts does not exist'),
    )
  })

  it('adds columns and refuses duplicates', () => {
    const added = applyOp(schema, { kind: 'addColumn', table: { name: 'users' }, column: column('age') })
    expect(table(added, 'users').columns.map((c) => c.name)).toEqual(['id', 'email', 'Score', 'age'])
    expect(() => applyOp(schema, { kind: 'addColumn', table: { name: 'users' }, column: column('email') })).toThrow(
      'table users already has a column email',
    )
  })

  it('drops a column with the indexes and constraints that use it, as PostgreSQL does', () => {
    const dropped = table(applyOp(schema, { kind: 'dropColumn', table: { name: 'users' }, column: 'email' }), 'users')
    expect(dropped.columns.map((c) => c.name)).toEqual(['id', 'Score'])
    // ix_score only mentions 'email' inside a string literal: kept.
    expect(dropped.indexes.map((i) => i.name)).toEqual(['ix_score'])
    expect(dropped.uniques).toEqual([])
    expect(dropped.checks).toEqual([])
    expect(applyOpToTable(posts, { kind: 'dropColumn', table: { name: 'posts' }, column: 'id' })).toMatchObject({
      primaryKey: null,
      foreignKeys: [posts.foreignKeys[0]],
    })
    expect(() => applyOp(schema, { kind: 'dropColumn', table: { name: 'users' }, column: 'id' })).toThrow(
      'cannot drop column users.id: foreign key posts_author_fk of posts references it',
    )
    const withGenerated = { ...users, columns: [...users.columns, column('double', { generated: '"Score" * 2' })] }
    expect(() => applyOpToTable(withGenerated, { kind: 'dropColumn', table: { name: 'users' }, column: 'Score' })).toThrow(
      'generated column double depends on it',
    )
    expect(() => applyOp(schema, { kind: 'dropColumn', table: { name: 'users' }, column: 'nope' })).toThrow('table users has no column nope')
  })

  it('alters a column, a rename following it everywhere', () => {
    const altered = applyOp(schema, {
      kind: 'alterColumn',
      table: { name: 'users' },
      column: 'id',
      changes: { type: { kind: 'bigint' }, default: '1', newName: 'user id' },
    })
    const u = table(altered, 'users')
    expect(u.columns[0]).toEqual(column('user id', { type: { kind: 'bigint' }, nullable: false, default: '1' }))
    expect(u.primaryKey).toEqual({ name: 'users_pkey', columns: ['user id'] })
    expect(table(altered, 'posts').foreignKeys[0].references.columns).toEqual(['user id'])

    const email = table(applyOp(schema, { kind: 'alterColumn', table: { name: 'users' }, column: 'email', changes: { newName: 'mail' } }), 'users')
    expect(email.indexes[0].elements).toEqual([{ expression: 'lower(mail)', desc: false, nulls: null }])
    expect(email.indexes[1].where).toBe(`"Score" > 'email'`)
    expect(email.checks[0].expression).toBe('"Score" >= 0 AND mail IS NOT NULL')
    expect(email.uniques[0].columns).toEqual(['mail'])

    const score = table(applyOp(schema, { kind: 'alterColumn', table: { name: 'users' }, column: 'Score', changes: { newName: 'points' } }), 'users')
    expect(score.checks[0].expression).toBe('"points" >= 0 AND email IS NOT NULL')
    expect(score.indexes[1]).toMatchObject({ elements: [{ column: 'points' }], where: `"points" > 'email'` })
    expect(() => applyOp(schema, { kind: 'alterColumn', table: { name: 'users' }, column: 'id', changes: { newName: 'email' } })).toThrow(
      'table users already has a column email',
    )
  })

  it('creates and drops indexes', () => {
    const index = { name: 'ix_id', unique: true, elements: [{ column: 'id', desc: false, nulls: null }], where: null, using: null, include: [] }
    expect(table(applyOp(schema, { kind: 'createIndex', table: { name: 'posts' }, index }), 'posts').indexes).toEqual([index])
    expect(() => applyOp(schema, { kind: 'createIndex', table: { name: 'users' }, index: { ...index, name: 'ix_email' } })).toThrow(
      'table users already has an index ix_email',
    )
    expect(() =>
      applyOp(schema, { kind: 'createIndex', table: { name: 'users' }, index: { ...index, elements: [{ column: 'nope', desc: false, nulls: null }] } }),
    ).toThrow('table users has no column nope')
    expect(table(applyOp(schema, { kind: 'dropIndex', table: { name: 'users' }, name: 'ix_email' }), 'users').indexes.map((i) => i.name)).toEqual(['ix_score'])
    expect(() => applyOp(schema, { kind: 'dropIndex', table: { name: 'users' }, name: 'ix_nope' })).toThrow('table users has no index ix_nope')
  })

  it('adds and drops constraints by name', () => {
    const noPk = applyOp(schema, { kind: 'dropConstraint', table: { name: 'posts' }, name: 'posts_pkey' })
    expect(table(noPk, 'posts').primaryKey).toBeNull()
    const pk = table(applyOp(noPk, { kind: 'addConstraint', table: { name: 'posts' }, constraint: { type: 'primaryKey', name: 'pk', columns: ['author_id'] } }), 'posts')
    expect(pk.primaryKey).toEqual({ name: 'pk', columns: ['author_id'] })
    expect(pk.columns[1].nullable).toBe(false)
    expect(() =>
      applyOp(schema, { kind: 'addConstraint', table: { name: 'posts' }, constraint: { type: 'primaryKey', name: 'pk', columns: ['id'] } }),
    ).toThrow('table posts already has a primary key (posts_pkey)')
    expect(() =>
      applyOp(schema, { kind: 'addConstraint', table: { name: 'users' }, constraint: { type: 'check', name: 'ck_score', expression: 'true' } }),
    ).toThrow('table users already has a constraint ck_score')
    const fk = { name: 'fk', columns: ['id'], references: { table: 'users', columns: ['id'] }, onDelete: 'no action', onUpdate: 'no action', deferrable: null } as const
    expect(table(applyOp(schema, { kind: 'addConstraint', table: { name: 'users' }, constraint: { type: 'foreignKey', ...fk } }), 'users').foreignKeys).toEqual([fk])
    const unique = table(applyOp(schema, { kind: 'addConstraint', table: { name: 'users' }, constraint: { type: 'unique', name: 'u', columns: ['Score'] } }), 'users')
    expect(unique.uniques.map((u) => u.name)).toEqual(['users_email_key', 'u'])
    for (const name of ['users_email_key', 'ck_score']) {
      expect(applyOpToTable(users, { kind: 'dropConstraint', table: { name: 'users' }, name })).not.toEqual(users)
    }
    expect(table(applyOp(schema, { kind: 'dropConstraint', table: { name: 'posts' }, name: 'posts_author_fk' }), 'posts').foreignKeys).toHaveLength(1)
    expect(() => applyOp(schema, { kind: 'dropConstraint', table: { name: 'users' }, name: 'nope' })).toThrow('table users has no constraint nope')
  })

  it('manages enums, comments, and leaves the schema alone for execute', () => {
    const added = applyOp(schema, { kind: 'addEnumValue', name: 'mood', value: 'ok', before: 'sad' })
    expect(added.enums[0].values).toEqual(['happy', 'ok', 'sad'])
    expect(applyOp(schema, { kind: 'addEnumValue', name: 'mood', value: 'meh' }).enums[0].values).toEqual(['happy', 'sad', 'meh'])
    expect(applyOp(schema, { kind: 'addEnumValue', name: 'mood', value: 'meh', after: 'happy' }).enums[0].values).toEqual(['happy', 'meh', 'sad'])
    expect(() => applyOp(schema, { kind: 'addEnumValue', name: 'mood', value: 'x', after: 'nope' })).toThrow("enum mood has no value 'nope'")
    expect(() => applyOp(schema, { kind: 'addEnumValue', name: 'mood', value: 'sad' })).toThrow("enum mood already has the value 'sad'")
    expect(applyOp(schema, { kind: 'recreateEnum', name: 'mood', values: ['sad'] }).enums).toEqual([{ name: 'mood', values: ['sad'] }])
    const created = applyOp(schema, { kind: 'createEnum', enum: { schema: 'x', name: 'mood', values: ['a'] } })
    expect(created.enums).toHaveLength(2)
    expect(applyOp(created, { kind: 'dropEnum', schema: 'x', name: 'mood' }).enums).toEqual(schema.enums)
    expect(() => applyOp(schema, { kind: 'dropEnum', name: 'nope' })).toThrow('enum nope does not exist')
    expect(table(applyOp(schema, { kind: 'setTableComment', table: { name: 'users' }, comment: 'hi' }), 'users').comment).toBe('hi')
    expect(applyOp(schema, { kind: 'execute', sql: 'DELETE FROM users' })).toBe(schema)
  })
})
