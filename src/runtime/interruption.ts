import { TsmigError } from '../errors.js'

export type InterruptSignal = 'SIGINT' | 'SIGTERM'

/** The exit code of a process that stops on `signal`, as a shell reports one killed by it. */
export const signalExitCode = (signal: InterruptSignal): number => (signal === 'SIGINT' ? 130 : 143)

/**
 * A migration (or stamp) stopped on SIGINT/SIGTERM. The message says what
 * was rolled back and where the database is; the CLI prints it after
 * `interrupted: ` and exits with the signal's code.
 */
export class InterruptedError extends TsmigError {
  constructor(
    readonly signal: InterruptSignal,
    message: string,
    options?: { cause?: unknown; details?: readonly string[] },
  ) {
    super(message, options)
  }
}

/** How often a cancel is sent again while the interrupted work has not stopped (one sent just before a statement reached the server is lost). */
const cancelRepeatMs = 250
/** Statements that run back to back without I/O (SQLite's are synchronous) give a signal no turn of the event loop: yield this often. */
const yieldEveryMs = 20

/**
 * Ctrl-C and SIGTERM while migrations run. The CLI (the only place that
 * exits) hands each signal to `request`; while `guard` runs work, the first
 * one cancels the statement running on the server (`cancel`, from the
 * dialect) and makes the next `check` throw, so the migration's transaction
 * rolls back and the lock is released on the way out. Outside `guard` there
 * is nothing to undo and the CLI exits at once, as it does on a second signal.
 */
class Interruption {
  private running = 0
  private cancels = new Set<() => Promise<void>>()
  private repeat: NodeJS.Timeout | undefined
  private lastYield = 0
  /** The signal that interrupted this process's work, once one has. */
  signal: InterruptSignal | undefined

  /** A signal arrived. false: nothing to stop gracefully (no work running, or the second signal): exit now. */
  request(signal: InterruptSignal): boolean {
    if (this.signal !== undefined || this.running === 0) return false
    this.signal = signal
    this.cancelAll()
    this.repeat = setInterval(() => this.cancelAll(), cancelRepeatMs)
    this.repeat.unref()
    return true
  }

  /** Run `work`; a signal meanwhile calls `cancel` (what is running on the server) and makes `check` throw. */
  async guard<T>(cancel: (() => Promise<void>) | undefined, work: () => Promise<T>): Promise<T> {
    this.running++
    if (cancel !== undefined) this.cancels.add(cancel)
    try {
      return await work()
    } finally {
      if (cancel !== undefined) this.cancels.delete(cancel)
      if (--this.running === 0 && this.repeat !== undefined) clearInterval(this.repeat)
    }
  }

  /** Before a statement: throws when a signal arrived, after giving one a chance to arrive at most every ~20 ms. */
  async check(): Promise<void> {
    if (this.signal === undefined && performance.now() - this.lastYield > yieldEveryMs) {
      await new Promise((resolve) => setImmediate(resolve))
      this.lastYield = performance.now()
    }
    if (this.signal !== undefined) throw new InterruptedError(this.signal, `stopped by ${this.signal}`)
  }

  private cancelAll(): void {
    for (const cancel of this.cancels) void cancel().catch(() => undefined)
  }
}

/** The process's one interruption state (signals are process-wide). */
export const interruption = new Interruption()
