// Preload used by `bench/scale-process.mjs` when GNU time is absent: writes the
// process's peak resident set size (KB, as GNU time's %M) to TSMIG_BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs'

const file = process.env.TSMIG_BENCH_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`))
