// `npm run build`, second step: bundle the CLI (tsc's dist/cli/main.js and
// everything it imports, Kysely, commander, chalk and diff included) into a
// few files under dist/bundle/, which bin/tsmig.js runs.
//
// Why: Node 20 resolves, reads and links every ES module on its own; the CLI
// reached ~400 of them (our ~150 plus Kysely's ~280), which cost ~250 ms
// before any work began, on every command. Dynamic imports stay split into
// chunks, so `tsmig heads` still loads neither Kysely nor the drivers.
//
// Left outside the bundle: better-sqlite3 (a native addon), pg (CommonJS with
// optional native bindings) and jiti (loads its Babel chunk by path).
// dist/index.js (the library entry, tsc's output) is not bundled.
import { rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const outdir = join(root, 'dist', 'bundle')
rmSync(outdir, { recursive: true, force: true })

const result = await build({
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'pg-native', 'jiti'],
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies (commander) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __tsmigCreateRequire } from 'node:module'; const require = __tsmigCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
})
// Which source files each output file holds: test/e2e-graph-light.test.ts reads it
// to check that the graph commands load no chunk with Kysely or a driver in it.
writeFileSync(join(outdir, 'metafile.json'), JSON.stringify(result.metafile))
