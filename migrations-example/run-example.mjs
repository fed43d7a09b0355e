// `npm run example`: the main job end to end on SQLite, no server needed.
// Starts from an empty database and no revisions each time, then:
// autogenerate → upgrade head → check → downgrade -1 → upgrade head → check.
import { existsSync, readdirSync, rmSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { run } from '../dist/api.js'

const here = dirname(fileURLToPath(import.meta.url))
process.chdir(here)
for (const file of ['example.sqlite3', 'example.sqlite3-journal']) rmSync(join(here, file), { force: true })
rmSync(join(here, 'migrations'), { recursive: true, force: true })

const steps = [
  ['revision', '--autogenerate', '-m', 'create users and posts'],
  ['upgrade', 'head'],
  ['check'],
  ['downgrade', '-1'],
  ['upgrade', 'head'],
  ['check'],
  ['history'],
]

for (const args of steps) {
  console.log(`\n$ tsmig ${args.join(' ')}`)
  const code = await run(args)
  if (code !== 0) {
    console.error(`tsmig ${args[0]} exited with ${code}`)
    process.exit(code)
  }
  if (args[0] === 'revision') {
    const dir = join(here, 'migrations')
    const [file] = existsSync(dir) ? readdirSync(dir) : []
    if (file) console.log(`\n--- migrations/${file} ---\n${readFileSync(join(dir, file), 'utf8')}---`)
  }
}
console.log('\nexample finished: the model, the revision and the database agree.')
