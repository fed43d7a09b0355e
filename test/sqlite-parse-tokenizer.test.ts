import { describe, expect, it } from 'vitest'
import { tokenizeSql } from '../src/dialects/sqlite/expression/tokenize-sql.js'

// The tokenizer cuts a statement with one regex and classifies each piece by
// its first character; these pin the edge cases of that split to what the
// character-by-character scanner it replaced produced.
const tokens = (sql: string) => tokenizeSql(sql).map((t) => [t.kind, t.text, t.value, t.spaceBefore])

describe('tokenizeSql edge cases', () => {
  it('treats comments as whitespace, an unterminated block comment included', () => {
    expect(tokens('a-- c\n/* x */b')).toEqual([
      ['word', 'a', 'a', false],
      ['word', 'b', 'b', true],
    ])
    expect(tokens('x/* open')).toEqual([['word', 'x', 'x', false]])
  })

  it('reads numbers as SQLite does: an exponent needs digits, hex may be empty', () => {
    expect(tokens('1e 1e5 1.5e+3_0 .5 0x1F_ 0x 5.a')).toEqual([
      ['number', '1', '1', false],
      ['word', 'e', 'e', false],
      ['number', '1e5', '1e5', true],
      ['number', '1.5e+3_0', '1.5e+3_0', true],
      ['number', '.5', '.5', true],
      ['number', '0x1F_', '0x1F_', true],
      ['number', '0x', '0x', true],
      ['number', '5.', '5.', true],
      ['word', 'a', 'a', false],
    ])
  })

  it('tells blobs from words and unescapes quoted identifiers', () => {
    expect(tokens(`x'00' X'ff' xyz 'it''s' "a""b" \`c\` [d e]`)).toEqual([
      ['blob', "x'00'", "x'00'", false],
      ['blob', "X'ff'", "X'ff'", true],
      ['word', 'xyz', 'xyz', true],
      ['string', "'it''s'", "'it''s'", true],
      ['quoted', '"a""b"', 'a"b', true],
      ['quoted', '`c`', 'c', true],
      ['quoted', '[d e]', 'd e', true],
    ])
  })

  it('reads variables, operators and punctuation', () => {
    expect(tokens('?1 :name @p $x ? (a,b);c.d#e')).toEqual([
      ['variable', '?1', '?1', false],
      ['variable', ':name', ':name', true],
      ['variable', '@p', '@p', true],
      ['variable', '$x', '$x', true],
      ['variable', '?', '?', true],
      ['punct', '(', '(', true],
      ['word', 'a', 'a', false],
      ['punct', ',', ',', false],
      ['word', 'b', 'b', false],
      ['punct', ')', ')', false],
      ['punct', ';', ';', false],
      ['word', 'c', 'c', false],
      ['punct', '.', '.', false],
      ['word', 'd', 'd', false],
      ['operator', '#', '#', false],
      ['word', 'e', 'e', false],
    ])
    expect(tokens('a->>b->c||d<=e<>f!=g==h<<i>>j').filter(([kind]) => kind === 'operator').map(([, text]) => text)).toEqual([
      '->>', '->', '||', '<=', '<>', '!=', '==', '<<', '>>',
    ])
  })

  it('takes non-ASCII letters into words, and non-ASCII spaces as whitespace only between tokens', () => {
    expect(tokens('\u00a0été\u00a0x\u3000y z')).toEqual([
      ['word', 'été\u00a0x\u3000y', 'été\u00a0x\u3000y', true],
      ['word', 'z', 'z', true],
    ])
  })

  it('upper-cases words only', () => {
    expect(tokenizeSql(`Foo "bar" 'baz'`).map((t) => t.upper)).toEqual(['FOO', '', ''])
    // Words already upper case are their own upper case; non-ASCII letters are upper-cased too.
    expect(tokenizeSql('NOT A_1$ été Straße x').map((t) => t.upper)).toEqual(['NOT', 'A_1$', 'ÉTÉ', 'STRASSE', 'X'])
  })

  it('tells comments, operators and punctuation apart by their second character', () => {
    expect(tokens('a.b .5 - -> ->> -- c\n/ /* d */ e-f')).toEqual([
      ['word', 'a', 'a', false],
      ['punct', '.', '.', false],
      ['word', 'b', 'b', false],
      ['number', '.5', '.5', true],
      ['operator', '-', '-', true],
      ['operator', '->', '->', true],
      ['operator', '->>', '->>', true],
      ['operator', '/', '/', true],
      ['word', 'e', 'e', true],
      ['operator', '-', '-', false],
      ['word', 'f', 'f', false],
    ])
    expect(tokens('-')).toEqual([['operator', '-', '-', false]])
    expect(tokens('a/')).toEqual([['word', 'a', 'a', false], ['operator', '/', '/', false]])
  })

  it('reports each kind of unterminated quote', () => {
    expect(() => tokenizeSql(`'open`)).toThrow(`unterminated 'quoted' text in SQL: 'open`)
    expect(() => tokenizeSql(`'a''`)).toThrow(`unterminated 'quoted' text in SQL: 'a''`)
    expect(() => tokenizeSql(`x'ab`)).toThrow(`unterminated 'quoted' text in SQL: x'ab`)
    expect(() => tokenizeSql(`"q`)).toThrow(`unterminated "quoted" text in SQL: "q`)
    expect(() => tokenizeSql('`q')).toThrow('unterminated `quoted` text in SQL: `q')
    expect(() => tokenizeSql('[q')).toThrow('unterminated [identifier] in SQL: [q')
  })
})
