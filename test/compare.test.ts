import { describe, expect, it } from 'vitest'
import { compareSchemas, noRenames } from '../src/compare/compare-schema.js'
import { summarizeChanges, describeChange } from '../src/compare/change.js'
import { reverseOps } from '../src/ops/reverse.js'
import { applyOp } from '../src/ops/apply-op.js'
import type { SchemaIR, TableIR } from '../src/schema/ir.js'
import { column, tableIR } from './helpers/ir.js'

const table = (name: string, extra: Partial<TableIR> = {}): TableIR =>
  tableIR(name, { columns: [column('id', { nullable: false })], primaryKey: { name: `${name}_pkey`, columns: ['id'] }, ...extra })
const fk = (name: string, column: string, target: string) => ({
  name,
  columns: [column],
  references: { table: target, columns: ['id'] },
  onDelete: 'no action' as const,
  onUpdate: 'no action' as const,
  deferrable: null,
})
const schema = (...tables: TableIR[]): SchemaIR => ({ tables, enums: [] })
const lines = (db: SchemaIR, model: SchemaIR) => summarizeChanges(compareSchemas(db, model).changes).map(describeChange)

describe('compareSchemas', () => {
  it('reports nothing for equal schemas', () => {
    expect(compareSchemas(schema(table('a')), schema(table('a'))).changes).toEqual([])
  })

  it('creates parents before children and drops children first', () => {
    const users = table('users')
    const posts = table('posts', { columns: [column('id', { nullable: false }), column('user_id')], foreignKeys: [fk('posts_user_id_fkey', 'user_id', 'users')] })
    const created = compareSchemas(schema(), schema(posts, users)).changes
    expect(created.map((c) => c.object)).toEqual(['users', 'posts'])
    const dropped = compareSchemas(schema(posts, users), schema()).changes
    expect(dropped.map((c) => c.object)).toEqual(['posts', 'users'])
  })

  it('splits a foreign-key cycle between new tables into a later ADD CONSTRAINT', () => {
    const a = table('a', { columns: [column('id', { nullable: false }), column('b_id')], foreignKeys: [fk('a_b_id_fkey', 'b_id', 'b')] })
    const b = table('b', { columns: [column('id', { nullable: false }), column('a_id')], foreignKeys: [fk('b_a_id_fkey', 'a_id', 'a')] })
    const changes = compareSchemas(schema(), schema(a, b)).changes
    expect(changes.map((c) => `${c.op.kind} ${c.object}`)).toEqual(['createTable b', 'createTable a', 'addConstraint b.b_a_id_fkey'])
    // Dropping mirrors it, so the reverse of one is the other.
    const drops = compareSchemas(schema(a, b), schema()).changes
    expect(drops.map((c) => `${c.op.kind} ${c.object}`)).toEqual(['dropConstraint b.b_a_id_fkey', 'dropTable a', 'dropTable b'])
  })

  it('explains column changes with reasons', () => {
    const before = table('t', { columns: [column('id', { nullable: false }), column('name', { type: { kind: 'varchar', length: 100 } })] })
    const after = table('t', { columns: [column('id', { nullable: false }), column('name', { type: { kind: 'varchar', length: 255 }, nullable: false, default: "'x'" })] })
    expect(lines(schema(before), schema(after))).toEqual(["~ t.name: type varchar(100) → varchar(255), NOT NULL added, default none → 'x'"])
  })

  it('shows a changed index as one ~ line with its reason', () => {
    const index = (where: string) => ({ name: 'ix_live', unique: false, elements: [{ column: 'id', desc: false, nulls: null }], where, using: null, include: [] })
    const before = table('posts', { indexes: [index('deleted_at IS NULL')] })
    const after = table('posts', { indexes: [index('deleted_at IS NULL AND live')] })
    expect(lines(schema(before), schema(after))).toEqual(['~ posts.ix_live: index predicate (deleted_at IS NULL) → (deleted_at IS NULL AND live)'])
  })

  it('tells serial from identity', () => {
    const before = table('t', { columns: [column('id', { nullable: false, autoIncrement: true })] })
    const after = table('t', { columns: [column('id', { nullable: false, identity: { always: true } })] })
    expect(lines(schema(before), schema(after))).toEqual(['~ t.id: serial → identity always'])
  })

  it('turns a hinted rename into a rename op, and warns about an unhinted one', () => {
    const before = table('t', { columns: [column('id', { nullable: false }), column('old')] })
    const after = table('t', { columns: [column('id', { nullable: false }), column('new')] })
    const plain = compareSchemas(schema(before), schema(after))
    expect(plain.changes.map((c) => c.op.kind)).toEqual(['addColumn', 'dropColumn'])
    expect(plain.warnings[0].message).toContain('--rename t.old:new')
    const hinted = compareSchemas(schema(before), schema(after), { tables: new Map(), columns: new Map([['t', new Map([['old', 'new']])]]) })
    expect(hinted.changes.map((c) => c.op)).toMatchObject([{ kind: 'alterColumn', column: 'old', changes: { newName: 'new' } }])
  })

  it('enums: added values placed where the model has them; removed values rebuild the type', () => {
    const db = { tables: [], enums: [{ name: 'mood', values: ['happy', 'sad'] }] }
    const added = compareSchemas(db, { tables: [], enums: [{ name: 'mood', values: ['happy', 'meh', 'sad', 'angry'] }] }).changes
    expect(added.map((c) => c.op)).toMatchObject([
      { kind: 'addEnumValue', value: 'meh', after: 'happy' },
      { kind: 'addEnumValue', value: 'angry' },
    ])
    const removed = compareSchemas(db, { tables: [], enums: [{ name: 'mood', values: ['sad'] }] }).changes
    expect(removed.map((c) => c.op)).toMatchObject([{ kind: 'recreateEnum', values: ['sad'] }])
  })

  it('generated ops reverse exactly: applying upgrade then downgrade restores the schema', () => {
    const users = table('users', { comment: 'people' })
    const posts = table('posts', {
      columns: [column('id', { nullable: false }), column('user_id'), column('title', { type: { kind: 'text' }, default: "'x'" })],
      foreignKeys: [fk('posts_user_id_fkey', 'user_id', 'users')],
      checks: [{ name: 'ck', expression: 'id > 0' }],
    })
    const before = schema(users, posts)
    const after = schema(
      { ...users, comment: 'persons', columns: [...users.columns, column('age')] },
      { ...posts, columns: [column('id', { nullable: false }), column('user_id', { type: { kind: 'bigint' } })], checks: [], foreignKeys: [] },
      table('tags'),
    )
    const ops = compareSchemas(before, after, noRenames).changes.map((c) => c.op)
    const upgraded = ops.reduce(applyOp, before)
    expect(compareSchemas(upgraded, after).changes).toEqual([])
    const downgraded = reverseOps(ops).reduce(applyOp, upgraded)
    expect(compareSchemas(downgraded, before).changes).toEqual([])
  })
})
