/**
 * Node 20 and 22 print `ExperimentalWarning: vm.USE_MAIN_CONTEXT_DEFAULT_LOADER
 * is an experimental feature` the first time a script compiled with that
 * constant calls `import()`: jiti does so when it loads a native ES module
 * (an `.mjs` config, or a `.js` one in a `"type": "module"` package) from a
 * chunk tsmig runs through the code cache. The warning is about how tsmig
 * loads files, not about anything the user wrote, so that one warning is
 * dropped; every other warning still goes to Node's handler.
 */
export function quietMainContextLoaderWarning(): void {
  if (installed) return
  installed = true
  const emitWarning = process.emitWarning
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning?.message
    if (typeof text === 'string' && text.includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  } as typeof process.emitWarning
}

let installed = false
