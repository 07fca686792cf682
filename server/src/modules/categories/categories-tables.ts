// Drizzle definition of the case category table (the SQL lives in server/migrations/0002_case_categories.sql;
// server/test/categories.test.ts checks that this definition matches the migrated table column for column).
import { boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { CategoryLimits } from './categories-data.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const caseCategories = pgTable('case_categories', {
  code: text('code').primaryKey(),
  kind: text('kind').$type<'event' | 'component'>().notNull(),
  majorCode: text('major_code').notNull(),
  majorName: text('major_name').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  defaultDepartment: text('default_department'),
  handledByStreet: boolean('handled_by_street').notNull().default(false),
  urgency: text('urgency').$type<'normal' | 'urgent'>().notNull().default('normal'),
  limits: jsonb('limits').$type<CategoryLimits>().notNull(),
  active: boolean('active').notNull().default(true),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export type CategoryRow = typeof caseCategories.$inferSelect;
export type NewCategoryRow = typeof caseCategories.$inferInsert;
