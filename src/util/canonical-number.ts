/**
 * A decimal number literal by its value, in one spelling: `5.0`, `5`,
 * `5e0`, `05`, `+5` → `5`; `-0.50` → `-0.5`; `1e3` → `1000`. Null for
 * anything else (hex, text, an exponent too large to write out), which the
 * caller then compares as written. Exact: digits are moved, never parsed into a float.
 */
export function canonicalNumber(text: string): string | null {
  const match = /^\s*([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\s*$/.exec(text)
  if (match === null) return null
  const [, sign, whole, fraction = '', exponentText] = match
  if (whole === '' && fraction === '') return null
  const exponent = exponentText === undefined ? 0 : Number(exponentText)
  if (Math.abs(exponent) > 1000) return null
  let digits = whole + fraction
  // Where the decimal point falls within `digits`.
  let point = whole.length + exponent
  while (digits.startsWith('0')) {
    digits = digits.slice(1)
    point--
  }
  digits = digits.replace(/0+$/, '')
  if (digits === '') return '0'
  const magnitude =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`
  return sign === '-' ? `-${magnitude}` : magnitude
}
