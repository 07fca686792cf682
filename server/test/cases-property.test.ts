import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/platform/access/actor.js';
import { loadSessionActor, tokenHash } from '../src/platform/auth/session-store.js';
import { allowedActions } from '../src/platform/closed-loop/machine.js';
import { readTimeline, findWorkItem } from '../src/platform/closed-loop/work-item-repository.js';
import { AppError } from '../src/platform/errors/app-error.js';
import { CASE_STATES, caseMachine, type CaseAction, type CaseState } from '../src/modules/cases/case-machine.js';
import { actOnCase, reportCase, type ActionInput } from '../src/modules/cases/cases-service.js';
import { createCaseDeps } from '../src/modules/cases/cases-module.js';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
let admin: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  const token = (await ctx.as('admin')).authorization!.slice(7);
  admin = (await loadSessionActor(ctx.platform.database.db, tokenHash(token)))!.actor;
});
afterAll(async () => ctx?.close());

const ACTIONS = Object.keys(caseMachine.transitions) as CaseAction[];
const INPUT: Partial<Record<CaseAction, ActionInput>> = {
  reject: { note: '重复上报' }, sendBack: { note: '派错' }, rework: { note: '未整改到位' }, park: { note: '需协调' },
  requestExtension: { note: '需要时间', limit: { amount: 2, unit: 'workDay' } }, decideExtension: { approve: true },
};

describe('case state machine under random action sequences', () => {
  it('never reaches an invalid state and always leaves a complete timeline', async () => {
    const deps = await createCaseDeps(ctx.platform);
    const master = await ctx.platform.runner.run({ actor: admin }, (uow) => reportCase(uow, deps, {
      categoryCode: 'E0102', description: '主案件', lng: 106.576478, lat: 29.561311, channel: 'hotline',
    }));
    INPUT.merge = { intoId: master.id, note: '重复上报' };
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 14 }), async (seq) => {
      const item = await ctx.platform.runner.run({ actor: admin }, (uow) => reportCase(uow, deps, {
        categoryCode: 'E0101', description: '随机序列', lng: 106.576478, lat: 29.561311, channel: 'hotline',
      }));
      let state: CaseState = 'reported';
      let entries = 1;
      let pendingExtension = false;
      for (const action of seq) {
        const legal = allowedActions(caseMachine, state).includes(action);
        try {
          await ctx.platform.runner.run({ actor: admin }, (uow) => actOnCase(uow, deps, item.id, action, INPUT[action] ?? {}));
          expect(legal).toBe(true);
          state = caseMachine.transitions[action].to ?? state;
          if (action === 'requestExtension') pendingExtension = true;
          if (action === 'decideExtension') pendingExtension = false;
          entries += action === 'decideExtension' ? 2 : 1;
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          const code = (err as AppError).code;
          // Refused: illegal in this state, or an extension rule (one pending at a time, nothing to decide).
          const extensionRule = (action === 'requestExtension' && pendingExtension) || (action === 'decideExtension' && !pendingExtension);
          expect(legal ? extensionRule && code === 'CONFLICT' : code === 'INVALID_TRANSITION').toBe(true);
        }
        const row = (await findWorkItem(ctx.platform.database.db, item.id))!;
        expect(CASE_STATES).toContain(row.state);
        expect(row.state).toBe(state);
        expect(row.closed_at !== null).toBe(caseMachine.final.includes(state));
      }
      const timeline = await readTimeline(ctx.platform.database.db, item.id);
      expect(timeline).toHaveLength(entries);
      // Each entry starts where the previous one ended.
      for (let i = 1; i < timeline.length; i++) {
        if (timeline[i]!.from_state !== null) expect(timeline[i]!.from_state).toBe(timeline[i - 1]!.to_state);
      }
    }), { numRuns: 60 });
  }, 120_000);
});
