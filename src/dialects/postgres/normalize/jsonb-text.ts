/**
 * The text PostgreSQL prints for a jsonb value (`jsonb_out`): `{"a": 1, "b": [1, 2]}`,
 * keys sorted shortest first then bytewise, duplicate keys resolved to the last,
 * one space after `:` and `,`. Used so that a model default `'{"b":1,"a":2}'`
 * equals what the database reports for it.
 *
 * Returns null for text that is not JSON, or that holds numbers with an exponent
 * (jsonb prints those as plain decimals; rewriting them is not worth the risk).
 */
export function canonicalJsonbText(text: string): string | null {
  const parser = new JsonReader(text)
  try {
    const value = parser.readValue()
    parser.skipSpace()
    if (!parser.atEnd()) return null
    return print(value)
  } catch {
    return null
  }
}

type JsonValue =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyMap<string, JsonValue> }

class JsonReader {
  private i = 0
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.i >= this.text.length
  }

  skipSpace(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) this.i++
  }

  readValue(): JsonValue {
    this.skipSpace()
    const ch = this.text[this.i]
    if (ch === '{') return this.readObject()
    if (ch === '[') return this.readArray()
    if (ch === '"') return { kind: 'string', value: this.readString() }
    const m = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)/.exec(this.text.slice(this.i))
    if (m === null || /^[eE]/.test(this.text.slice(this.i + m[0].length))) throw new Error('unsupported JSON')
    this.i += m[0].length
    return { kind: 'literal', text: m[0] }
  }

  private expect(ch: string): void {
    this.skipSpace()
    if (this.text[this.i] !== ch) throw new Error(`expected ${ch}`)
    this.i++
  }

  private peek(): string {
    this.skipSpace()
    return this.text[this.i]
  }

  private readObject(): JsonValue {
    this.expect('{')
    const entries = new Map<string, JsonValue>()
    if (this.peek() === '}') {
      this.i++
      return { kind: 'object', entries }
    }
    for (;;) {
      this.skipSpace()
      const key = this.readString()
      this.expect(':')
      entries.delete(key)
      entries.set(key, this.readValue())
      if (this.peek() === ',') {
        this.i++
        continue
      }
      this.expect('}')
      return { kind: 'object', entries }
    }
  }

  private readArray(): JsonValue {
    this.expect('[')
    const items: JsonValue[] = []
    if (this.peek() === ']') {
      this.i++
      return { kind: 'array', items }
    }
    for (;;) {
      items.push(this.readValue())
      if (this.peek() === ',') {
        this.i++
        continue
      }
      this.expect(']')
      return { kind: 'array', items }
    }
  }

  private readString(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.text.slice(this.i))
    if (m === null) throw new Error('bad string')
    this.i += m[0].length
    return JSON.parse(m[0]) as string
  }
}

function compareKeys(a: string, b: string): number {
  const [ba, bb] = [Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')]
  return ba.length !== bb.length ? ba.length - bb.length : Buffer.compare(ba, bb)
}

function printString(value: string): string {
  let out = '"'
  for (const ch of value) {
    const code = ch.codePointAt(0)!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += ch
  }
  return out + '"'
}

function print(value: JsonValue): string {
  switch (value.kind) {
    case 'literal':
      return value.text
    case 'string':
      return printString(value.value)
    case 'array':
      return `[${value.items.map(print).join(', ')}]`
    case 'object': {
      const keys = [...value.entries.keys()].sort(compareKeys)
      return `{${keys.map((k) => `${printString(k)}: ${print(value.entries.get(k)!)}`).join(', ')}}`
    }
  }
}
