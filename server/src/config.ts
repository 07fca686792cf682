import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

const DEMO_DEFAULT_PASSWORD = 'admin123';

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./var'),
  // An empty variable means unset (as in `DATABASE_URL= npm start`).
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  NATS_URL: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Subject/stream prefix on NATS, so several deployments (or test runs) can share one server. */
  BUS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('chengyun'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_PASSWORD: z.string().min(6).default(DEMO_DEFAULT_PASSWORD),
  DEMO_PASSWORD: z.string().min(6).default('demo123'),
  SEED_DEMO_USERS: z.enum(['true', 'false']).optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  INSTANCE_ID: z.string().default(`${hostname()}-${process.pid}`),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SCHEDULER_POLL_MS: z.coerce.number().int().positive().default(1000),
  RELAY_POLL_MS: z.coerce.number().int().positive().default(1000),
  RELAY_MIN_GAP_MS: z.coerce.number().int().min(0).max(1000).optional(),
  DEADLINE_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  DUPLICATE_RADIUS_M: z.coerce.number().positive().max(5000).default(50),
  DUPLICATE_WINDOW_HOURS: z.coerce.number().positive().max(24 * 90).default(24),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  RETENTION_DAYS: z.coerce.number().int().min(7).max(3650).default(180),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  natsUrl?: string;
  busPrefix: string;
  logLevel: string;
  adminPassword: string;
  demoPassword: string;
  seedDemoUsers: boolean;
  sessionTtlMs: number;
  instanceId: string;
  bodyLimit: number;
  loginRatePerMinute: number;
  schedulerPollMs: number;
  relayPollMs: number;
  /** Least time between relay passes (a burst of commits is published as one batch); default 25 ms on PGlite, 10 on PostgreSQL. */
  relayMinGapMs: number | null;
  /** How often the deadline sweep turns work items yellow/red. */
  deadlineSweepMs: number;
  /** Same category within this distance and time window → suggested as a duplicate. */
  duplicates: { radiusM: number; windowHours: number };
  /** Published outbox events and finished webhook deliveries older than this are deleted (the audit log is kept). */
  retentionDays: number;
  trustProxy: boolean;
}

export class ConfigError extends Error {}

/** Typed configuration from the environment; refuses unsafe production settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.ADMIN_PASSWORD === DEMO_DEFAULT_PASSWORD) {
    throw new ConfigError(
      'ADMIN_PASSWORD is the demo default; set a strong ADMIN_PASSWORD when NODE_ENV=production',
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL || undefined,
    busPrefix: e.BUS_PREFIX,
    logLevel: e.LOG_LEVEL,
    adminPassword: e.ADMIN_PASSWORD,
    demoPassword: e.DEMO_PASSWORD,
    seedDemoUsers: e.SEED_DEMO_USERS ? e.SEED_DEMO_USERS === 'true' : e.NODE_ENV !== 'production',
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    instanceId: e.INSTANCE_ID,
    bodyLimit: e.BODY_LIMIT_BYTES,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    schedulerPollMs: e.SCHEDULER_POLL_MS,
    relayPollMs: e.RELAY_POLL_MS,
    relayMinGapMs: e.RELAY_MIN_GAP_MS ?? null,
    deadlineSweepMs: e.DEADLINE_SWEEP_MS,
    duplicates: { radiusM: e.DUPLICATE_RADIUS_M, windowHours: e.DUPLICATE_WINDOW_HOURS },
    retentionDays: e.RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY === 'true',
  };
}
