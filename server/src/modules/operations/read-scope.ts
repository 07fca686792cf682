import { can, scopeOf, type Actor } from '../../platform/access/actor.js';
import type { OperationRow } from './operations-repository.js';

/**
 * Where a reader of an operation sees its posts, tasks and shifts: all of it from the commanding unit down (they read
 * there), else what lies in their own operation:read scope (a street sees its sub-command post and its tasks).
 */
export function operationReadScope(actor: Actor, op: Pick<OperationRow, 'owner_path'>): string[] {
  return can(actor, 'operation:read', op.owner_path) ? [op.owner_path] : scopeOf(actor, 'operation:read');
}
