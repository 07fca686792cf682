// The first data of the page is asked for while the session is still being checked (in parallel with
// /api/auth/me), so the screen does not wait for one round trip after another. Each prefetch is used once.
import { api } from '../shared/api';
import { layer } from './geo';

const pending = new Map<string, Promise<unknown>>();

function start(key: string, p: Promise<unknown>): void {
  p.catch(() => undefined); // a 401 here is handled by the session gate; the real request reports errors
  pending.set(key, p);
}

/** The place in the URL: /screen/street/<code> → code; /screen → the caller's default place. */
export function unitFromPath(pathname: string): string | undefined {
  return /^\/screen\/street\/([A-Za-z0-9-]+)/.exec(pathname)?.[1];
}

export function prefetchScreen(pathname: string): void {
  // The operation screen loads its own data (a command post has no place with a summary: that would be a 404).
  if (pathname.startsWith('/screen/operation')) return;
  const unit = unitFromPath(pathname);
  start(`summary:${unit ?? ''}`, api.get('/api/screen/summary', { unit }));
  start(`markers:${unit ?? ''}`, api.get('/api/screen/markers', { unit }));
  void layer('zones').catch(() => undefined);
  void layer(unit ? 'grids' : 'streets').catch(() => undefined);
}

/** The prefetched response for `key`, once; undefined when there is none (then ask the server). */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const p = pending.get(key);
  pending.delete(key);
  return p as Promise<T> | undefined;
}
