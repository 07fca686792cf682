import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { writeRoster, XLSX_TYPE } from './operations-export.js';
import { AddShiftBody, IdParams, MyShiftView, NoteBody, RosterView, ShiftView } from './operations-schemas.js';
import { canManageOperation, visibleOperation } from './operations-service.js';
import { shiftsOfUser } from './roster-repository.js';
import { addShift, checkIn, checkOut, readRoster, removeShift, shiftView } from './roster-service.js';
import { checkInOpen } from './shift-status.js';
import { canManagePost, postPeople } from './views.js';

/** My shifts that ended less than this long ago still show on the phone (to check out late). */
const RECENT_MS = 12 * 3_600_000;

export function registerRosterRoutes(app: TypedApp, p: Platform): void {
  const tags = ['operations 行动'];
  const db = p.database.db;

  app.get('/api/operations/:id/roster', {
    config: { permission: 'operation:read' },
    schema: {
      tags, summary: '值班表 Shifts per post in my scope with status now (absent after 15 min without check-in) and the gaps of the during phase',
      params: IdParams, response: { 200: RosterView, 404: ErrorResponse },
    },
  }, async (req) => {
    const op = await visibleOperation(db, req.actor, req.params.id);
    const roster = await readRoster(db, req.actor, op, new Date());
    return {
      window: roster.window, graceMinutes: roster.graceMinutes, now: roster.now, canManage: canManageOperation(req.actor, op), summary: roster.summary,
      posts: roster.posts.map(({ post, shifts, gaps }) => ({
        id: post.id, parentId: post.parent_id, kind: post.kind, unitCode: post.unit_code, unitName: post.unit_name, name: post.name,
        person: postPeople(post).person, canManage: canManagePost(req.actor, post), shifts, gaps,
      })),
    };
  });

  app.get('/api/operations/:id/roster.xlsx', {
    config: { permission: 'operation:read' },
    schema: { tags, summary: '导出值班表 The roster in my scope as .xlsx (gaps and absences in red)', params: IdParams, produces: [XLSX_TYPE] },
  }, async (req, reply) => {
    const op = await visibleOperation(db, req.actor, req.params.id);
    const roster = await readRoster(db, req.actor, op, new Date());
    const out = new PassThrough();
    writeRoster(out, req.locale, op, roster).catch((err: unknown) => {
      req.log.error({ err }, 'roster export failed mid-stream');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const day = beijingDay(new Date());
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`${t(req.locale, 'operations.export.rosterFile')}-${op.ref}-${day}.xlsx`, `roster-${op.ref}-${day}.xlsx`))
      .send(out);
  });

  app.post('/api/operations/:id/shifts', {
    config: { permission: 'operation:manage' },
    schema: {
      tags, summary: '排班 A shift at a post (person, times); within the operation\'s period', params: IdParams, body: AddShiftBody,
      response: { 201: ShiftView, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
    },
  }, async (req, reply) => {
    const shift = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => addShift(uow, req.params.id, req.body));
    return reply.status(201).send(shiftView(shift, new Date()));
  });

  app.delete('/api/duty-shifts/:id', {
    config: { permission: 'operation:manage' },
    schema: { tags, summary: '删除班次 Remove a shift that has not begun', params: IdParams, response: { 204: z.null(), 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } },
  }, async (req, reply) => {
    await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => removeShift(uow, req.params.id));
    return reply.status(204).send(null);
  });

  const answer = { 200: ShiftView, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.post('/api/duty-shifts/:id/check-in', {
    config: { permission: 'operation:duty' },
    schema: { tags, summary: '签到 Check in: the person on the shift, or an operator of the post for them', params: IdParams, body: NoteBody, response: answer },
  }, async (req) => {
    const shift = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => checkIn(uow, req.params.id, req.body.note ?? null));
    return shiftView(shift, new Date());
  });

  app.post('/api/duty-shifts/:id/check-out', {
    config: { permission: 'operation:duty' },
    schema: { tags, summary: '签退 Check out after checking in', params: IdParams, body: NoteBody, response: answer },
  }, async (req) => {
    const shift = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => checkOut(uow, req.params.id, req.body.note ?? null));
    return shiftView(shift, new Date());
  });

  app.get('/api/duty-shifts/mine', {
    config: { permission: 'operation:duty' },
    schema: { tags, summary: '我的班次 My shifts: recent and coming, with whether check-in or check-out is open', response: { 200: z.object({ items: z.array(MyShiftView) }) } },
  }, async (req) => {
    const now = new Date();
    const rows = req.actor.userId ? await shiftsOfUser(db, req.actor.userId, new Date(now.getTime() - RECENT_MS)) : [];
    return {
      items: rows.map((s) => {
        const view = shiftView(s, now);
        return {
          ...view, operationId: s.operation_id, operationRef: s.operation_ref, operationName: s.operation_name,
          canCheckIn: !s.checked_in_at && checkInOpen(s, now), canCheckOut: Boolean(s.checked_in_at && !s.checked_out_at),
        };
      }),
    };
  });
}
