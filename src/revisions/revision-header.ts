import { TsmigError } from '../errors.js'

export class RevisionFileError extends TsmigError {}

/** What a revision file declares about itself, read without running it. */
export interface RevisionHeader {
  readonly id: string
  readonly downRevisions: readonly string[]
  readonly dependsOn: readonly string[]
  readonly branchLabels: readonly string[]
  readonly message: string
  readonly createdAt: string | null
  readonly file: string
}

const stringLiteral = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`

function unquote(literal: string): string {
  return JSON.parse(literal[0] === "'" ? `"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : literal)
}

/** The value of `export const <name>[: type] = <value>`, or undefined when absent. */
function exportedValue(source: string, name: string): string | undefined {
  const pattern = new RegExp(String.raw`export\s+const\s+${name}\s*(?::[^=]+)?=\s*([^\n;]+)`)
  return pattern.exec(source)?.[1].trim()
}

function parseStringList(file: string, name: string, value: string | undefined): string[] {
  if (value === undefined || value === 'null' || value === 'undefined') return []
  const literal = new RegExp(`^(${stringLiteral})$`)
  if (literal.test(value)) return [unquote(value)]
  const list = /^\[(.*)\]$/.exec(value)
  if (!list) throw new RevisionFileError(`${file}: \`${name}\` must be a string, a list of strings or null (got ${value})`)
  const items = list[1].split(',').map((s) => s.trim()).filter((s) => s !== '')
  return items.map((item) => {
    if (!literal.test(item)) throw new RevisionFileError(`${file}: \`${name}\` must list string literals (got ${item})`)
    return unquote(item)
  })
}

/**
 * Parse the header exports of a revision file from its source text: graph
 * commands on 1,000 revisions must not execute 1,000 modules. The template
 * writes each export on one line; a file that doesn't is reported.
 */
export function parseRevisionHeader(file: string, source: string): RevisionHeader {
  const revision = exportedValue(source, 'revision')
  if (revision === undefined) throw new RevisionFileError(`${file}: missing \`export const revision = '<id>'\``)
  if (!new RegExp(`^(${stringLiteral})$`).test(revision)) {
    throw new RevisionFileError(`${file}: \`revision\` must be a string literal (got ${revision})`)
  }
  const id = unquote(revision)
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new RevisionFileError(`${file}: revision id ${JSON.stringify(id)} must be letters, digits, _ or -`)
  if (!/export\s+(async\s+)?function\s+upgrade\b|export\s+const\s+upgrade\b/.test(source)) {
    throw new RevisionFileError(`${file}: missing \`export async function upgrade(op)\``)
  }
  if (!/export\s+(async\s+)?function\s+downgrade\b|export\s+const\s+downgrade\b/.test(source)) {
    throw new RevisionFileError(`${file}: missing \`export async function downgrade(op)\``)
  }
  const downValue = exportedValue(source, 'downRevision')
  if (downValue === undefined) throw new RevisionFileError(`${file}: missing \`export const downRevision = …\` (null for the first revision)`)
  const messageValue = exportedValue(source, 'message')
  const createdValue = exportedValue(source, 'createdAt')
  const isLiteral = (v: string | undefined): v is string => v !== undefined && new RegExp(`^(${stringLiteral})$`).test(v)
  return {
    id,
    downRevisions: parseStringList(file, 'downRevision', downValue),
    dependsOn: parseStringList(file, 'dependsOn', exportedValue(source, 'dependsOn')),
    branchLabels: parseStringList(file, 'branchLabels', exportedValue(source, 'branchLabels')),
    message: isLiteral(messageValue) ? unquote(messageValue) : '',
    createdAt: isLiteral(createdValue) ? unquote(createdValue) : null,
    file,
  }
}
