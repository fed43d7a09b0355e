// The fast paths taken for large schemas must give what the plain code gave:
// lookups by name, type equality, PostgreSQL's object names, and the exact
// text of generated revisions (indentation of multi-line SQL included).
import { describe, expect, it } from 'vitest'
import { ByName } from '../src/compare/by-name.js'
import { sameType } from '../src/compare/equality.js'
import { indexColumnNames, makeObjectName } from '../src/model/pg-names.js'
import { renderOpsBody } from '../src/render/render-ops.js'
import type { ColumnType, TableIR } from '../src/schema/ir.js'
import { column, tableIR } from './helpers/ir.js'

describe('ByName', () => {
  it('finds the last item of a name, as a Map built from the list does, in short and long lists', () => {
    for (const length of [3, 40]) {
      const items = Array.from({ length }, (_, i) => ({ name: `n${i % 5}`, i }))
      const byName = new ByName(items)
      const map = new Map(items.map((item) => [item.name, item]))
      for (const name of ['n0', 'n4', 'n5', 'missing']) {
        expect(byName.get(name)).toBe(map.get(name))
        expect(byName.has(name)).toBe(map.has(name))
      }
    }
  })
})

describe('sameType', () => {
  const types: ColumnType[] = [
    { kind: 'integer' },
    { kind: 'bigint' },
    { kind: 'varchar' },
    { kind: 'varchar', length: 10 },
    { kind: 'varchar', length: 20 },
    { kind: 'char', length: 10 },
    { kind: 'numeric' },
    { kind: 'numeric', precision: 10, scale: 2 },
    { kind: 'numeric', precision: 10, scale: 0 },
    { kind: 'timestamp', withTimezone: true },
    { kind: 'timestamp', withTimezone: false },
    { kind: 'timestamp', withTimezone: true, precision: 3 },
    { kind: 'time', withTimezone: true },
    { kind: 'enum', name: 'mood' },
    { kind: 'enum', name: 'mood', schema: 'audit' },
    { kind: 'custom', sql: 'tsvector' },
    { kind: 'custom', sql: 'point' },
  ]

  it('is field-by-field equality of well-formed types', () => {
    for (const a of types) {
      for (const b of types) expect(sameType(a, { ...b }), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(JSON.stringify(a) === JSON.stringify(b))
    }
  })
})

describe('PostgreSQL object names', () => {
  it('clips ASCII and multi-byte names to 63 bytes without splitting a character', () => {
    expect(makeObjectName('users', null, 'pkey')).toBe('users_pkey')
    expect(makeObjectName('a'.repeat(70), 'b'.repeat(70), 'fkey')).toBe(`${'a'.repeat(29)}_${'b'.repeat(28)}_fkey`)
    expect(makeObjectName('ü'.repeat(40), 'ö'.repeat(30), 'key')).toBe(`${'ü'.repeat(14)}_${'ö'.repeat(14)}_key`)
    expect(makeObjectName('emoji😀'.repeat(10), null, 'pkey')).toBe(`${'emoji😀'.repeat(6)}emoj_pkey`)
    expect(indexColumnNames(['x'.repeat(63), 'x'.repeat(63)])).toBe(`${'x'.repeat(63)}_${'x'.repeat(62)}1`)
    expect(indexColumnNames(['é'.repeat(40), 'é'.repeat(40)])).toBe(`${'é'.repeat(40)}_${'é'.repeat(31)}1`)
  })
})

describe('createTable rendering', () => {
  const render = (tables: readonly TableIR[]): string =>
    renderOpsBody(
      tables.map((t) => ({ kind: 'createTable', table: t })),
      () => undefined,
    )

  it('keeps a blank line for a table without columns, with or without options and extras', () => {
    const source = render([
      tableIR('empty'),
      tableIR('empty_opts', { schema: 'audit' }),
      tableIR('empty_extras', { checks: [{ name: 'c1', expression: 'true' }] }),
      tableIR('cols_opts', { schema: 's', columns: [column('a')], comment: 'x' }),
    ])
    expect(source).toBe(
      [
        "  await op.createTable('empty', {",
        '    ',
        '  })',
        "  await op.createTable('empty_opts', {",
        '    ',
        "  }, undefined, { schema: 'audit' })",
        "  await op.createTable('empty_extras', {",
        '    ',
        '  }, () => [',
        "    check('c1', sql`true`),",
        '  ])',
        "  await op.createTable('cols_opts', {",
        '    a: integer(),',
        "  }, undefined, { schema: 's', comment: 'x' })",
      ].join('\n'),
    )
  })

  it('indents every line of multi-line SQL, inside columns and extras alike', () => {
    const source = render([
      tableIR('t', {
        columns: [column('g', { generated: 'a +\n  b', nullable: false }), column('d', { default: 'now()\n+ 1' })],
        checks: [{ name: 'ck', expression: 'g >\n 0' }],
      }),
    ])
    expect(source).toBe(
      [
        "  await op.createTable('t', {",
        '    g: integer().notNull().generated(sql`a +',
        '      b`),',
        '    d: integer().default(sql`now()',
        '    + 1`),',
        '  }, () => [',
        "    check('ck', sql`g >",
        '     0`),',
        '  ])',
      ].join('\n'),
    )
  })
})
