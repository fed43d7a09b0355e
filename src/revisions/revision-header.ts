import { TsmigError } from '../errors.js'
import { readHeaderValue, type HeaderValue } from './header-literal.js'

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

const HEADER_NAMES = ['revision', 'downRevision', 'branchLabels', 'dependsOn', 'message', 'createdAt'] as const
type HeaderName = (typeof HEADER_NAMES)[number]

/**
 * `export const <name>[: type] =` at the start of a line (so a commented-out
 * line does not count). The type annotation of the template has no `=`.
 */
const HEADER_EXPORT = /^[ \t]*export[ \t]+const[ \t]+(revision|downRevision|branchLabels|dependsOn|message|createdAt)\b[ \t]*(?::[^=\n]*)?=/gm
const UPGRADE = /^[ \t]*export[ \t]+(?:async[ \t]+function[ \t]*\*?|function[ \t]*\*?|const|let)[ \t]*upgrade\b/m
const DOWNGRADE = /^[ \t]*export[ \t]+(?:async[ \t]+function[ \t]*\*?|function[ \t]*\*?|const|let)[ \t]*downgrade\b/m

/** The header exports found in one pass; the first of a name wins (TypeScript rejects a second anyway). */
function headerValues(source: string): Map<HeaderName, HeaderValue> {
  const values = new Map<HeaderName, HeaderValue>()
  HEADER_EXPORT.lastIndex = 0
  for (let match = HEADER_EXPORT.exec(source); match !== null; match = HEADER_EXPORT.exec(source)) {
    const name = match[1] as HeaderName
    if (!values.has(name)) values.set(name, readHeaderValue(source, HEADER_EXPORT.lastIndex))
    if (values.size === HEADER_NAMES.length) break
  }
  return values
}

function describeValue(value: HeaderValue): string {
  return value.kind === 'other' ? value.text : JSON.stringify(value.kind === 'string' ? value.value : value.kind === 'list' ? value.values : null)
}

function stringList(file: string, name: HeaderName, value: HeaderValue | undefined): string[] {
  if (value === undefined) return []
  switch (value.kind) {
    case 'null':
      return []
    case 'string':
      return [value.value]
    case 'list':
      return [...value.values]
    case 'other':
      throw new RevisionFileError(
        `${file}: \`${name}\` must be a string literal, a list of string literals or null, written in the file itself (got ${value.text})`,
      )
  }
}

function optionalString(value: HeaderValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined
}

/**
 * Parse the header exports of a revision file from its source text: graph
 * commands on 1,000 revisions must not execute 1,000 modules. Values must be
 * literals (a list may span lines); the runner checks, when it imports the
 * module, that the module's own values agree with what was read here.
 */
export function parseRevisionHeader(file: string, source: string): RevisionHeader {
  const values = headerValues(source)
  const revision = values.get('revision')
  if (revision === undefined) throw new RevisionFileError(`${file}: missing \`export const revision = '<id>'\``)
  if (revision.kind !== 'string') {
    throw new RevisionFileError(`${file}: \`revision\` must be a string literal (got ${describeValue(revision)})`)
  }
  const id = revision.value
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new RevisionFileError(`${file}: revision id ${JSON.stringify(id)} must be letters, digits, _ or -`)
  if (!UPGRADE.test(source)) throw new RevisionFileError(`${file}: missing \`export async function upgrade(op)\``)
  if (!DOWNGRADE.test(source)) throw new RevisionFileError(`${file}: missing \`export async function downgrade(op)\``)
  const down = values.get('downRevision')
  if (down === undefined) throw new RevisionFileError(`${file}: missing \`export const downRevision = …\` (null for the first revision)`)
  return {
    id,
    downRevisions: stringList(file, 'downRevision', down),
    dependsOn: stringList(file, 'dependsOn', values.get('dependsOn')),
    branchLabels: stringList(file, 'branchLabels', values.get('branchLabels')),
    message: optionalString(values.get('message')) ?? '',
    createdAt: optionalString(values.get('createdAt')) ?? null,
    file,
  }
}
