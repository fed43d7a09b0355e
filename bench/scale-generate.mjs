// Deterministic inputs for `bench/scale.mjs`: a schema module of N tables and
// a chain of R revision files. Same N/R → byte-identical files, so figures from
// two runs (or two machines) measure the same work.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A small LCG: deterministic and dependency-free (Math.random cannot be seeded). */
function rng(seed) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const tableName = (i) => `t${String(i).padStart(4, '0')}`

// Column kinds that round-trip on both dialects (the bench asserts `check` is clean after upgrade).
const COLUMN_KINDS = [
  (name, r) => `${name}: varchar(${[32, 64, 255][Math.floor(r() * 3)]})${r() < 0.5 ? '.notNull()' : ''}`,
  (name) => `${name}: text()`,
  (name, r) => `${name}: integer()${r() < 0.3 ? '.notNull().default(0)' : ''}`,
  (name) => `${name}: bigint()`,
  (name) => `${name}: boolean().notNull().default(false)`,
  (name) => `${name}: timestamp({ withTimezone: true }).notNull().default(sql\`now()\`)`,
  (name) => `${name}: numeric(12, 2)`,
  (name) => `${name}: date()`,
  (name) => `${name}: doublePrecision()`,
  (name) => `${name}: jsonb()`,
  (name) => `${name}: uuid()`,
  (name) => `${name}: smallint()`,
]

/**
 * One table: `id serial` primary key, 6–12 columns in all; odd tables have 1–2
 * foreign keys to earlier tables (each with an index); every 5th a unique
 * column, every 7th a composite index, every 3rd a composite unique index,
 * every 4th a check constraint.
 */
function tableSource(i, r) {
  const name = tableName(i)
  const columns = ['id: serial().primaryKey()']
  const extras = []
  const total = 6 + Math.floor(r() * 7)
  if (i % 2 === 1) {
    const fks = 1 + Math.floor(r() * 2)
    for (let k = 0; k < fks; k++) {
      const target = tableName(Math.floor(r() * i))
      const column = `${target}_id${k}`
      const onDelete = k === 0 ? ", { onDelete: 'cascade' }" : ''
      columns.push(`${column}: integer()${k === 0 ? '.notNull()' : ''}.references(() => ${target}.id${onDelete})`)
      extras.push(`index('ix_${name}_${column}').on(t.${column})`)
    }
  }
  const plain = []
  while (columns.length < total) {
    const column = `c${columns.length}`
    columns.push(COLUMN_KINDS[Math.floor(r() * COLUMN_KINDS.length)](column, r))
    plain.push(column)
  }
  if (i % 5 === 0) columns.push(`code: varchar(40).notNull().unique()`)
  if (i % 7 === 0 && plain.length >= 2) extras.push(`index('ix_${name}_${plain[0]}_${plain[1]}').on(t.${plain[0]}, t.${plain[1]})`)
  if (i % 3 === 0) {
    columns.push('slug: varchar(64).notNull()', 'tenant: integer().notNull()')
    extras.push(`uniqueIndex('ux_${name}_tenant_slug').on(t.tenant, t.slug)`)
  }
  if (i % 4 === 0) {
    columns.push('quantity: integer().notNull().default(1)')
    extras.push(`check('ck_${name}_quantity', sql\`quantity >= 0\`)`)
  }
  const extrasText = extras.length === 0 ? '' : `, (t) => [\n  ${extras.join(',\n  ')},\n]`
  return `export const ${name} = table('${name}', {\n  ${columns.join(',\n  ')},\n}${extrasText})\n`
}

/** The schema module of `tables` tables, as TypeScript source. */
export function schemaSource(tables) {
  const r = rng(7)
  const imports = 'import { table, index, uniqueIndex, check, sql, serial, integer, bigint, smallint, varchar, text, boolean, timestamp, numeric, date, doublePrecision, jsonb, uuid } from \'tsmig\'\n\n'
  const parts = [imports]
  for (let i = 0; i < tables; i++) parts.push(tableSource(i, r))
  return parts.join('\n')
}

const revisionId = (n) => `c${n.toString(16).padStart(11, '0')}`

/**
 * Revision n of the chain: every third creates a small table, the two after it
 * add a column to that table (so no table grows past a few columns).
 */
function chainRevisionSource(n) {
  const down = n === 0 ? 'null' : `'${revisionId(n - 1)}'`
  const owner = `chain_${n - (n % 3)}`
  let up
  let downBody
  let message
  if (n % 3 === 0) {
    message = `create ${owner}`
    up = `  await op.createTable('${owner}', {\n    id: serial().primaryKey(),\n    name: varchar(100).notNull(),\n    created_at: timestamp().notNull().default(sql\`CURRENT_TIMESTAMP\`),\n  })`
    downBody = `  await op.dropTable('${owner}')`
  } else {
    const column = `c${n}`
    message = `add ${owner}.${column}`
    up = `  await op.addColumn('${owner}', '${column}', ${n % 3 === 1 ? 'integer()' : 'text()'})`
    downBody = `  await op.dropColumn('${owner}', '${column}')`
  }
  return `import { type Operations, serial, integer, text, timestamp, varchar, sql } from 'tsmig'

export const revision = '${revisionId(n)}'
export const downRevision: string | string[] | null = ${down}
export const branchLabels: string[] = []
export const dependsOn: string[] = []
export const message = '${message}'
export const createdAt = '2026-01-01T00:00:00Z'

export async function upgrade(op: Operations): Promise<void> {
${up}
}

export async function downgrade(op: Operations): Promise<void> {
${downBody}
}
`
}

/** Write R chained revision files into `dir`; returns the head's id. */
export function writeChain(dir, revisions) {
  mkdirSync(dir, { recursive: true })
  for (let n = 0; n < revisions; n++) {
    writeFileSync(join(dir, `${revisionId(n)}_chain_${n}.ts`), chainRevisionSource(n))
  }
  return revisionId(revisions - 1)
}

/** A project dir: config (URL given per command with --url), schema module, migrations folder. */
export function writeProject(dir, { tables, schema = true }) {
  mkdirSync(join(dir, 'migrations'), { recursive: true })
  writeFileSync(
    join(dir, 'tsmig.config.ts'),
    "import { defineConfig } from 'tsmig'\nexport default defineConfig({ url: 'sqlite:./unused.sqlite3', schema: './schema.ts', migrations: './migrations' })\n",
  )
  writeFileSync(join(dir, 'schema.ts'), schema ? schemaSource(tables) : "import { table, serial } from 'tsmig'\nexport const placeholder = table('placeholder', { id: serial().primaryKey() })\n")
}
