import { z } from 'zod';

// Shared pieces of request and response schemas.
export const Pagination = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string(),
  }),
}).describe('Error (message in the caller\'s language: zh-CN or en)');

export const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const UnitCode = z.string().min(1).max(32).regex(/^[A-Za-z0-9-]+$/);
