import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { NatsBus } from '../src/platform/events/nats-bus.js';
import { createPlatform, startBackground, type Platform } from '../src/platform/platform.js';
import { TEST_PASSWORDS } from './passwords.js';
import { createTestDatabase } from './test-db.js';

export interface TestContext {
  app: App;
  platform: Platform;
  config: Config;
  /** Signs a seeded user in and returns headers that authenticate as them. */
  as(username: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: 'var/test',
    BUS_PREFIX: `t${randomBytes(5).toString('hex')}`,
    RELAY_POLL_MS: '200',
    SCHEDULER_POLL_MS: '100000',
    LOGIN_RATE_PER_MINUTE: '1000',
    ...overrides,
  });
}

/** A full platform and app on a private database copy (and a private NATS stream when NATS_URL is set). */
export async function createTestContext(overrides: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = testConfig(overrides);
  const platform = await createPlatform(config, { database });
  const app = await buildApp(platform);
  startBackground(platform);
  const tokens = new Map<string, string>();
  return {
    app, platform, config,
    async as(username) {
      let token = tokens.get(username);
      if (!token) {
        const password = username === 'admin' ? TEST_PASSWORDS.adminPassword : TEST_PASSWORDS.demoPassword;
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
        if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
        token = res.json().token as string;
        tokens.set(username, token);
      }
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      if (platform.bus instanceof NatsBus) await platform.bus.deleteStream();
      await platform.close();
    },
  };
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return res.json() as T;
}
