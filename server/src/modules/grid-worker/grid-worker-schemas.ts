import { z } from 'zod';
import { Pagination } from '../../platform/http/schemas.js';

export const HistoryQuery = z.strictObject({
  kind: z.enum(['all', 'reported', 'checked']).default('all')
    .describe('reported = cases I reported; checked = cases I verified or returned for rework; all = both'),
  ...Pagination,
});

export const HistoryItem = z.object({
  id: z.string(), ref: z.string(), title: z.string(), state: z.string(), categoryCode: z.string(), categoryName: z.string(),
  gridCode: z.string(), streetCode: z.string(), address: z.string().nullable(), warnLevel: z.string(), reportedAt: z.string(),
  myActions: z.array(z.enum(['report', 'verify', 'rework'])).describe('What I did on the case'),
  myLastAt: z.string().describe('When I last acted on it (the sort key, newest first)'),
});
