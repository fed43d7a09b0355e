/**
 * The first `bytes` bytes of `text` in UTF-8, without splitting a character:
 * what PostgreSQL keeps of a name past its identifier limit.
 */
export function cutUtf8(text: string, bytes: number): string {
  let out = ''
  let used = 0
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8')
    if (used + size > bytes) break
    out += ch
    used += size
  }
  return out
}
