import { table, serial, integer, varchar, text, boolean, timestamp, index, sql } from 'tsmig'

export const users = table('users', {
  id: serial().primaryKey(),
  email: varchar(255).notNull().unique(),
  hashed_password: varchar(255).notNull(),
  full_name: varchar(255),
  is_active: boolean().notNull().default(true),
  created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),
  updated_at: timestamp(),
}, (t) => [index('ix_users_email').on(t.email)])

export const posts = table('posts', {
  id: serial().primaryKey(),
  title: varchar(255).notNull(),
  content: text().notNull(),
  author_id: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
  created_at: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`),
}, (t) => [index('ix_posts_author_id').on(t.author_id)])
