import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOneErrorLine, tsmigBinary as tsmig } from './helpers/graph-project.js'
import { createTestProject, type TestDialect, type TestProject } from './helpers/project.js'
import { runSql } from './helpers/run-sql.js'

const imports = `import { table, foreignKey, serial, integer, bigint, text, type ColumnRef } from 'tsmig'\n`


describe('a broken model is refused at load: one error naming the file, table and column, nothing written', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createTestProject('sqlite')
  })
  afterAll(async () => {
    await project.dispose()
  })

  const users = `const users = table('users', { id: serial().primaryKey(), name: text() })\n`
  const cases: readonly (readonly [string, string, readonly string[]])[] = [
    [
      'a foreign key to a table defined but not exported',
      users + `export const posts = table('posts', { id: serial().primaryKey(), author_id: integer().references(() => users.id) })\n`,
      ['table posts, column author_id', 'references table users, which is not in the model'],
    ],
    [
      'a foreign key to a column that does not exist',
      `export ${users}export const posts = table('posts', { id: serial().primaryKey(), author_id: integer() }, (t) => [\n` +
        `  foreignKey({ columns: [t.author_id], foreignTable: 'users', foreignColumns: ['uid'] }),\n])\n`,
      ['table posts, column author_id', 'references column users.uid, which does not exist'],
    ],
    [
      'a foreign key with mismatched column counts',
      `export ${users}export const posts = table('posts', { id: serial().primaryKey(), a: integer(), b: integer() }, (t) => [\n` +
        `  foreignKey({ columns: [t.a, t.b], foreignColumns: [users.id] }),\n])\n`,
      ['table posts, columns a, b', 'has 2 column(s) but references 1 (users.id)'],
    ],
    [
      'a foreign key to columns with no primary key or unique constraint',
      `export ${users}export const posts = table('posts', { id: serial().primaryKey(), author_name: text().references(() => users.name) })\n`,
      ['table posts, column author_name', 'references users.name, which is neither the primary key nor unique'],
    ],
    [
      'deferrable: true',
      `export ${users}export const posts = table('posts', { id: serial().primaryKey(), author_id: integer().references(() => users.id, { deferrable: true as never }) })\n`,
      ['table posts, column author_id', "deferrable must be 'initially immediate', 'initially deferred' or null, not true"],
    ],
  ]
  for (const [name, schema, fragments] of cases) {
    it(name, async () => {
      project.writeSchema(imports + schema)
      expectOneErrorLine(await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'x'), 'schema.ts', ...fragments)
      expect(project.revisionFiles()).toEqual([])
      expect(await project.snapshot()).toEqual([])
    })
  }
})

describe('names longer than PostgreSQL keeps', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createTestProject('postgres')
  })
  afterAll(async () => {
    await project.dispose()
  })

  it('two tables sharing their first 63 bytes: an error naming both and the limit', async () => {
    const a63 = 'a'.repeat(63)
    project.writeSchema(imports + `export const one = table('${a63}_one', { id: serial().primaryKey() })\nexport const two = table('${a63}_two', { id: serial().primaryKey() })\n`)
    const ran = await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'x')
    expectOneErrorLine(ran, 'schema.ts', `table ${a63}_one`, 'longer than the postgres limit of 63 bytes', `the same as table ${a63}_two`)
    expect(project.revisionFiles()).toEqual([])
  })

  it('counts bytes: 32 two-byte characters are too many', async () => {
    project.writeSchema(imports + `export const t = table('t', { id: serial().primaryKey(), ${JSON.stringify('é'.repeat(32))}: text() })\n`)
    expectOneErrorLine(await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'x'), 'schema.ts', `table t, column ${'é'.repeat(32)}`, 'is 64 bytes')
    project.writeSchema(imports + `export const t = table('t', { id: serial().primaryKey(), ${JSON.stringify('é'.repeat(31))}: text() })\n`)
    const ran = await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'x')
    expect(ran.code, ran.stderr).toBe(0)
    expect(project.revisionFiles()).toHaveLength(1)
  })
})

describe('--rename that matches nothing in the diff', () => {
  let project: TestProject
  beforeAll(async () => {
    project = await createTestProject('sqlite')
    project.writeSchema(imports + `export const people = table('people', { id: serial().primaryKey(), full_name: text() })\n`)
    const ran = await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'people')
    expect(ran.code, ran.stderr).toBe(0)
    expect((await tsmig(project.dir, 'upgrade', 'head')).code).toBe(0)
    project.writeSchema(imports + `export const persons = table('persons', { id: serial().primaryKey(), display_name: text() })\n`)
  })
  afterAll(async () => {
    await project.dispose()
  })

  for (const [hints, message] of [
    [['peeple:persons'], '--rename peeple:persons: there is no table peeple in the database'],
    [['people:persons', 'persons.fullname:display_name'], '--rename persons.fullname:display_name: there is no column fullname in table people of the database'],
    [['people:persons', 'persons.full_name:displayname'], '--rename persons.full_name:displayname: there is no column displayname in table persons of the model'],
  ] as const) {
    it(`${hints.join(' ')}: exit 2, no file`, async () => {
      const before = project.revisionFiles()
      const ran = await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'rename', ...hints.flatMap((hint) => ['--rename', hint]))
      expect(ran.code, ran.stderr).toBe(2)
      expect(ran.stderr.trim()).toBe(`error: ${message}; nothing written`)
      expect(project.revisionFiles()).toEqual(before)
    })
  }

  it('a malformed --rename, or one without --autogenerate, is bad usage too', async () => {
    expect((await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'rename', '--rename', 'people')).code).toBe(2)
    expect((await tsmig(project.dir, 'revision', '-m', 'rename', '--rename', 'people:persons')).code).toBe(2)
    expect(project.revisionFiles()).toHaveLength(1)
  })
})

