import { z } from 'zod';
import { CaseListQuery } from '../cases/cases-schemas.js';

/** The lists a view can belong to, each with the filters it may hold (its list query minus paging). */
export const SAVED_VIEW_PAGES = ['cases'] as const;
export type SavedViewPage = (typeof SAVED_VIEW_PAGES)[number];

export const CaseViewFilters = CaseListQuery.omit({ limit: true, offset: true });

export const SavedViewPageQuery = z.strictObject({
  page: z.enum(SAVED_VIEW_PAGES).default('cases').describe('The list: cases = the case inbox'),
});

export const SaveViewBody = z.strictObject({
  page: z.enum(SAVED_VIEW_PAGES).default('cases'),
  name: z.string().trim().min(1).max(64),
  filters: CaseViewFilters,
});

export const SavedViewParams = z.strictObject({ id: z.uuid() });

export const SavedView = z.object({
  id: z.string(), page: z.string(), name: z.string(),
  filters: z.record(z.string(), z.unknown()).describe('The list\'s query parameters, as saved'),
  createdAt: z.string(), updatedAt: z.string(),
});

export const SavedViewList = z.object({ items: z.array(SavedView) });
