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

const OBSERVE: readonly Permission[] = ['unit:read', 'stream:read', 'geo:locate', 'calendar:read', 'token:manage'];

export const ROLE_DEFS: Record<Role, RoleDef> = {
  admin: {
    permissions: [...OBSERVE, 'unit:manage', 'user:read', 'user:manage', 'personal-data:read', 'audit:read', 'audit:verify', 'system:read'],
    heldAt: ['district', 'street'],
  },
  district_commander: {
    permissions: [...OBSERVE, 'user:read', 'audit:read', 'system:read'],
    heldAt: ['district', 'command_post'],
  },
  district_operator: { permissions: [...OBSERVE, 'user:read'], heldAt: ['district'] },
  street_operator: { permissions: [...OBSERVE, 'user:read'], heldAt: ['street'] },
  department_handler: { permissions: OBSERVE, heldAt: ['department', 'task_force'] },
  grid_worker: { permissions: OBSERVE, heldAt: ['grid', 'community'] },
  leader: { permissions: [...OBSERVE, 'user:read', 'system:read'], heldAt: ['district', 'street', 'department'] },
  data_officer: {
    permissions: [...OBSERVE, 'user:read', 'personal-data:read', 'audit:read', 'audit:verify'],
    heldAt: ['district', 'department'],
  },
  public: { permissions: ['geo:locate', 'calendar:read'], heldAt: ['district'] },
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_DEFS[role].permissions.includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
