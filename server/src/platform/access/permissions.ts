// Every permission in the platform. A route declares exactly one of these (or 'public' / 'authenticated').
export const PERMISSIONS = [
  'unit:read',
  'unit:manage',
  'user:read',
  'user:manage',
  'personal-data:read',
  'audit:read',
  'audit:verify',
  'stream:read',
  'token:manage',
  'geo:locate',
  'calendar:read',
  'system:read',
  'category:read',
  'category:manage',
  'case:read',
  'case:report',
  'case:register',
  'case:dispatch',
  'case:handle',
  'case:verify',
  'case:close',
  'case:supervise',
  'case:import',
  'open311:manage',
  'evaluation:read',
  'evaluation:manage',
  'webhook:manage',
  'directive:read',
  'directive:issue',
  'directive:sign',
  'directive:supervise',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What a route requires: a permission, any signed-in user, or nothing. */
export type RoutePermission = Permission | 'authenticated' | 'public';
