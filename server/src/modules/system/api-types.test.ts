import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../../../../scripts/api-types.js';
import { createTestContext, type TestContext } from '../../../test/harness.js';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

describe('web API client types', () => {
  it('match the OpenAPI document the server publishes (run `npm run api:types` after changing a route)', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const expected = await renderApiTypes(res.json());
    expect(readFileSync(API_TYPES_FILE, 'utf8') === expected, 'web/src/shared/api-types.ts is stale: run npm run api:types').toBe(true);
  });
});
