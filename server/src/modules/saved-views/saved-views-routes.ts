import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import type { SavedViewRow } from './saved-views-repository.js';
import { SavedView, SavedViewList, SavedViewPageQuery, SavedViewParams, SaveViewBody } from './saved-views-schemas.js';
import { listViews, removeView, saveView } from './saved-views-service.js';

function view(r: SavedViewRow) {
  return {
    id: r.id, page: r.page, name: r.name, filters: r.filters ?? {},
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** 我的视图: named filter sets each user keeps for the case inbox, on the server so they follow the user. */
export function registerSavedViewRoutes(app: TypedApp, p: Platform): void {
  const tags = ['saved-views 我的视图'];
  const db = p.database.db;

  app.get('/api/saved-views', {
    config: { permission: 'case:read' },
    schema: { tags, summary: '我的视图 My saved filter sets for a list', querystring: SavedViewPageQuery, response: { 200: SavedViewList } },
  }, async (req) => ({ items: (await listViews(db, req.actor, req.query.page)).map(view) }));

  app.post('/api/saved-views', {
    config: { permission: 'case:read' },
    schema: {
      tags, summary: '保存视图 Save the current filters under a name (the same name replaces that view)', body: SaveViewBody,
      response: { 200: SavedView, 201: SavedView, 400: ErrorResponse },
    },
  }, async (req, reply) => {
    const row = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => saveView(uow, req.body));
    return reply.status(row.created ? 201 : 200).send(view(row));
  });

  app.delete('/api/saved-views/:id', {
    config: { permission: 'case:read' },
    schema: { tags, summary: '删除视图 Delete one of my saved views', params: SavedViewParams, response: { 204: z.null(), 404: ErrorResponse } },
  }, async (req, reply) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => removeView(uow, req.params.id));
    return reply.status(204).send(null);
  });
}
