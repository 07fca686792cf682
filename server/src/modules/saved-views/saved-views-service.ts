import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/access/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { AppError } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/messages.js';
import {
  countSavedViews, deleteSavedView, listSavedViews, upsertSavedView, type SavedViewRow,
} from './saved-views-repository.js';
import type { SavedViewPage } from './saved-views-schemas.js';

/** Enough for every working list an operator keeps; a cap keeps one account from filling the table. */
export const MAX_VIEWS_PER_PAGE = 50;

// Saved views belong to a person, not a unit: only a signed-in user has them, and only they see them.
function ownerOf(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { permission: 'authenticated' });
  return actor.userId;
}

export function listViews(ex: Executor, actor: Actor, page: SavedViewPage): Promise<SavedViewRow[]> {
  return listSavedViews(ex, ownerOf(actor), page);
}

/** Saves a named filter set; the same name again replaces its filters. */
export async function saveView(
  uow: UnitOfWork, input: { page: SavedViewPage; name: string; filters: Record<string, unknown> },
): Promise<SavedViewRow & { created: boolean }> {
  const userId = ownerOf(uow.actor);
  const row = await upsertSavedView(uow.tx, { id: randomUUID(), userId, ...input });
  // Counted after the write, inside the transaction: a replaced view never trips the cap.
  if (row.created && (await countSavedViews(uow.tx, userId, input.page)) > MAX_VIEWS_PER_PAGE) {
    throw new AppError('VALIDATION_FAILED', {}, [{
      field: 'body.name', code: 'too_many', message: t(uow.actor.locale, 'savedViews.tooMany', { max: MAX_VIEWS_PER_PAGE }),
    }]);
  }
  return row;
}

/** Deletes one of the caller's views; someone else's looks exactly like a missing one (404). */
export async function removeView(uow: UnitOfWork, id: string): Promise<void> {
  if (!(await deleteSavedView(uow.tx, ownerOf(uow.actor), id))) throw new AppError('NOT_FOUND', { what: 'savedView', id });
}
