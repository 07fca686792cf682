import type { Permission } from './permissions.js';

export const ROLES = [
  'admin',
  'district_commander',
  'district_operator',
  'street_operator',
  'department_handler',
  'grid_worker',
  'leader',
  'data_officer',
  'public',
] as const;

export type Role = (typeof ROLES)[number];

type UnitKind = 'district' | 'street' | 'community' | 'grid' | 'department' | 'zone' | 'command_post' | 'task_force';

interface RoleDef {
  permissions: readonly Permission[];
  /** The unit kinds a role may be held at; its scope is that unit's subtree. */
  heldAt: readonly UnitKind[];
}

// The centre's case desk: take in, register, dispatch, check results, close, supervise.
const CASE_DESK: readonly Permission[] = [
  'case:read', 'case:report', 'case:register', 'case:dispatch', 'case:verify', 'case:close', 'case:supervise', 'case:import',
];

const OBSERVE: readonly Permission[] = ['unit:read', 'stream:read', 'geo:locate', 'calendar:read', 'token:manage', 'category:read', 'directive:read', 'task:read', 'crowd:read', 'operation:read', 'plan:read', 'hazard:read'];

// 政令: centres issue directives down their subtree, sign the ones they receive, and supervise receipts;
// they also build responsibility lists (责任单) and report on the tasks that are theirs.
const DIRECTIVE_DESK: readonly Permission[] = ['directive:issue', 'directive:sign', 'directive:supervise', 'task:manage', 'task:report', 'task:supervise'];

// 监督一览无余 and 动态晾晒: whoever reads the evaluation sees the supervision board and the published rankings.
const OVERSIGHT: readonly Permission[] = ['evaluation:read', 'supervision:read', 'ranking:read'];

// 客流安全: the district centre and the command posts (现场指挥部) feed readings, set zones up and acknowledge alerts.
const CROWD_DESK: readonly Permission[] = ['crowd:ingest', 'crowd:manage', 'alert:ack'];

// 行动与预案: commanders and centres run operations, plans and resources; posts check in and do their tasks.
const OPERATION_DESK: readonly Permission[] = ['operation:manage', 'operation:duty', 'plan:manage', 'plan:activate', 'resource:manage'];

export const ROLE_DEFS: Record<Role, RoleDef> = {
  admin: {
    permissions: ['webhook:manage', 'hazard:inspect', 'hazard:rectify', 'hazard:manage', 'hazard:supervise', ...OPERATION_DESK, ...CROWD_DESK, ...OVERSIGHT, 'evaluation:manage', 'ranking:manage', ...OBSERVE, ...CASE_DESK, ...DIRECTIVE_DESK, 'case:handle', 'unit:manage', 'category:manage', 'open311:manage', 'user:read', 'user:manage', 'personal-data:read', 'audit:read', 'audit:verify', 'system:read'],
    heldAt: ['district', 'street'],
  },
  district_commander: {
    permissions: [...OPERATION_DESK, ...CROWD_DESK, ...OVERSIGHT, ...OBSERVE, ...CASE_DESK, 'directive:issue', 'directive:supervise', 'task:manage', 'task:supervise', 'hazard:manage', 'hazard:supervise', 'user:read', 'audit:read', 'system:read'],
    heldAt: ['district', 'command_post'],
  },
  district_operator: { permissions: ['hazard:inspect', 'hazard:rectify', 'hazard:manage', 'hazard:supervise', ...OPERATION_DESK, ...CROWD_DESK, ...OVERSIGHT, ...OBSERVE, ...CASE_DESK, ...DIRECTIVE_DESK, 'user:read'], heldAt: ['district'] },
  // Streets also handle the categories that are theirs (街面秩序 and the like).
  street_operator: { permissions: ['hazard:inspect', 'hazard:rectify', 'hazard:manage', 'hazard:supervise', 'operation:manage', 'operation:duty', 'alert:ack', ...OVERSIGHT, ...OBSERVE, ...CASE_DESK, ...DIRECTIVE_DESK, 'case:handle', 'user:read'], heldAt: ['street'] },
  department_handler: { permissions: ['hazard:inspect', 'hazard:rectify', 'operation:duty', ...OBSERVE, 'case:read', 'case:handle', 'directive:sign', 'task:report'], heldAt: ['department', 'task_force'] },
  grid_worker: { permissions: ['hazard:inspect', 'operation:duty', ...OBSERVE, 'case:read', 'case:report', 'case:verify', 'directive:sign', 'task:report'], heldAt: ['grid', 'community'] },
  leader: { permissions: [...OVERSIGHT, ...OBSERVE, 'user:read', 'system:read', 'case:read', 'case:supervise', 'directive:supervise', 'task:supervise', 'hazard:supervise'], heldAt: ['district', 'street', 'department'] },
  data_officer: {
    permissions: [...OVERSIGHT, ...OBSERVE, 'user:read', 'personal-data:read', 'audit:read', 'audit:verify', 'case:read'],
    heldAt: ['district', 'department'],
  },
  public: { permissions: ['geo:locate', 'calendar:read', 'category:read', 'case:report'], heldAt: ['district'] },
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_DEFS[role].permissions.includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
