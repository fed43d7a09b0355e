#!/usr/bin/env node
// The CLI as bundled by scripts/bundle-cli.mjs (part of `npm run build`): a
// few CommonJS chunks, compiled through tsmig's V8 code cache (see
// src/cli/run-bundle.ts), instead of ~400 ES modules compiled on every run.
import { runBundledCli } from '../dist/cli/run-bundle.js'

await runBundledCli()
