import { z } from 'zod';

// Form fields arrive as strings and an empty field means "not given"; JSON may send numbers.
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());
const coordinate = (min: number, max: number) => z.preprocess(
  (v) => { const b = blankToUndefined(v); return typeof b === 'string' ? Number(b) : b; },
  z.number().min(min).max(max),
);

export const JURISDICTION_ID = 'yuzhong.cq.cn';
const Jurisdiction = z.string().max(64).optional().describe(`Optional; this endpoint serves one jurisdiction: ${JURISDICTION_ID}`);

/** POST requests: form-encoded (per the spec) or JSON; api_key is checked by the handler (403). */
export const PostRequestBody = z.strictObject({
  api_key: optional(z.string().max(200)),
  jurisdiction_id: Jurisdiction,
  service_code: z.string().trim().min(1).max(40),
  lat: coordinate(-90, 90),
  long: coordinate(-180, 180),
  address_string: optional(z.string().trim().max(200)),
  description: optional(z.string().trim().min(2).max(4000)),
  email: optional(z.email().max(200)),
  first_name: optional(z.string().trim().max(32)),
  last_name: optional(z.string().trim().max(32)),
  phone: optional(z.string().regex(/^[0-9+\- ]{5,20}$/)),
  media_url: optional(z.url({ protocol: /^https?$/ }).max(1000)),
  device_id: optional(z.string().max(200)),
  account_id: optional(z.string().max(200)),
});

const REF_LIST = /^[A-Za-z0-9-]{1,40}(,[A-Za-z0-9-]{1,40}){0,99}$/;
const CODE_LIST = /^[EC]\d{4}(,[EC]\d{4}){0,99}$/;
const DateParam = z.union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('ISO 8601 (W3C) date-time with offset, or a date (Beijing midnight)');

export const ListRequestsQuery = z.strictObject({
  jurisdiction_id: Jurisdiction,
  service_request_id: z.string().regex(REF_LIST).optional().describe('Comma list of case numbers; the other filters are then ignored'),
  service_code: z.string().regex(CODE_LIST).optional().describe('Category code, or a comma list'),
  start_date: DateParam.optional(),
  end_date: DateParam.optional(),
  status: z.enum(['open', 'closed', 'open,closed', 'closed,open']).optional(),
});

export const JurisdictionQuery = z.strictObject({ jurisdiction_id: Jurisdiction });
export const ServiceParams = z.strictObject({ service_code: z.string().min(1).max(40) });
export const RequestParams = z.strictObject({ service_request_id: z.string().min(1).max(40) });
export const TokenParams = z.strictObject({ token: z.string().min(1).max(64) });

// Administration of client keys (JSON API under /api).
export const CreateClientBody = z.strictObject({ name: z.string().trim().min(1).max(64) });
export const ClientParams = z.strictObject({ id: z.uuid() });
export const ClientView = z.object({
  id: z.string(), name: z.string(), createdBy: z.string().nullable(), createdByName: z.string().nullable(),
  createdAt: z.string(), revokedAt: z.string().nullable(),
});
export const CreatedClient = ClientView.extend({ key: z.string().describe('The API key; shown only in this response') });
