import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TsmigError } from '../errors.js'
import { parseRevisionHeader, type RevisionHeader } from './revision-header.js'

export class MigrationsFolderError extends TsmigError {}

const revisionFilePattern = /\.(ts|mts|js|mjs)$/

function isRevisionFile(name: string): boolean {
  return revisionFilePattern.test(name) && !name.endsWith('.d.ts') && !name.startsWith('.') && !name.startsWith('_')
}

/** Read the header of every revision file in the folder (sorted by file name for stable output). */
export async function scanRevisions(dir: string): Promise<RevisionHeader[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MigrationsFolderError(`migrations folder ${dir} does not exist (run \`tsmig init\` or fix \`migrations\` in the config)`)
    }
    throw error
  }
  const files = names.filter(isRevisionFile).sort()
  return Promise.all(
    files.map(async (name) => {
      const file = join(dir, name)
      return parseRevisionHeader(file, await readFile(file, 'utf8'))
    }),
  )
}
