#!/usr/bin/env node
// The CLI as bundled by scripts/bundle-cli.mjs (part of `npm run build`): a
// few files instead of ~400 ES modules, which Node 20 would resolve one by one.
import { main } from '../dist/bundle/main.js'

await main()
