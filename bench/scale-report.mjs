// The table `bench/scale.mjs` prints: each tsmig figure, its limit, the ratio,
// and whether the target holds.

const fmt = (ms) => (ms === undefined ? '-' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)

function verdict(row) {
  if (row.absoluteTarget !== undefined) return row.ms <= row.absoluteTarget ? `ok (≤ ${row.absoluteTarget} ms)` : `MISS (> ${row.absoluteTarget} ms)`
  if (row.target === undefined) return ''
  return row.ms / row.limit <= row.target ? `ok (≤ ${row.target}×)` : `MISS (> ${row.target}×)`
}

export function printTable(rows, { nodeStart, notes, quick, fastRuns, slowRuns, seconds, load }) {
  const header = ['dialect', 'size', 'tsmig command', 'tsmig', 'cold', 'limit', 'ratio', 'target', 'limit is']
  const body = rows.map((row) => [
    row.dialect,
    row.size,
    row.command,
    fmt(row.ms),
    fmt(row.cold),
    fmt(row.limit),
    `${(row.ms / row.limit).toFixed(2)}×`,
    verdict(row),
    row.limitName,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)))
  const line = (cells) => cells.map((c, i) => (i >= 3 && i <= 6 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()
  const out = []
  out.push('')
  out.push(`tsmig at scale — medians of ${fastRuns} (fast commands) / ${slowRuns} (slow) warm runs; cold = first run, empty transpile cache for new files${quick ? '; BENCH_QUICK' : ''}`)
  // Other work on the machine inflates every wall-clock figure: say how busy it was.
  out.push(`node -e 0 = ${fmt(nodeStart)} at the start (each limit uses node -e 0 timed alongside its command); whole run ${seconds.toFixed(0)} s; 1-minute load average ${load[0].toFixed(2)} at start, ${load[1].toFixed(2)} at end`)
  out.push('')
  out.push(line(header))
  out.push(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of body) out.push(line(row))
  const memory = rows.filter((r) => r.maxRssMb !== undefined)
  if (memory.length > 0) {
    out.push('')
    for (const row of memory) {
      const target = row.rssTarget === undefined ? '' : row.maxRssMb < row.rssTarget ? ` ok (< ${row.rssTarget} MB)` : ` MISS (≥ ${row.rssTarget} MB)`
      out.push(`peak RSS of check, ${row.dialect} ${row.size}: ${row.maxRssMb.toFixed(0)} MB${target}`)
    }
  }
  for (const note of notes) out.push(`note: ${note}`)
  out.push('')
  process.stdout.write(`${out.join('\n')}\n`)
}
