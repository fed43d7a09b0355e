import { Chalk, type ChalkInstance } from 'chalk'

/**
 * Where commands print. Colour follows `--no-color`, `NO_COLOR` and whether
 * stdout is a terminal; tests pass a collecting output.
 */
export interface Output {
  readonly color: ChalkInstance
  line(text?: string): void
  warn(text: string): void
}

export function consoleOutput(options: { readonly color: boolean }): Output {
  const color = new Chalk({ level: options.color ? 1 : 0 })
  return {
    color,
    line: (text = '') => process.stdout.write(`${text}\n`),
    warn: (text) => process.stderr.write(`${color.yellow(`warning: ${text}`)}\n`),
  }
}

/** An output that keeps lines, for tests and `--json`. */
export function collectingOutput(): Output & { readonly lines: string[]; readonly warnings: string[] } {
  const lines: string[] = []
  const warnings: string[] = []
  return {
    color: new Chalk({ level: 0 }),
    lines,
    warnings,
    line: (text = '') => void lines.push(text),
    warn: (text) => void warnings.push(text),
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`
}
