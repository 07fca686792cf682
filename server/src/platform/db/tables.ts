// Drizzle table definitions for the platform tables (the SQL lives in server/migrations; a test
// checks that these definitions match the migrated database column for column).
import {
  bigint, bigserial, boolean, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const units = pgTable('units', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  kind: text('kind').notNull(),
  parentCode: text('parent_code'),
  path: text('path').notNull(),
  depth: integer('depth').notNull(),
  approximate: boolean('approximate').notNull().default(false),
  population: integer('population'),
  centerLng: doublePrecision('center_lng'),
  centerLat: doublePrecision('center_lat'),
  props: jsonb('props').$type<Record<string, unknown>>().notNull().default({}),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  phone: text('phone'),
  idCard: text('id_card'),
  locale: text('locale').notNull().default('zh-CN'),
  status: text('status').notNull().default('active'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const userRoles = pgTable('user_roles', {
  userId: uuid('user_id').notNull(),
  role: text('role').notNull(),
  unitCode: text('unit_code').notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.role, t.unitCode] })]);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull(),
  name: text('name'),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at'),
  revokedAt: ts('revoked_at'),
  lastIp: text('last_ip'),
});

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id'),
  unitPath: text('unit_path'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  ip: text('ip'),
  prevHash: text('prev_hash'),
  hash: text('hash'),
  chainSeq: bigint('chain_seq', { mode: 'number' }),
});

export const events = pgTable('events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  seq: bigint('seq', { mode: 'number' }),
  type: text('type').notNull(),
  unitPath: text('unit_path').notNull(),
  alsoPaths: text('also_paths').array().notNull().default([]),
  subjectType: text('subject_type'),
  subjectId: text('subject_id'),
  actorId: uuid('actor_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  publishedAt: ts('published_at'),
});

export const subscriberCursors = pgTable('subscriber_cursors', {
  name: text('name').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const timers = pgTable('timers', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  dueAt: ts('due_at').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  state: text('state').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lockedBy: text('locked_by'),
  lockedUntil: ts('locked_until'),
  lastError: text('last_error'),
  firedAt: ts('fired_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const timerRuns = pgTable('timer_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  timerId: bigint('timer_id', { mode: 'number' }).notNull(),
  kind: text('kind').notNull(),
  instance: text('instance').notNull(),
  ranAt: ts('ran_at').notNull().defaultNow(),
});

export const savedViews = pgTable('saved_views', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  page: text('page').notNull(),
  name: text('name').notNull(),
  filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
