// A schema module as users write it, for the InferDatabase type test.
import {
  bigint, bigserial, boolean, bytea, char, customType, date, doublePrecision, enumColumn, enumType, integer, json, jsonb,
  numeric, real, serial, smallint, sql, table, text, time, timestamp, uuid, varchar, type ColumnRef,
} from '../../src/model/index.js'

export const mood = enumType('mood', ['happy', 'sad'])

export const users = table('users', {
  id: serial().primaryKey(),
  email: varchar(255).notNull().unique(),
  full_name: varchar(255),
  is_active: boolean().notNull().default(true),
  mood: mood(),
  created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
})

export const posts = table('posts', {
  id: serial().primaryKey(),
  title: varchar(255).notNull(),
  author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
  parent_id: integer().references((): ColumnRef => posts.id),
  price: numeric(10, 2).default('0'),
  doubled: numeric(12, 2).generated(sql`price * 2`),
})

export const kinds = table('kinds', {
  a: integer().notNull(), b: bigint().notNull(), c: smallint().notNull(), d: bigserial(), e: varchar(), f: char(2).notNull(),
  g: text().notNull(), h: boolean(), i: timestamp().notNull(), j: date().notNull(), k: time().notNull(), l: real().notNull(),
  m: doublePrecision().notNull(), n: json().notNull(), o: jsonb<{ tags: string[] }>().notNull(), p: uuid().notNull(),
  q: bytea().notNull(), r: customType<string>('tsvector').notNull(), s: customType('point').notNull(),
  t: enumColumn<'x' | 'y'>('xy').notNull(), u: integer().identity(), v: integer().identity({ always: true }),
  w: bigint().notNull().default(0), x: customType('citext').$type<string>(),
})

export const events = table('events', { id: uuid().primaryKey() }, undefined, { schema: 'audit' })

export const notATable = { name: 'x' }
export const helper = (): number => 1
