import { interruption, signalExitCode, type InterruptSignal } from '../runtime/interruption.js'
import { registerTsmigApiModule } from '../tsmig-api-module.js'
import { run } from './run.js'

/**
 * Ctrl-C / SIGTERM: while migrations (or a stamp) run, the first signal
 * cancels the running statement, and the run rolls back, releases its lock
 * and reports `interrupted: …` (exit 130 / 143). Otherwise, and on a second
 * signal, tsmig exits at once.
 */
function handleSignals(): void {
  const onSignal = (signal: InterruptSignal) => {
    if (!interruption.request(signal)) process.exit(signalExitCode(signal))
    // The second signal gets Node's default action: it ends the process at once, even while a
    // SQLite statement holds the thread (a listener could not run until it returned).
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

export async function main(): Promise<void> {
  // `tsmig upgrade --sql | head`: a reader that goes away is not an error of ours.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw error
    })
  }
  handleSignals()
  registerTsmigApiModule()
  process.exitCode = await run(process.argv.slice(2))
  // Interrupted: the run has rolled back and released its lock; nothing left is worth waiting for.
  if (interruption.signal !== undefined) process.exit(signalExitCode(interruption.signal))
}
