import { z } from 'zod';

export const ATTACHMENT_STAGES = ['report', 'handle', 'verify', 'other'] as const;

export const CaseParams = z.strictObject({ id: z.uuid() });
export const AttachmentParams = z.strictObject({ id: z.uuid() });
export const ItemParams = z.strictObject({ id: z.uuid() });

// Control characters, path separators and quotes never make it into a stored file name.
const FileName = z.string().trim().min(1).max(200).transform((s) => s.replace(/[\u0000-\u001f\u007f/\\"]/g, '_'));

export const UploadQuery = z.strictObject({
  stage: z.enum(ATTACHMENT_STAGES).default('other').describe('report = 上报（处置前）, handle = 处置后, verify = 核查, other'),
  name: FileName.optional().describe('The original file name, e.g. photo.jpg'),
});

export const Attachment = z.object({
  id: z.string(),
  /** The work item the photo belongs to. */
  itemId: z.string(),
  /** = itemId (kept for case clients). */
  caseId: z.string(),
  stage: z.enum(ATTACHMENT_STAGES),
  contentType: z.string(),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  originalName: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  uploaderName: z.string().nullable(),
  createdAt: z.string(),
  /** The SHA-256 of the original: also its ETag. */
  sha256: z.string(),
  url: z.string(),
  thumbUrl: z.string(),
});

export const AttachmentList = z.object({ items: z.array(Attachment) });