const dependents: Record<TestDialect, readonly string[]> = {
  sqlite: [
    'CREATE VIEW v_bio AS SELECT id, BIO FROM users',
    'CREATE VIEW v_age AS SELECT "age" + 1 AS next FROM users',
    'CREATE VIEW v_everything AS SELECT * FROM users',
    'CREATE VIEW v_gone AS SELECT count(*) AS n FROM gone',
    'CREATE TRIGGER trg_bio AFTER UPDATE OF bio ON users BEGIN SELECT 1; END',
  ],
  postgres: [
    'CREATE VIEW v_bio AS SELECT id, bio FROM users',
    'CREATE MATERIALIZED VIEW v_age AS SELECT age + 1 AS next FROM users',
    'CREATE VIEW v_gone AS SELECT count(*) AS n FROM gone',
    `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`,
    'CREATE TRIGGER trg_bio AFTER UPDATE OF bio ON users FOR EACH ROW EXECUTE FUNCTION touch()',
    'ALTER TABLE users ENABLE ROW LEVEL SECURITY',
    'CREATE POLICY adults ON users USING (age >= 18)',
  ],
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`autogenerate warns before data or dependents are lost, on ${dialect}`, () => {
    let project: TestProject
    afterAll(async () => {
      await project.dispose()
    })

    it('names each dropped table and column with its rows, and each view, trigger or policy in the way', async () => {
      project = await createTestProject(dialect)
      project.writeSchema(
        imports +
          `export const users = table('users', { id: serial().primaryKey(), name: text(), bio: text(), age: integer() })\n` +
          `export const gone = table('gone', { id: serial().primaryKey() })\n` +
          `export const big = table('big', { id: serial().primaryKey() })\n`,
      )
      expect((await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'init')).code).toBe(0)
      expect((await tsmig(project.dir, 'upgrade', 'head')).code).toBe(0)
      const fill = dialect === 'sqlite'
        ? 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO big (id) SELECT i FROM n'
        : 'INSERT INTO big (id) SELECT generate_series(1, 20000)'
      await runSql(project, [
        `INSERT INTO users (name, bio, age) VALUES ('Ada', 'math', 36), ('Grace', 'navy', 85), ('Linus', NULL, 21)`,
        fill,
        ...(dialect === 'postgres' ? ['ANALYZE big'] : []),
        ...dependents[dialect],
      ])

      project.writeSchema(imports + `export const users = table('users', { id: serial().primaryKey(), name: text(), age: bigint() })\n`)
      const ran = await tsmig(project.dir, 'revision', '--autogenerate', '-m', 'drop things')
      expect(ran.code, ran.stderr).toBe(0)
      const warnings = ran.stderr.trim().split('\n')
      const expected = [
        'warning: column users.bio dropped: its values in 3 rows are lost',
        'warning: table gone dropped: it holds no rows',
        dialect === 'postgres' ? 'warning: table big dropped: about 20,000 rows are lost' : 'warning: table big dropped: more than 10,000 rows are lost',
        'warning: view v_bio depends on users.bio, which this revision drops: tsmig does not manage views, so handle it in the revision (op.execute), or the upgrade may fail or drop it',
        // SQLite changes a type by a table rebuild, which keeps views working: only PostgreSQL's refuses.
        ...(dialect === 'postgres' ? ['warning: materialized view v_age depends on users.age, which this revision changes the type of'] : []),
        'warning: view v_gone depends on table gone, which this revision drops',
        'warning: trigger trg_bio on users depends on users.bio, which this revision drops',
        ...(dialect === 'postgres' ? ['warning: policy adults on users depends on users.age, which this revision changes the type of'] : []),
      ]
      for (const line of expected) expect(warnings.some((warning) => warning.startsWith(line)), `${line}\n--- in ---\n${ran.stderr}`).toBe(true)
      // `SELECT *` names no column: SQLite's view keeps working without bio, and is not named.
      expect(ran.stderr).not.toContain('v_everything')
      if (dialect === 'sqlite') expect(ran.stderr).not.toContain('v_age')
      expect(warnings).toHaveLength(expected.length)
    })
  })
}
