import type { TypedApp } from '../../app.js';
import { schedule, type TimerSpec } from '../../platform/jobs/scheduler.js';
import type { Platform } from '../../platform/platform.js';
import { registerRankingRoutes } from './rankings-routes.js';
import { publishRanking } from './rankings-service.js';
import { addDays, nextWeekToPublish, publicationAt } from './weekly.js';

export const WEEKLY_RANKING = 'ranking.weekly';

/** The timer publishing the week that starts on Monday `from`: keyed by that week, so scheduling it twice keeps one. */
export function weeklyTimer(from: string): TimerSpec {
  const to = addDays(from, 7);
  return { kind: WEEKLY_RANKING, key: `${WEEKLY_RANKING}:${from}`, dueAt: publicationAt(to), payload: { from, to } };
}

/**
 * 动态晾晒: the routes, and the weekly publication on the scheduler — Monday 09:00 Beijing for the week before.
 * Each run schedules the next one in its own transaction; a server down over a Monday publishes the missed
 * week when it is back (the timer is overdue, not lost), then the following ones in turn.
 */
export async function registerRankingModule(app: TypedApp, p: Platform): Promise<void> {
  registerRankingRoutes(app, p);
  p.scheduler.define(WEEKLY_RANKING, async ({ uow, timer }) => {
    const { from, to } = timer.payload as { from: string; to: string };
    await publishRanking(uow, { from, to, trigger: 'schedule' });
    await schedule(uow.tx, weeklyTimer(to));
  });
  await schedule(p.database.db, weeklyTimer(nextWeekToPublish(new Date()).from));
}
