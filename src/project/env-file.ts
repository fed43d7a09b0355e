import { readFileSync } from 'node:fs'

/**
 * Load a `.env` file into `process.env`. Variables already set win, as with
 * dotenv, so the shell and CI can override the file. Supports `KEY=value`,
 * `export KEY=value`, quotes, and `#` comments.
 */
export function loadEnvFile(path: string): void {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return
  }
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line)
    if (!match) continue
    const [, key, rest] = match
    let value = rest
    const quote = value[0]
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote))
      if (quote === '"') value = value.replace(/\\n/g, '\n')
    } else {
      value = value.replace(/\s+#.*$/, '')
    }
    if (process.env[key] === undefined) process.env[key] = value
  }
}
