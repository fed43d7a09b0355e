import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { postgresCatalogSnapshot } from './helpers/catalog-snapshot.js'
import { sqlitePragmaSnapshot } from './helpers/sqlite-pragma-snapshot.js'
import { tsmigBin } from './helpers/tsmig-bin.js'

/**
 * `tsmig pull` on public sample databases nobody on the project wrote, their
 * views, triggers and functions left in, through the real binary: the README's
 * adoption steps (pull --baseline, stamp head, check), then a new database
 * built from the baseline (upgrade head) holds the same tables, columns,
 * keys, indexes and constraints as the original, compared by catalog dumps.
 */
interface Fixture {
  readonly name: string
  readonly dialect: TestDialect
  /** Under test/fixtures/. */
  readonly sql: string
  /** SQL the new database needs first: what tsmig does not manage but the tables use (domains, free sequences). */
  readonly prerequisites?: string
  /** Lines the command prints about what it left out. */
  readonly leftOut: readonly string[]
  readonly tables: number
  /** Catalog lines of objects the model leaves out on purpose (partitions), dropped from the original's dump. */
  readonly notPulled?: (line: string) => boolean
  /** Text the catalog spells differently for what the model keeps (a partitioned table's `ON ONLY`). */
  readonly sameCatalog?: (line: string) => string
}

const fixtures: readonly Fixture[] = [
  {
    name: 'pagila',
    dialect: 'postgres',
    sql: 'pagila/schema.sql',
    prerequisites: 'pagila/prerequisites.sql',
    tables: 15,
    leftOut: [
      'partitioning payment (PARTITION BY RANGE (payment_date): pulled as a plain table)',
      'partitions payment (55 of them, payment_p2022_01 … payment_p2026_07)',
      'view actor_info',
      'materialized view rental_by_category',
      'function film_in_stock(p_film_id integer, p_store_id integer, OUT p_film_count integer)',
      'aggregate group_concat(text)',
      'trigger film_fulltext_trigger (on film)',
      "domain year (over integer; a column of it is customType('year'))",
      "domain bıgınt (over bigint; a column of it is customType('bıgınt'))",
      'sequence film_film_id_seq',
    ],
    notPulled: (line) => /\bpublic\.(payment_p20\d\d_\d\d|rental_by_category)\b/.test(line),
    sameCatalog: (line) => line.replace(' ON ONLY ', ' ON '),
  },
  { name: 'chinook', dialect: 'postgres', sql: 'chinook/postgres-schema.sql', tables: 11, leftOut: [] },
  { name: 'chinook', dialect: 'sqlite', sql: 'chinook/sqlite-schema.sql', tables: 11, leftOut: [] },
  {
    name: 'sakila',
    dialect: 'sqlite',
    sql: 'sakila/sqlite-schema.sql',
    tables: 16,
    leftOut: ['view customer_list', 'view sales_by_store', 'trigger actor_trigger_ai (on actor)', 'trigger rental_trigger_au (on rental)'],
  },
]

const fixtureDir = join(import.meta.dirname, 'fixtures')

async function load(project: TestProject, file: string): Promise<void> {
  const text = readFileSync(join(fixtureDir, file), 'utf8')
  if (project.dialect === 'sqlite') {
    const db = new Database(project.url.replace(/^sqlite:/, ''))
    try {
      db.exec(text)
    } finally {
      db.close()
    }
    return
  }
  const client = new pg.Client({ connectionString: project.url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

async function snapshot(project: TestProject): Promise<string[]> {
  return project.dialect === 'sqlite' ? sqlitePragmaSnapshot(project.url.replace(/^sqlite:/, '')) : postgresCatalogSnapshot(project.url)
}

const projects: TestProject[] = []
afterAll(async () => {
  for (const p of projects) await p.dispose()
})

describe('tsmig pull on public sample databases', () => {
  for (const fixture of fixtures) {
    it(`${fixture.name} on ${fixture.dialect}: pull --baseline, stamp, check clean; a new database from the baseline has the same catalog`, async () => {
      const source = await createTestProject(fixture.dialect)
      projects.push(source)
      await load(source, fixture.sql)

      const pulled = await tsmigBin(source.dir, 'pull', '--baseline', '--rev-id', 'baseline0001')
      expect(pulled.stderr).toBe('')
      expect(pulled.code).toBe(0)
      expect(pulled.stdout).toContain(`Wrote schema.ts: ${fixture.tables} tables`)
      expect(pulled.stdout).toContain('the baseline revision baseline0001')
      for (const line of fixture.leftOut) expect(pulled.stdout).toContain(`  ${line}\n`)
      const model = readFileSync(join(source.dir, 'schema.ts'), 'utf8')
      for (const line of fixture.leftOut) expect(model).toContain(` *   ${line}\n`)

      const stamped = await tsmigBin(source.dir, 'stamp', 'head')
      expect(stamped.code, stamped.stderr).toBe(0)
      const check = await tsmigBin(source.dir, 'check')
      expect(check.stdout + check.stderr).toContain('✓ no differences')
      expect(check.code).toBe(0)

      // A new environment: the same model and revisions, built with `upgrade head`.
      const fresh = await createTestProject(fixture.dialect)
      projects.push(fresh)
      if (fixture.prerequisites !== undefined) await load(fresh, fixture.prerequisites)
      copyFileSync(join(source.dir, 'schema.ts'), join(fresh.dir, 'schema.ts'))
      mkdirSync(join(fresh.dir, 'migrations'), { recursive: true })
      for (const file of readdirSync(join(source.dir, 'migrations'))) copyFileSync(join(source.dir, 'migrations', file), join(fresh.dir, 'migrations', file))
      const upgraded = await tsmigBin(fresh.dir, 'upgrade', 'head')
      expect(upgraded.stderr).toBe('')
      expect(upgraded.code).toBe(0)
      const freshCheck = await tsmigBin(fresh.dir, 'check')
      expect(freshCheck.code, freshCheck.stdout).toBe(0)

      const same = fixture.sameCatalog ?? ((line: string) => line)
      const original = (await snapshot(source)).filter((line) => !(fixture.notPulled?.(line) ?? false)).map(same)
      const rebuilt = (await snapshot(fresh)).map(same)
      expect(rebuilt).toEqual(original)
    }, 120_000)
  }
})
