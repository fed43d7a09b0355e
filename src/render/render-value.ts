/** TypeScript source for values in generated revision files. */

/** A JS string literal, single-quoted, as a person would write it. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`
}

/** `sql\`…\`` for SQL text, escaping what a template literal would interpret. */
export function tsSql(text: string): string {
  return `sql\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``
}

export function tsStringList(values: readonly string[]): string {
  return `[${values.map(tsString).join(', ')}]`
}

/**
 * A server default as the argument of `.default(…)`: plain JS for simple
 * literals (`true`, `0`, `'draft'`), `sql\`…\`` for expressions. The DSL
 * turns the JS value back into the same SQL text, so the round trip is exact.
 */
export function tsDefault(sqlText: string): string {
  if (sqlText === 'true' || sqlText === 'false') return sqlText
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(sqlText) && !/\.\d*0$/.test(sqlText)) return sqlText
  const quoted = /^'((?:[^']|'')*)'$/.exec(sqlText)
  if (quoted) return tsString(quoted[1].replace(/''/g, "'"))
  return tsSql(sqlText)
}

/** An object literal of the options that differ from their defaults; empty string when none. */
export function tsOptions(entries: readonly (readonly [string, string | undefined])[]): string {
  const present = entries.filter((e): e is readonly [string, string] => e[1] !== undefined)
  return present.length === 0 ? '' : `{ ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} }`
}

/** An object key: bare when it is a plain identifier, quoted otherwise. */
export function tsKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : tsString(name)
}
