// Which faces a user may open, from their permissions (the server enforces the same on every call).
export interface FaceLink { key: 'screen' | 'console' | 'mobile'; href: string; permission: string }

export const FACES: FaceLink[] = [
  { key: 'screen', href: '/screen', permission: 'evaluation:read' },
  { key: 'console', href: '/console', permission: 'case:read' },
  { key: 'mobile', href: '/m', permission: 'case:verify' },
];

export function facesFor(permissions: string[]): FaceLink[] {
  return FACES.filter((f) => permissions.includes(f.permission));
}

/** Where a user lands after signing in: grid workers on the phone app, everyone else on the console. */
export function homeFor(permissions: string[], roles: string[]): string {
  const faces = facesFor(permissions);
  if (roles.length > 0 && roles.every((r) => r === 'grid_worker')) return '/m';
  if (roles.includes('leader') && faces.some((f) => f.key === 'screen')) return '/screen';
  return faces.find((f) => f.key === 'console')?.href ?? faces[0]?.href ?? '/';
}
