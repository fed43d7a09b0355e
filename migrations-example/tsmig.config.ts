import { defineConfig } from 'tsmig'

export default defineConfig({
  // SQLite by default: the example needs no server. Point DATABASE_URL at PostgreSQL to try it there.
  url: process.env.DATABASE_URL ?? 'sqlite:./example.sqlite3',
  schema: './schema.ts',
  migrations: './migrations',
})
