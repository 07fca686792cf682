import type { LightMyRequestResponse } from 'fastify';
import type { TestContext } from './harness.js';

// Small helpers shared by the http-, access- and audit- test files (this file holds no tests).

export type Headers = Record<string, string>;

/** Signs in with explicit credentials (accounts the test created) and returns bearer headers. */
export async function login(ctx: TestContext, username: string, password: string): Promise<Headers> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return { authorization: `Bearer ${res.json().token as string}` };
}

export interface NewUserInput {
  username: string;
  password?: string;
  phone?: string;
  grants: Array<{ role: string; unitCode: string }>;
}

/** Creates a user through the API as `admin` (or the given headers) and returns its id. */
export async function createUser(ctx: TestContext, input: NewUserInput, headers?: Headers): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/users', headers: headers ?? await ctx.as('admin'),
    payload: { displayName: input.username, password: input.password ?? 'password123', ...input },
  });
  if (res.statusCode !== 201) throw new Error(`create ${input.username}: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/** Every user id by username, as the district admin sees them. */
export async function userIds(ctx: TestContext): Promise<Map<string, string>> {
  const res = await ctx.app.inject({ url: '/api/users?limit=500', headers: await ctx.as('admin') });
  const items = res.json().items as Array<{ id: string; username: string }>;
  return new Map(items.map((u) => [u.username, u.id]));
}

export interface ErrorJson {
  code: string;
  message: string;
  fields?: Array<{ field: string; code: string; message: string }>;
  params?: Record<string, unknown>;
  requestId: string;
}

/** The `error` member of a typed error response. */
export function errorOf(res: LightMyRequestResponse): ErrorJson {
  return res.json().error;
}
