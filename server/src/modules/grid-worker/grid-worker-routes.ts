import type { TypedApp } from '../../app.js';
import { scopeOf } from '../../platform/access/actor.js';
import { Page } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { listWorkerHistory } from './grid-worker-repository.js';
import { HistoryItem, HistoryQuery } from './grid-worker-schemas.js';

/** What the grid worker's phone needs beyond the case API: their own history. */
export function registerGridWorkerRoutes(app: TypedApp, p: Platform): void {
  const tags = ['grid-worker 网格员'];

  app.get('/api/grid-worker/history', {
    config: { permission: 'case:read' },
    schema: {
      tags, summary: '我的历史 Cases I reported or checked on site, in my scope, newest own step first',
      querystring: HistoryQuery, response: { 200: Page(HistoryItem) },
    },
  }, async (req) => {
    // Tokens of system actors have no user: they have no history of their own.
    if (!req.actor.userId) return { items: [], total: 0 };
    const { rows, total } = await listWorkerHistory(p.database.db, {
      userId: req.actor.userId, scopePaths: scopeOf(req.actor, 'case:read'), kind: req.query.kind,
      limit: req.query.limit, offset: req.query.offset,
    });
    return {
      total,
      items: rows.map(({ total: _t, ...r }) => ({
        id: r.id, ref: r.ref, title: r.title, state: r.state, categoryCode: r.category_code, categoryName: r.category_name,
        gridCode: r.grid_code, streetCode: r.street_code, address: r.address, warnLevel: r.warn_level,
        reportedAt: new Date(r.reported_at).toISOString(),
        myActions: r.my_actions as Array<'report' | 'verify' | 'rework'>, myLastAt: new Date(r.my_last_at).toISOString(),
      })),
    };
  });
}
