import { readFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where in the user's own files (config, schema modules, revisions) an error
 * happened, for messages. jiti transpiles TypeScript with Babel's
 * `retainLines`, so the line numbers V8 reports for a transpiled file are
 * those of the TypeScript source: no source map is needed for the line.
 * Columns are only exact for syntax errors (Babel reports them on the
 * source); for an exception, type annotations removed earlier on the line
 * shift them, so only the line is given.
 */
export interface UserLocation {
  readonly file: string
  readonly line: number
  /** Only where it is the source's own column (syntax errors). */
  readonly column?: number
}

/** tsmig's own code: frames in it are not the user's (the package root is three folders up, from dist/runtime/ or dist/bundle/ alike). */
const packageRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
const ownFolders = [join(packageRoot, 'dist') + sep, join(packageRoot, 'src') + sep]

/** A file a stack frame names is the user's: not tsmig's, not a package's, not Node's. */
export function isUserFile(file: string): boolean {
  if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`)) return false
  if (!file.startsWith(sep) && !/^[A-Za-z]:[\\/]/.test(file)) return false
  return !ownFolders.some((folder) => file.startsWith(folder))
}

const framePattern = /^\s+at (?:.*? \()?(?:file:\/\/)?(.+?):(\d+):(\d+)\)?$/

/** The `file:line` of each `at …` line of a stack. */
function frames(stack: string): { readonly text: string; readonly file?: string; readonly line?: number }[] {
  return stack.split('\n').map((text) => {
    const match = framePattern.exec(text)
    return match === null ? { text } : { text, file: decodeURIComponent(match[1]), line: Number(match[2]) }
  })
}

/** jiti's parse errors end with `\n <file>:<line>:<column>` (Babel's position on the TypeScript source; the column counts from 0). */
const parseErrorLocation = /\n\s*(\S.*?):(\d+):(\d+)\s*$/

/** Node's own syntax errors start their stack with `<file>:<line>` and the line's text. */
const v8SyntaxLocation = /^(.+?):(\d+)\n/

/**
 * Where `error` points in the user's files: a syntax error's position, else
 * the first frame of its stack in a user file (in `preferFile` when one is).
 */
export function userLocation(error: unknown, preferFile?: string): UserLocation | undefined {
  if (!(error instanceof Error)) return undefined
  const parsed = parseErrorLocation.exec(error.message)
  if (parsed !== null) return { file: parsed[1], line: Number(parsed[2]), column: Number(parsed[3]) + 1 }
  const stack = error.stack ?? ''
  if (error instanceof SyntaxError) {
    const v8 = v8SyntaxLocation.exec(stack)
    if (v8 !== null && isUserFile(v8[1])) return { file: v8[1], line: Number(v8[2]) }
  }
  return stackLocation(stack, preferFile)
}

/** The first frame of `stack` in a user file (in `preferFile` when one is). */
export function stackLocation(stack: string, preferFile?: string): UserLocation | undefined {
  const user = frames(stack).filter((frame) => frame.file !== undefined && isUserFile(frame.file))
  const best = user.find((frame) => frame.file === preferFile) ?? user[0]
  return best === undefined ? undefined : { file: best.file!, line: best.line! }
}

/** `file:line` or `file:line:column`. */
export function formatLocation(location: UserLocation): string {
  return `${location.file}:${location.line}${location.column === undefined ? '' : `:${location.column}`}`
}

/** An error's message without the location jiti appends to parse errors. */
export function userErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return (error.message.replace(parseErrorLocation, '').split('\n')[0] ?? '').trim() || error.name
}

/**
 * The offending line of the file, and the one before it, numbered; a caret
 * under the column when it is known: `  7 |   name: seriall(),`.
 */
export function codeFrame(location: UserLocation): string[] {
  let lines: string[]
  try {
    lines = readFileSync(location.file, 'utf8').split(/\r?\n/)
  } catch {
    return []
  }
  const at = location.line - 1
  if (at < 0 || at >= lines.length) return []
  const width = String(location.line).length
  const numbered = (i: number) => `${String(i + 1).padStart(width)} | ${lines[i]}`
  const frame = at > 0 && lines[at - 1].trim() !== '' ? [numbered(at - 1)] : []
  frame.push(numbered(at))
  if (location.column !== undefined) frame.push(`${' '.repeat(width)} | ${' '.repeat(Math.max(0, location.column - 1))}^`)
  return frame
}

/** A stack with the frames in the user's files first (`--verbose`), then the rest in their order. */
export function userFramesFirst(stack: string): string {
  const all = frames(stack)
  const head = all.filter((frame) => frame.file === undefined && !frame.text.startsWith('    at '))
  const at = all.filter((frame) => !head.includes(frame))
  const user = at.filter((frame) => frame.file !== undefined && isUserFile(frame.file))
  return [...head, ...user, ...at.filter((frame) => !user.includes(frame))].map((frame) => frame.text).join('\n')
}

/** What a message says of an error from loading or running user code: where (`file:line[:column]`, else `file`), why, and the code frame. */
export interface UserCodeFailure {
  readonly where: string
  readonly reason: string
  readonly details: readonly string[]
}

export function describeUserCodeFailure(error: unknown, file: string): UserCodeFailure {
  const location = userLocation(error, file)
  return {
    where: location === undefined ? file : formatLocation(location),
    reason: userErrorMessage(error),
    details: location === undefined ? [] : codeFrame(location),
  }
}
