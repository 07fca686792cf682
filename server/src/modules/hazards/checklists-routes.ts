import type { TypedApp } from '../../app.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import type { Platform } from '../../platform/platform.js';
import { listChecklistItems, listSectors } from './checklists-repository.js';
import { addChecklistItem, changeChecklistItem, checklistManagerPath } from './checklists-service.js';
import { ChecklistItem, ChecklistParams, ChecklistQuery, Checklists, CreateChecklistItemBody, UpdateChecklistItemBody } from './hazards-schemas.js';
import { checklistItemView, sectorView } from './views.js';

export function registerChecklistRoutes(app: TypedApp, p: Platform): void {
  const tags = ['hazards 隐患排查治理'];
  const db = p.database.db;

  app.get('/api/hazards/checklists', {
    config: { permission: 'hazard:read' },
    schema: { tags, summary: '检查清单 The sectors and their checklists', querystring: ChecklistQuery, response: { 200: Checklists } },
  }, async (req) => {
    const [sectors, items] = await Promise.all([
      listSectors(db), listChecklistItems(db, { sector: req.query.sector, includeInactive: req.query.includeInactive === 'true' }),
    ]);
    return {
      sectors: sectors.filter((s) => !req.query.sector || s.code === req.query.sector).map((s) => sectorView(s, items)),
      canManage: checklistManagerPath(req.actor) !== undefined,
    };
  });

  app.post('/api/hazards/checklists', {
    config: { permission: 'hazard:manage' },
    schema: {
      tags, summary: '新增检查项 Add a line to a sector\'s checklist (district centre)', body: CreateChecklistItemBody,
      response: { 201: ChecklistItem, 400: ErrorResponse, 403: ErrorResponse },
    },
  }, async (req, reply) => {
    const row = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => addChecklistItem(uow, req.body));
    return reply.status(201).send(checklistItemView(row));
  });

  app.patch('/api/hazards/checklists/:id', {
    config: { permission: 'hazard:manage' },
    schema: {
      tags, summary: '修改检查项 Edit, reorder or retire a checklist line (district centre)', params: ChecklistParams, body: UpdateChecklistItemBody,
      response: { 200: ChecklistItem, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req) => checklistItemView(await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => changeChecklistItem(uow, req.params.id, req.body))));
}
