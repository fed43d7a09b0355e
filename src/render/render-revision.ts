import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Op } from '../ops/op.js'
import { renderOpsBody } from './render-ops.js'
import { tsString, tsStringList } from './render-value.js'

export const defaultTemplateFile = fileURLToPath(new URL('../../templates/revision.ts.tpl', import.meta.url))

export interface RevisionSource {
  readonly id: string
  readonly downRevisions: readonly string[]
  readonly branchLabels: readonly string[]
  readonly dependsOn: readonly string[]
  readonly message: string
  readonly createdAt: string
  readonly upgrade: readonly Op[]
  readonly downgrade: readonly Op[]
}

/** `null`, `'abc'` or `['a', 'b']`, as `downRevision` is written. */
function renderDownRevision(ids: readonly string[]): string {
  if (ids.length === 0) return 'null'
  return ids.length === 1 ? tsString(ids[0]) : tsStringList(ids)
}

/** Fill the revision template (the project's own, or `templates/revision.ts.tpl`). */
export async function renderRevision(source: RevisionSource, templateFile = defaultTemplateFile): Promise<string> {
  const template = await readFile(templateFile, 'utf8')
  const used = new Set<string>()
  const use = (name: string): void => void used.add(name)
  const upgrade = renderOpsBody(source.upgrade, use)
  const downgrade = renderOpsBody(source.downgrade, use)
  const imports = `import { type Operations${[...used].sort().map((n) => `, ${n}`).join('')} } from 'tsmig'`
  const values: Record<string, string> = {
    imports,
    revision: tsString(source.id),
    downRevision: renderDownRevision(source.downRevisions),
    branchLabels: tsStringList(source.branchLabels),
    dependsOn: tsStringList(source.dependsOn),
    message: tsString(source.message),
    createdAt: tsString(source.createdAt),
    upgrade,
    downgrade,
  }
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole)
}
