/**
 * A hand-written revision file's source, as the binary-driven tests write
 * them. `upgrade`'s first body line is line 9 of the file
 * (`revisionUpgradeBodyLine`), which tests of error locations rely on.
 */
export function revisionSource(id: string, down: string | null, upgrade: string, downgrade = ''): string {
  return `import { type Operations, serial, text } from 'tsmig'
export const revision = '${id}'
export const downRevision: string | string[] | null = ${down === null ? 'null' : `'${down}'`}
export const branchLabels: string[] = []
export const dependsOn: string[] = []
export const message = 'rev ${id}'
export const createdAt = '2026-11-26T00:00:00Z'
export async function upgrade(op: Operations): Promise<void> {
${upgrade}
}
export async function downgrade(op: Operations): Promise<void> {
${downgrade}
}
`
}

/** The line of `upgrade`'s first body line in `revisionSource(…)`. */
export const revisionUpgradeBodyLine = 9
