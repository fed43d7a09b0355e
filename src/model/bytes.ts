/**
 * The TypeScript type of a `bytea` value: Node's `Buffer` when the program
 * has Node's types (pg and better-sqlite3 return Buffers), else `Uint8Array`.
 * Read through `globalThis` so that tsmig's public types never name `Buffer`:
 * a model compiled with `"types": []` (no `@types/node`) must type-check.
 */
export type Bytes = typeof globalThis extends { Buffer: { new (...args: any[]): infer B } } ? B : Uint8Array
