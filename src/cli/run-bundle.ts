import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { requireCached } from '../loader/cached-require.js'

/**
 * Loads the CLI bundle (scripts/bundle-cli.mjs) and runs it. The bundle is
 * esbuild's output split into chunks (a command's chunk is loaded when the
 * command runs: `tsmig heads` loads no Kysely, driver or model), converted to
 * CommonJS so that its code goes through the V8 code cache like the user's
 * modules do (../runtime/cached-require.ts). Node 20 compiles ES modules
 * without a cache: ~40 ms of every command went to compiling the same chunks
 * again, and ~20 ms to resolving and linking them as ES modules.
 */
const bundleDir = join(dirname(dirname(fileURLToPath(import.meta.url))), 'bundle')

/** Run the CLI on this process's arguments. */
export async function runBundledCli(): Promise<void> {
  const { main } = requireCached(join(bundleDir, 'main.js')) as { main: () => Promise<void> }
  await main()
}
