import { z } from 'zod';

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const GrantView = z.object({ role: z.string(), unitCode: z.string(), unitPath: z.string() });

export const MeResponse = z.object({
  userId: z.string().nullable(),
  username: z.string(),
  displayName: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  grants: z.array(GrantView),
  permissions: z.array(z.string()),
});

export const LoginResponse = MeResponse.extend({ token: z.string().describe('Also set as the httpOnly cy_session cookie') });

export const CreateTokenBody = z.strictObject({
  name: z.string().min(1).max(80),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const TokenView = z.object({
  id: z.string(), name: z.string().nullable(), createdAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable(),
});

export const LocaleBody = z.strictObject({ locale: z.enum(['zh-CN', 'en']) });
