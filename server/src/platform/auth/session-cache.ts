import type { Actor } from '../access/actor.js';
import type { Executor } from '../db/database.js';
import type { PublishedEvent } from '../events/event.js';
import { loadSessionActor } from './session-store.js';

interface Entry {
  actor: Actor;
  expiresAt: number | null;
  cachedUntil: number;
}

/**
 * Resolves session tokens to actors with a short-lived in-memory cache, so an authenticated read costs
 * one query, not two. Revocations and user changes arrive as `sys.*` events from every instance.
 */
export class SessionCache {
  private entries = new Map<string, Entry>();
  // Bumped by every forget: a lookup that started before a revocation must not cache its stale answer.
  private generation = 0;
  constructor(private ex: Executor, private ttlMs = 30_000, private maxEntries = 50_000) {}

  async resolve(hash: string): Promise<Actor | null> {
    const now = Date.now();
    const hit = this.entries.get(hash);
    if (hit && hit.cachedUntil > now && (hit.expiresAt === null || hit.expiresAt > now)) return hit.actor;
    const generation = this.generation;
    const loaded = await loadSessionActor(this.ex, hash);
    // Only live sessions are cached: a refusal carries no user id, so forgetUser() could not drop it,
    // and a re-enabled user would stay locked out until the entry expired.
    if (!loaded) {
      this.entries.delete(hash);
      return null;
    }
    if (generation !== this.generation) return loaded.actor;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(hash, { actor: loaded.actor, expiresAt: loaded.expiresAt, cachedUntil: now + this.ttlMs });
    return loaded.actor;
  }

  forget(hash: string): void {
    this.generation++;
    this.entries.delete(hash);
  }

  forgetUser(userId: string): void {
    this.generation++;
    for (const [hash, e] of this.entries) if (e.actor.userId === userId) this.entries.delete(hash);
  }

  onEvent(e: PublishedEvent): void {
    if (e.type === 'sys.session-revoked' && typeof e.payload.hash === 'string') this.forget(e.payload.hash);
    else if (e.type === 'sys.user-changed' && e.subjectId) this.forgetUser(e.subjectId);
  }
}
