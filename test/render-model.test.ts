import { describe, expect, it } from 'vitest'
import { camelIdentifier } from '../src/render/model-identifiers.js'
import { renderModel } from '../src/render/render-model.js'
import type { ForeignKeyIR } from '../src/schema/ir.js'
import { column, tableIR } from './helpers/ir.js'

const fk = (name: string, columns: string[], table: string, references: string[], more: Partial<ForeignKeyIR> = {}): ForeignKeyIR => ({
  name,
  columns,
  references: { table, columns: references },
  onDelete: 'no action',
  onUpdate: 'no action',
  deferrable: null,
  ...more,
})

describe('renderModel', () => {
  it('writes JavaScript names for any SQL name, clear of the DSL and of reserved words', () => {
    expect(['film_actor', 'InvoiceLine', '2fa codes', 'bıgınt', 'user-settings', '***'].map(camelIdentifier)).toEqual([
      'filmActor', 'invoiceLine', '_2faCodes', 'bıgınt', 'userSettings', '_',
    ])
    const source = renderModel({
      enums: [{ name: 'date', values: ['a'] }],
      tables: [
        tableIR('text', { columns: [column('id', { nullable: false })], primaryKey: { name: 'text_pkey', columns: ['id'] } }),
        tableIR('delete', { columns: [column('my col'), column('__proto__'), column('date', { type: { kind: 'enum', name: 'date' } })] }),
        tableIR('delete', { schema: 'audit', columns: [column('id')] }),
      ],
    })
    expect(source).toMatchInlineSnapshot(`
      "/**
       * The model, written by \`tsmig pull\`.
       */
      import { enumType, integer, table } from 'tsmig'

      export const dateEnum = enumType('date', ['a'])

      export const textTable = table('text', {
        id: integer().primaryKey(),
      })

      export const deleteTable = table('delete', {
        'my col': integer(),
        ['__proto__']: integer(),
        date: dateEnum(),
      })

      export const auditDelete = table('delete', {
        id: integer(),
      }, undefined, { schema: 'audit' })
      "
    `)
  })

  it('names only what the database named otherwise than the model would; references in a cycle carry a type', () => {
    const source = renderModel(
      {
        enums: [],
        tables: [
          tableIR('employee', {
            columns: [column('id', { nullable: false }), column('boss_id'), column('team_id'), column('code'), column('a'), column('b')],
            primaryKey: { name: 'pk_employee', columns: ['id'] },
            uniques: [{ name: 'employee_code_key', columns: ['code'] }, { name: 'uq_ab', columns: ['a', 'b'] }],
            checks: [{ name: 'employee_code_check', expression: 'code > 0' }, { name: 'ck_ab', expression: 'a < b' }],
            foreignKeys: [fk('employee_boss_id_fkey', ['boss_id'], 'employee', ['id'], { onDelete: 'set null' }), fk('fk_team', ['team_id'], 'team', ['id'])],
            indexes: [
              { name: 'ix_employee_team_id', unique: false, elements: [{ column: 'team_id', desc: false, nulls: null }], where: null, using: null, include: [] },
              { name: 'employee_lower_idx', unique: false, elements: [{ expression: 'lower(code)', desc: true, nulls: null }], where: 'a > 0', using: null, include: [] },
            ],
          }),
          tableIR('team', {
            columns: [column('id', { nullable: false }), column('x'), column('y'), column('lead_id')],
            primaryKey: { name: 'team_pkey', columns: ['id', 'x'] },
            foreignKeys: [fk('team_lead_id_fkey', ['lead_id'], 'employee', ['id']), fk('team_x_y_fkey', ['x', 'y'], 'other', ['p', 'q'])],
          }),
        ],
      },
      { leftOut: [{ kind: 'view', name: 'staff' }, { kind: 'trigger', name: 't', note: 'on employee' }] },
    )
    expect(source).toMatchInlineSnapshot(`
      "/**
       * The model, written by \`tsmig pull\`.
       *
       * Left out (tsmig does not manage these; they stay in the database and \`tsmig check\` ignores them):
       *   view staff
       *   trigger t (on employee)
       */
      import { check, foreignKey, index, indexExpression, integer, primaryKey, sql, table, unique, type ColumnRef } from 'tsmig'

      export const employee = table('employee', {
        id: integer().notNull(),
        boss_id: integer().references((): ColumnRef => employee.id, { onDelete: 'set null' }),
        team_id: integer().references((): ColumnRef => team.id, { name: 'fk_team' }).index(),
        code: integer().unique(),
        a: integer(),
        b: integer(),
      }, (t) => [
        primaryKey({ name: 'pk_employee' }, t.id),
        unique('uq_ab').on(t.a, t.b),
        check(sql\`code > 0\`),
        check('ck_ab', sql\`a < b\`),
        index().on(indexExpression(sql\`lower(code)\`).desc()).where(sql\`a > 0\`),
      ])

      export const team = table('team', {
        id: integer().notNull(),
        x: integer(),
        y: integer(),
        lead_id: integer().references((): ColumnRef => employee.id),
      }, (t) => [
        primaryKey(t.id, t.x),
        foreignKey({ columns: [t.x, t.y], foreignTable: 'other', foreignColumns: ['p', 'q'] }),
      ])
      "
    `)
  })
})
