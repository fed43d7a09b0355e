import { describe, expect, it } from 'vitest'
import { normalizePostgresDefault } from '../src/dialects/postgres/normalize/normalize-default.js'
import { comparableDefault, comparableSqlExpression } from '../src/dialects/sqlite/normalize/normalize-expression.js'
import { canonicalNumber } from '../src/util/canonical-number.js'

describe('canonicalNumber: a number by its value', () => {
  it.each([
    ['5', '5'], ['5.0', '5'], ['5e0', '5'], ['05', '5'], ['+5', '5'], ['-0.50', '-0.5'], ['1e3', '1000'], ['1.5E-2', '0.015'],
    ['.5', '0.5'], ['0', '0'], ['-0.0', '0'], ['120', '120'], ['123456789012345678901234567890.10', '123456789012345678901234567890.1'],
  ])('%s → %s', (text, value) => expect(canonicalNumber(text)).toBe(value))
  it.each(['x', '', '0x1F', '1e99999', '1 + 1', '.'])('%s is no plain number', (text) => expect(canonicalNumber(text)).toBeNull())
})

describe('SQLite compares expressions by meaning, not spelling', () => {
  it.each([
    ['x>0', 'x > 0'],
    [`"x" in ('a','b')`, `x IN ('a', 'b')`],
    ['(( Price >= -1 ))', 'price>=-1'],
    ['lower( "Email" )', 'LOWER(email)'],
    ['a AND b OR NOT c', 'a and b or not c'],
  ])('%s = %s', (a, b) => expect(comparableSqlExpression(a)).toBe(comparableSqlExpression(b)))
  it.each([
    [`x IN ('a', 'b')`, `x IN ('A', 'b')`],
    ['x > 0', 'x >= 0'],
    ['"Select" > 0', 'sel > 0'],
  ])('%s ≠ %s', (a, b) => expect(comparableSqlExpression(a)).not.toBe(comparableSqlExpression(b)))
  it('prints one readable spelling', () => {
    expect(comparableSqlExpression(`"x"  in('a','b') AND y>-1`)).toBe(`x IN ('a', 'b') AND y > -1`)
    expect(comparableSqlExpression('lower( email )')).toBe('lower(email)')
  })
  it('defaults: numbers by value on numeric columns, 1/0 as true/false on boolean ones', () => {
    expect(comparableDefault('5.0', { kind: 'doublePrecision' })).toBe(comparableDefault('5', { kind: 'doublePrecision' }))
    expect(comparableDefault("'0'", { kind: 'numeric', precision: 10, scale: 2 })).toBe('0')
    expect(comparableDefault('1', { kind: 'boolean' })).toBe('true')
    expect(comparableDefault('0', { kind: 'boolean' })).toBe('false')
    expect(comparableDefault('TRUE', { kind: 'boolean' })).toBe('true')
    expect(comparableDefault("'5.0'", { kind: 'text' })).toBe("'5.0'")
    expect(comparableDefault('NULL', { kind: 'text' })).toBeNull()
  })
})

describe('PostgreSQL compares numeric defaults by value', () => {
  it.each([
    ['5.0', '5', 'doublePrecision'], ['0.00', '0', 'numeric'], ["'1.50'::numeric", '1.5', 'numeric'], ['-5.0', '-5', 'real'],
  ] as const)('%s = %s on %s', (a, b, kind) => {
    expect(normalizePostgresDefault(a, { kind })).toBe(normalizePostgresDefault(b, { kind }))
  })
  it('text keeps its spelling', () => {
    expect(normalizePostgresDefault("'5.0'::text", { kind: 'text' })).toBe("'5.0'")
  })
})
