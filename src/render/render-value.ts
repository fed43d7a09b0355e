/** TypeScript source for values in generated revision files. */

// What each literal must escape. Most names and expressions have none of it,
// and a generated revision writes thousands of them: test before replacing.
const needsStringEscape = /[\\'\n\r]/
const needsTemplateEscape = /[\\`]|\$\{/

/** A JS string literal, single-quoted, as a person would write it. */
export function tsString(value: string): string {
  if (!needsStringEscape.test(value)) return `'${value}'`
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`
}

/** `sql\`…\`` for SQL text, escaping what a template literal would interpret. */
export function tsSql(text: string): string {
  if (!needsTemplateEscape.test(text)) return `sql\`${text}\``
  return `sql\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``
}

/** Each item rendered, comma-separated: `map(render).join(', ')` without the intermediate array. */
export function commaSeparated<T>(items: readonly T[], render: (item: T) => string): string {
  let text = items.length === 0 ? '' : render(items[0])
  for (let i = 1; i < items.length; i++) text += `, ${render(items[i])}`
  return text
}

/** `'a', 'b'`: the values quoted and comma-separated. */
export function tsStrings(values: readonly string[]): string {
  return commaSeparated(values, tsString)
}

export function tsStringList(values: readonly string[]): string {
  return `[${tsStrings(values)}]`
}

const plainNumber = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/
const trailingFractionZero = /\.\d*0$/
const quotedString = /^'((?:[^']|'')*)'$/

/**
 * A server default as the argument of `.default(…)`: plain JS for simple
 * literals (`true`, `0`, `'draft'`), `sql\`…\`` for expressions. The DSL
 * turns the JS value back into the same SQL text, so the round trip is exact.
 */
export function tsDefault(sqlText: string): string {
  if (sqlText === 'true' || sqlText === 'false') return sqlText
  if (plainNumber.test(sqlText) && !trailingFractionZero.test(sqlText)) return sqlText
  const quoted = quotedString.exec(sqlText)
  if (quoted) return tsString(quoted[1].replace(/''/g, "'"))
  return tsSql(sqlText)
}

/** An object literal of the options that differ from their defaults; empty string when none. */
export function tsOptions(entries: readonly (readonly [string, string | undefined])[]): string {
  let body = ''
  // Indexed, not `for (const [key, value] of …)`: a revision makes thousands of
  // these, mostly in a short cold process, where each destructuring iterates.
  for (let i = 0; i < entries.length; i++) {
    const value = entries[i][1]
    if (value !== undefined) body += `${body === '' ? '' : ', '}${entries[i][0]}: ${value}`
  }
  return body === '' ? '' : `{ ${body} }`
}

const plainIdentifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** An object key: bare when it is a plain identifier, quoted otherwise. */
export function tsKey(name: string): string {
  return plainIdentifier.test(name) ? name : tsString(name)
}
