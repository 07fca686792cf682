import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { can, scopeOf } from '../../platform/access/actor.js';
import { ROLES } from '../../platform/access/roles.js';
import { ErrorResponse, Page, Pagination, UnitCode } from '../../platform/http/schemas.js';
import { maskPhone } from '../../platform/privacy/masking.js';
import type { Platform } from '../../platform/platform.js';
import { listUsers } from './users-repository.js';
import { changeUser, createUser, visibleUser } from './users-service.js';

const Grant = z.strictObject({ role: z.enum(ROLES), unitCode: UnitCode });
const Phone = z.string().regex(/^1\d{10}$/);
const UserView = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), status: z.string(), locale: z.string(),
  phone: z.string().nullable().describe('Masked (138****1234) unless ?unmask=true with personal-data:read; every unmask is audited'),
  grants: z.array(z.object({ role: z.string(), unitCode: z.string(), unitName: z.string() })),
});
const IdParams = z.strictObject({ id: z.uuid() });

export function registerUserRoutes(app: TypedApp, p: Platform): void {
  const tags = ['users 用户'];

  app.get('/api/users', {
    config: { permission: 'user:read' },
    schema: {
      tags, summary: '用户列表 Users holding roles in my units',
      querystring: z.strictObject({ q: z.string().max(64).optional(), ...Pagination }),
      response: { 200: Page(UserView) },
    },
  }, async (req) => {
    const { rows, total } = await listUsers(p.database.db, { ...req.query, scopePaths: scopeOf(req.actor, 'user:read') });
    return { items: rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })), total };
  });

  app.get('/api/users/:id', {
    config: { permission: 'user:read' },
    schema: {
      tags, summary: '用户详情 One user', params: IdParams,
      querystring: z.strictObject({ unmask: z.enum(['true', 'false']).optional() }),
      response: { 200: UserView, 404: ErrorResponse },
    },
  }, async (req) => {
    const user = await visibleUser(p.database.db, req.actor, req.params.id, 'user:read');
    const unitPath = user.grants[0]?.unitPath ?? '/';
    const unmask = req.query.unmask === 'true' && can(req.actor, 'personal-data:read', unitPath);
    if (unmask && user.phone) {
      await p.runner.recordAudit({ actor: req.actor, ip: req.ip },
        { action: 'personal-data.read', targetType: 'user', targetId: user.id, unitPath, detail: { fields: ['phone'] } });
    }
    return {
      id: user.id, username: user.username, displayName: user.displayName, status: user.status, locale: user.locale,
      phone: unmask ? user.phone : maskPhone(user.phone),
      grants: user.grants.map((g) => ({ role: g.role, unitCode: g.unitCode, unitName: g.unitName })),
    };
  });

  app.post('/api/users', {
    config: { permission: 'user:manage' },
    schema: {
      tags, summary: '新建用户 Create a user with roles at units',
      body: z.strictObject({
        username: z.string().regex(/^[a-zA-Z0-9_.-]{3,32}$/),
        displayName: z.string().min(1).max(64),
        password: z.string().min(8).max(128),
        phone: Phone.nullable().optional(),
        locale: z.enum(['zh-CN', 'en']).optional(),
        grants: z.array(Grant).min(1).max(20),
      }),
      response: { 201: z.object({ id: z.string(), username: z.string() }), 409: ErrorResponse, 422: ErrorResponse },
    },
  }, async (req, reply) => {
    const user = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => createUser(uow, req.body));
    return reply.status(201).send({ id: user.id, username: user.username });
  });

  app.patch('/api/users/:id', {
    config: { permission: 'user:manage' },
    schema: {
      tags, summary: '修改用户 Change a user (name, password, status, roles)', params: IdParams,
      body: z.strictObject({
        displayName: z.string().min(1).max(64).optional(),
        password: z.string().min(8).max(128).optional(),
        phone: Phone.nullable().optional(),
        locale: z.enum(['zh-CN', 'en']).optional(),
        status: z.enum(['active', 'disabled']).optional(),
        grants: z.array(Grant).min(1).max(20).optional(),
      }),
      response: { 200: z.object({ id: z.string(), username: z.string() }), 404: ErrorResponse },
    },
  }, async (req) => {
    const user = await p.runner.run({ actor: req.actor, ip: req.ip }, (uow) => changeUser(uow, req.params.id, req.body));
    p.sessions.forgetUser(user.id);
    return { id: user.id, username: user.username };
  });
}
