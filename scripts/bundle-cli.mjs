// `npm run build`, second step: bundle the CLI (tsc's dist/cli/main.js and
// everything it imports, Kysely, commander, chalk and diff included) into a
// few chunks under dist/bundle/, which bin/tsmig.js loads through
// dist/cli/run-bundle.js.
//
// Why: Node 20 resolves, reads and links every ES module on its own; the CLI
// reached ~400 of them (our ~150 plus Kysely's ~280), which cost ~250 ms
// before any work began, on every command. Dynamic imports stay split into
// chunks, so `tsmig heads` still loads neither Kysely nor the drivers.
//
// Two passes: esbuild splits into chunks for ES modules only, and Node 20
// has no code cache for ES modules (compiling the chunks again was ~40 ms of
// every command). So the ES chunks are then converted, one by one, to
// CommonJS bodies that run-bundle.ts compiles through tsmig's V8 code cache:
// imports of other chunks become `require('./chunk-….js')`, dynamic ones a
// promise of it, `import.meta.url` the chunk's URL passed in by the loader.
//
// Left outside the bundle: better-sqlite3 (a native addon), pg's optional
// native binding pg-native, and jiti (loads its Babel chunk by path; it goes
// through the code cache on its own, see src/runtime/cached-require.ts).
// pg itself is bundled: loading its ~40 files through Node was ~20 ms more.
// dist/index.js (the library entry, tsc's output) is not bundled.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const outdir = join(root, 'dist', 'bundle')
const esmDir = join(root, 'dist', 'bundle-esm')
rmSync(outdir, { recursive: true, force: true })
rmSync(esmDir, { recursive: true, force: true })

const external = ['better-sqlite3', 'pg-native', 'jiti']
const split = await build({
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js') },
  outdir: esmDir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  metafile: true,
})

const chunkFiles = readdirSync(esmDir).filter((file) => file.endsWith('.js'))
await build({
  entryPoints: chunkFiles.map((file) => join(esmDir, file)),
  outdir,
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // `import('./chunk-….js')` → a promise of `require('./chunk-….js')`: the loader serves it.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__tsmigImportMetaUrl' },
  // No source maps: the package does not ship the sources they would point at.
  logLevel: 'warning',
})
rmSync(esmDir, { recursive: true, force: true })

// Which source files each chunk holds: test/e2e-graph-light.test.ts reads it
// to check that the graph commands load no chunk with Kysely or a driver in it.
const outputs = Object.fromEntries(
  Object.entries(split.metafile.outputs).map(([file, output]) => [file.replace('dist/bundle-esm/', 'dist/bundle/'), output]),
)
writeFileSync(join(outdir, 'metafile.json'), JSON.stringify({ ...split.metafile, outputs }))
