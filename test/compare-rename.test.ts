import { describe, expect, it } from 'vitest'
import { compareSchemas, type RenameHints } from '../src/compare/compare-schema.js'
import { applyOp } from '../src/ops/apply-op.js'
import { describeOp } from '../src/ops/describe-op.js'
import { reverseOps } from '../src/ops/reverse.js'
import type { ForeignKeyIR, SchemaIR, TableIR } from '../src/schema/ir.js'
import { column, tableIR } from './helpers/ir.js'

/** The comparator with rename hints, and how it orders each table's ops (pure). */

const schema = (...tables: TableIR[]): SchemaIR => ({ tables, enums: [] })
const fk = (name: string, columns: string[], table: string, refColumns: string[]): ForeignKeyIR => ({
  name,
  columns,
  references: { table, columns: refColumns },
  onDelete: 'no action',
  onUpdate: 'no action',
  deferrable: null,
})
const hints = (tables: [string, string][], columns: [string, [string, string][]][] = []): RenameHints => ({
  tables: new Map(tables),
  columns: new Map(columns.map(([t, list]) => [t, new Map(list)])),
})
const tags = (name: string, price = 'price'): TableIR =>
  tableIR(name, {
    columns: [column('id', { nullable: false }), column(price)],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    uniques: [{ name: `${name}_${price}_key`, columns: [price] }],
    checks: [{ name: 'ck_price', expression: `${price} >= 0` }],
    indexes: [{ name: `${name}_${price}_idx`, unique: false, elements: [{ expression: `abs(${price})`, desc: false, nulls: null }], where: `${price} > 0`, using: null, include: [] }],
  })
const posts = (target: string, refColumn = 'id'): TableIR =>
  tableIR('posts', { columns: [column('id', { nullable: false }), column('tag_id')], foreignKeys: [fk('posts_tag_id_fkey', ['tag_id'], target, [refColumn])] })

describe('compare with renames', () => {
  it('a renamed table keeps its dependents; names that differ are renamed; the reverse undoes it', () => {
    const before = schema(tags('tags'), posts('tags'))
    const after = schema(tags('labels'), posts('labels'))
    const ops = compareSchemas(before, after, hints([['tags', 'labels']])).changes.map((c) => c.op)
    expect(ops.map(describeOp)).toEqual([
      'renameTable tags → labels',
      'renameIndex labels.tags_price_idx → labels_price_idx',
      'renameConstraint labels.tags_pkey → labels_pkey',
      'renameConstraint labels.tags_price_key → labels_price_key',
    ])
    expect(ops.reduce(applyOp, before)).toEqual(after)
    expect(reverseOps(ops).reduce(applyOp, after)).toEqual(before)
  })

  it('a renamed column is followed into expressions, constraints and other tables’ foreign keys', () => {
    const before = schema(tags('tags'), posts('tags'))
    const after = schema(tags('tags', 'cost'), posts('tags'))
    const ops = compareSchemas(before, after, hints([], [['tags', [['price', 'cost']]]])).changes.map((c) => c.op)
    expect(ops.map(describeOp)).toEqual([
      'renameIndex tags.tags_price_idx → tags_cost_idx',
      'renameConstraint tags.tags_price_key → tags_cost_key',
      'alterColumn tags.price',
    ])
    expect(ops.reduce(applyOp, before)).toEqual(after)
  })

  it('a table pointing at a renamed table gets its foreign key renamed when the model renames it too', () => {
    const named = (target: string) => ({ ...posts(target), foreignKeys: [{ ...posts(target).foreignKeys[0], name: `fk_posts_${target}` }] })
    const ops = compareSchemas(schema(tags('tags'), named('tags')), schema(tags('labels'), named('labels')), hints([['tags', 'labels']])).changes.map((c) => c.op)
    expect(ops.map(describeOp)).toContain('renameConstraint posts.fk_posts_tags → fk_posts_labels')
    expect(ops.map((op) => op.kind)).not.toContain('dropConstraint')
  })

  it('without a hint nothing is paired by name: a changed name is a drop and an add', () => {
    const before = schema(tags('tags'))
    const after = schema({ ...tags('tags'), indexes: tags('tags').indexes.map((i) => ({ ...i, name: 'ix_other' })) })
    expect(compareSchemas(before, after).changes.map((c) => c.op.kind)).toEqual(['dropIndex', 'createIndex'])
  })

  it('each table’s ops are one run; a foreign key leaves it only when another table’s change needs that', () => {
    const owners = tableIR('owners', { columns: [column('id', { nullable: false }), column('code')], uniques: [{ name: 'owners_code_key', columns: ['code'] }] })
    const items = tableIR('items', {
      columns: [column('id', { nullable: false }), column('owner_code'), column('owner_id')],
      foreignKeys: [fk('items_owner_code_fkey', ['owner_code'], 'owners', ['code'])],
    })
    const before = schema(items, owners)
    const after = schema(
      { ...items, columns: [...items.columns, column('qty')], foreignKeys: [fk('items_owner_id_fkey', ['owner_id'], 'owners', ['id'])] },
      { ...owners, uniques: [], columns: [...owners.columns, column('note')] },
    )
    const ops = compareSchemas(before, after).changes.map((c) => c.op)
    expect(ops.map(describeOp)).toEqual([
      // owners loses the unique constraint the old foreign key needs: that drop goes first.
      'dropConstraint items.items_owner_code_fkey',
      'addColumn items.qty',
      // owners brings nothing the new foreign key needs: it stays in items' run.
      'addConstraint items.items_owner_id_fkey',
      'dropConstraint owners.owners_code_key',
      'addColumn owners.note',
    ])
    expect(reverseOps(ops).reduce(applyOp, ops.reduce(applyOp, before))).toEqual(before)
  })
})
