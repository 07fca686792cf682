import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { unitsByCode } from './directives-repository.js';
import type { TargetInput } from './directives-schemas.js';
import type { TargetFilter } from './receipts-repository.js';

/**
 * Checks the units a selector names (each must exist, be active and lie in the sender's subtree) and turns
 * it into the filter the fan-out runs in SQL. A unit outside the subtree is answered as unknown, like one
 * that does not exist.
 */
export async function resolveTargets(
  ex: Executor, input: TargetInput, sender: { path: string }, directiveId?: string,
): Promise<TargetFilter> {
  const named = input.units ?? [];
  const unders = [...(input.levels ?? []).map((l) => l.under), ...(input.roles ?? []).flatMap((r) => (r.under ? [r.under] : []))];
  const units = await unitsByCode(ex, [...named, ...unders]);
  const check = (code: string, allowSelf: boolean) => {
    const u = units.get(code);
    const inside = u && u.active && u.path.startsWith(sender.path) && (allowSelf || u.path !== sender.path);
    if (!inside) throw new AppError('UNKNOWN_UNIT', { code });
    return u;
  };
  for (const code of named) check(code, false);
  return {
    codes: [...new Set(named)],
    levels: (input.levels ?? []).map((l) => ({ kind: l.kind, path: check(l.under, true).path })),
    roles: (input.roles ?? []).map((r) => ({ role: r.role, path: r.under ? check(r.under, true).path : sender.path })),
    within: [sender.path],
    exclude: [sender.path],
    directiveId,
  };
}
