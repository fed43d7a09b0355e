import { afterAll, describe, it } from 'vitest'
import { assertRoundTrip, type RoundTripScenario } from './helpers/roundtrip.js'
import type { TestProject } from './helpers/project.js'

/** Issue 3's scenarios: each change, round-tripped on both dialects where the feature exists. */
const people = (columns: string, extras = '') =>
  `export const people = table('people', {\n  id: serial().primaryKey(),\n  tenant_id: integer().notNull(),\n  email: varchar(255).notNull(),\n  name: text(),\n  deleted_at: timestamp(),\n  live: boolean().notNull().default(true),\n${columns}\n}${extras ? `, (t) => [${extras}]` : ''})\n`
const parent = `export const parents = table('parents', { id: serial().primaryKey(), code: integer().notNull().unique() })\n`
const child = (references: string, extras = '') =>
  parent + `export const children = table('children', {\n  id: serial().primaryKey(),\n  parent_id: integer()${references},\n}${extras})\n`
const pg = ['postgres'] as const

const scenarios: RoundTripScenario[] = [
  { name: '1a add a composite index', before: people(''), after: people('', "index('ix_people_tn').on(t.tenant_id, t.name)") },
  { name: '1b drop a composite index', before: people('', "index('ix_people_tn').on(t.tenant_id, t.name)"), after: people('') },
  { name: '1c change its column order', before: people('', "index('ix_people_tn').on(t.tenant_id, t.name)"), after: people('', "index('ix_people_tn').on(t.name, t.tenant_id)") },
  { name: '1d flip one column to DESC', before: people('', "index('ix_people_tn').on(t.tenant_id, t.name)"), after: people('', "index('ix_people_tn').on(t.tenant_id, t.name.desc())") },
  { name: '2a add a unique index on lower(email)', before: people(''), after: people('', "uniqueIndex('ux_people_email').on(sql`lower(email)`)") },
  { name: '2b change it to upper(email)', before: people('', "uniqueIndex('ux_people_email').on(sql`lower(email)`)"), after: people('', "uniqueIndex('ux_people_email').on(sql`upper(email)`)") },
  { name: '3a add a partial index', before: people(''), after: people('', "index('ix_people_live').on(t.email).where(sql`deleted_at IS NULL`)") },
  {
    name: '3b change only its WHERE clause',
    before: people('', "index('ix_people_live').on(t.email).where(sql`deleted_at IS NULL`)"),
    after: people('', "index('ix_people_live').on(t.email).where(sql`deleted_at IS NULL AND live`)"),
  },
  { name: '4a a unique constraint created with the table', before: null, after: people('', "unique('uq_people_email').on(t.email)") },
  { name: '4b make it composite', before: people('', "unique('uq_people_email').on(t.email)"), after: people('', "unique('uq_people_email').on(t.tenant_id, t.email)") },
  { name: '4c drop it', before: people('', "unique('uq_people_email').on(t.tenant_id, t.email)"), after: people('') },
  { name: '6a add a check constraint', before: people(''), after: people('', "check('ck_people_tenant', sql`tenant_id > 0`)") },
  { name: '6b change only its expression', before: people('', "check('ck_people_tenant', sql`tenant_id > 0`)"), after: people('', "check('ck_people_tenant', sql`tenant_id >= 0`)") },
  {
    name: '7 primary key (id) → (tenant_id, id)',
    before: `export const accounts = table('accounts', { id: integer().primaryKey(), tenant_id: integer().notNull(), name: text() })\n`,
    after: `export const accounts = table('accounts', { id: integer().notNull(), tenant_id: integer().notNull(), name: text() }, (t) => [primaryKey({ name: 'accounts_pkey' }, t.tenant_id, t.id)])\n`,
  },
  { name: '8a a foreign key gains ON DELETE CASCADE', before: child('.references(() => parents.id)'), after: child(".references(() => parents.id, { onDelete: 'cascade' })") },
  {
    name: '8b then ON UPDATE SET NULL',
    before: child(".references(() => parents.id, { onDelete: 'cascade' })"),
    after: child(".references(() => parents.id, { onDelete: 'cascade', onUpdate: 'set null' })"),
  },
  {
    name: '8c then DEFERRABLE INITIALLY DEFERRED',
    before: child(".references(() => parents.id, { onDelete: 'cascade', onUpdate: 'set null' })"),
    after: child(".references(() => parents.id, { onDelete: 'cascade', onUpdate: 'set null', deferrable: 'initially deferred' })"),
  },
  {
    name: '8d then only its name changes',
    before: child(".references(() => parents.id, { onDelete: 'cascade', onUpdate: 'set null', deferrable: 'initially deferred' })"),
    after: child(".references(() => parents.id, { onDelete: 'cascade', onUpdate: 'set null', deferrable: 'initially deferred', name: 'fk_children_parent' })"),
  },
  {
    name: '8e a composite foreign key to a unique key',
    before: child(''),
    after: child('', ", (t) => [foreignKey({ name: 'fk_children_code', columns: [t.parent_id], foreignColumns: [parents.code] })]"),
  },
  {
    name: '9 two new tables that reference each other',
    before: null,
    after:
      "export const a = table('a', { id: serial().primaryKey(), b_id: integer().references((): any => b.id) })\n" +
      "export const b = table('b', { id: serial().primaryKey(), a_id: integer().references((): any => a.id) })\n",
  },
  {
    name: '10a a new enum used by a new column',
    before: people(''),
    after: "export const mood = enumType('mood', ['happy', 'sad'])\n" + people("  mood: mood(),"),
    dialects: ['postgres', 'sqlite'],
  },
  {
    name: '10b add a value',
    before: "export const mood = enumType('mood', ['happy', 'sad'])\n" + people("  mood: mood(),"),
    after: "export const mood = enumType('mood', ['happy', 'sad', 'meh'])\n" + people("  mood: mood(),"),
  },
  {
    name: '10c add a value in the middle, used as a default',
    before: "export const mood = enumType('mood', ['happy', 'sad'])\n" + people("  mood: mood(),"),
    after: "export const mood = enumType('mood', ['happy', 'meh', 'sad'])\n" + people("  mood: mood().default('meh'),"),
    dialects: pg,
  },
  {
    name: '10d drop the column and the enum',
    before: "export const mood = enumType('mood', ['happy', 'sad', 'meh'])\n" + people("  mood: mood(),"),
    after: people(''),
  },
  { name: '11a serial → identity', before: `export const things = table('things', { id: serial().primaryKey(), v: text() })\n`, after: `export const things = table('things', { id: integer().identity({ always: true }).primaryKey(), v: text() })\n`, dialects: pg },
  { name: '11b identity by default → always', before: `export const things = table('things', { id: integer().identity().primaryKey(), v: text() })\n`, after: `export const things = table('things', { id: integer().identity({ always: true }).primaryKey(), v: text() })\n`, dialects: pg },
  { name: '11c a stored generated column added', before: `export const boxes = table('boxes', { id: serial().primaryKey(), w: integer(), h: integer() })\n`, after: `export const boxes = table('boxes', { id: serial().primaryKey(), w: integer(), h: integer(), area: integer().generated(sql\`w * h\`) })\n` },
  { name: '12a a table comment added', before: people(''), after: people('').replace("})\n", "}, undefined, { comment: 'people we know' })\n"), dialects: pg },
  {
    name: '12b a table comment changed',
    before: people('').replace("})\n", "}, undefined, { comment: 'people we know' })\n"),
    after: people('').replace("})\n", "}, undefined, { comment: 'people we knew' })\n"),
    dialects: pg,
  },
  {
    name: '13a a table in schema audit added',
    before: people(''),
    after: people('') + "export const events = table('events', { id: serial().primaryKey(), at: timestamp().notNull() }, (t) => [index('ix_events_at').on(t.at)], { schema: 'audit' })\n",
    schemas: ['public', 'audit'],
    dialects: pg,
  },
  {
    name: '13b an index on it changed',
    before: "export const events = table('events', { id: serial().primaryKey(), at: timestamp().notNull() }, (t) => [index('ix_events_at').on(t.at)], { schema: 'audit' })\n",
    after: "export const events = table('events', { id: serial().primaryKey(), at: timestamp().notNull() }, (t) => [index('ix_events_at').on(t.at.desc())], { schema: 'audit' })\n",
    schemas: ['public', 'audit'],
    dialects: pg,
  },
  {
    name: '14 reserved words, capitals, spaces and unicode',
    before: null,
    after:
      "export const user = table('user', { id: serial().primaryKey(), Select: text(), 'two words': integer() })\n" +
      "export const order = table('order', { id: serial().primaryKey(), user_id: integer().references(() => user.id) }, (t) => [index('Order Index').on(t.user_id)])\n" +
      "export const unicode = table('Ünïcode Table', { 'ïd': serial().primaryKey(), \"quote'd\": text().default(\"it's\") })\n",
  },
  { name: 'gin index with a method (PostgreSQL)', before: people("  tags: jsonb(),"), after: people("  tags: jsonb(),", "index('ix_people_tags').on(t.tags).using('gin')"), dialects: pg },
  { name: 'covering index with INCLUDE (PostgreSQL)', before: people(''), after: people('', "index('ix_people_cover').on(t.email).include(t.name)"), dialects: pg },
  {
    name: '15b constants and casts only the server can normalize',
    before: null,
    after:
      "export const folds = table('folds', { id: serial().primaryKey(), at: timestamp().default('2020-01-01'), n: integer(), d: date().default(sql`'2020-01-01'::date + 1`) }, " +
      "(t) => [check('ck_folds_n', sql`n > 1e3 and n < 2 * 1000`), index('ix_folds_day').on(sql`date_trunc('day', at)`).where(sql`n between 1 and 10`)])\n",
    dialects: pg,
  },
  { name: 'NULLS FIRST (PostgreSQL)', before: people(''), after: people('', "index('ix_people_nf').on(t.deleted_at.nullsFirst())"), dialects: pg },
]

const projects: TestProject[] = []
afterAll(async () => {
  await Promise.all(projects.map((p) => p.dispose()))
})

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`autogenerate fidelity on ${dialect}`, () => {
    for (const scenario of scenarios) {
      if (scenario.dialects && !scenario.dialects.includes(dialect)) continue
      it(scenario.name, async () => {
        projects.push(await assertRoundTrip(dialect, scenario))
      })
    }
  })
}
