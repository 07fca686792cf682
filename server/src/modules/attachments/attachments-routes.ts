import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../app.js';
import { AppError } from '../../platform/errors/app-error.js';
import { makeErrorHandler } from '../../platform/http/error-handler.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { listAttachments, type AttachmentListRow, type AttachmentRow, type AttachmentStage } from './attachments-repository.js';
import { Attachment, AttachmentList, AttachmentParams, CaseParams, ItemParams, UploadQuery } from './attachments-schemas.js';
import { readableItem } from './item-access.js';
import {
  IMAGE_TYPES, isImageType, MAX_UPLOAD_BYTES, openAttachment, uploadAttachment, type AttachmentDeps,
} from './attachments-service.js';

// Attachments never change (a new photo is a new attachment), so browsers may keep them for good.
const CACHE_FOREVER = 'private, max-age=31536000, immutable';

function view(a: AttachmentRow & Partial<Pick<AttachmentListRow, 'uploader_name'>>) {
  return {
    id: a.id, itemId: a.item_id, caseId: a.item_id, stage: a.stage, contentType: a.content_type, bytes: a.bytes, width: a.width, height: a.height,
    originalName: a.original_name, uploadedBy: a.uploaded_by, uploaderName: a.uploader_name ?? null,
    createdAt: new Date(a.created_at).toISOString(), sha256: a.blob_key,
    url: `/api/attachments/${a.id}`, thumbUrl: `/api/attachments/${a.id}/thumb`,
  };
}

/** `inline` with the original name: an ASCII fallback plus the exact name per RFC 6266 / 5987. */
function disposition(name: string | null): string {
  if (!name) return 'inline';
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Photos on work items (cases, receipts, milestones…). The routes live in their own plugin scope: only here are raw image bodies accepted
 * (no JSON, no text), up to MAX_UPLOAD_BYTES instead of the app-wide body limit.
 */
export async function registerAttachmentRoutes(app: TypedApp, deps: AttachmentDeps): Promise<void> {
  const tags = ['attachments 附件'];
  await app.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...IMAGE_TYPES], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
    // The same error shape, but a 413 names this scope's limit.
    scope.setErrorHandler(makeErrorHandler(MAX_UPLOAD_BYTES));

    const upload = (kind?: string) => async (
      req: FastifyRequest<{ Params: { id: string }; Querystring: { stage: AttachmentStage; name?: string } }>, reply: FastifyReply,
    ) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!isImageType(type) || !Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: type.slice(0, 100) });
      const { attachment, created } = await uploadAttachment(deps, { actor: req.actor, ip: req.ip, locale: req.locale }, req.params.id, {
        stage: req.query.stage, name: req.query.name, contentType: type, bytes: req.body,
      }, kind);
      return reply.status(created ? 201 : 200).header('location', `/api/attachments/${attachment.id}`).send(view(attachment));
    };
    const list = async (req: FastifyRequest<{ Params: { id: string } }>) => {
      const item = await readableItem(deps.db, deps, req.actor, req.params.id);
      return { items: (await listAttachments(deps.db, item.id)).map(view) };
    };
    const uploadResponses = { 200: Attachment, 201: Attachment, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse };
    const rawBody = 'Send the image itself as the body with `Content-Type: image/jpeg`, `image/png` or `image/webp` (at most 10 MB). '
      + 'The same photo sent again for the same stage returns the existing attachment with 200.';

    scope.post('/api/cases/:id/attachments', {
      bodyLimit: MAX_UPLOAD_BYTES,
      config: { permission: 'case:read' },
      schema: {
        tags, summary: '上传照片 Attach a photo to a case (raw image body)',
        description: `${rawBody} The caller must see the case and hold case:report, case:handle or case:verify for it.`,
        params: CaseParams, querystring: UploadQuery, response: uploadResponses,
      },
    }, upload('case'));

    scope.get('/api/cases/:id/attachments', {
      config: { permission: 'case:read' },
      schema: { tags, summary: '案件照片 The photos of a case, oldest first', params: CaseParams, response: { 200: AttachmentList, 404: ErrorResponse } },
    }, list);

    // Any other work item: a receipt's execution report, a milestone's progress, a hazard's rectification.
    scope.post('/api/work-items/:id/attachments', {
      bodyLimit: MAX_UPLOAD_BYTES,
      config: { permission: 'authenticated' },
      schema: {
        tags, summary: '上传照片 Attach a photo to any work item (case, receipt, task, milestone; raw image body)',
        description: `${rawBody} The caller must see the item and may act on it (a receipt: directive:sign; a task or milestone: task:report).`,
        params: ItemParams, querystring: UploadQuery, response: uploadResponses,
      },
    }, upload());

    scope.get('/api/work-items/:id/attachments', {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '照片 The photos of a work item, oldest first', params: ItemParams, response: { 200: AttachmentList, 404: ErrorResponse } },
    }, list);

    const download = (variant: 'original' | 'thumb') => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const ifNoneMatch = req.headers['if-none-match'];
      const c = await openAttachment(deps, req.actor, req.params.id, variant, typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined);
      reply.header('cache-control', CACHE_FOREVER).header('etag', `"${c.key}"`).header('x-content-type-options', 'nosniff');
      if (!c.blob) return reply.status(304).send();
      reply.header('content-type', c.contentType).header('content-length', c.blob.size);
      if (variant === 'original') reply.header('content-disposition', disposition(c.attachment.original_name));
      return reply.send(c.blob.stream);
    };

    scope.get('/api/attachments/:id', {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '照片原件 The original photo, unchanged (ETag = its SHA-256)', params: AttachmentParams, response: { 404: ErrorResponse } },
    }, download('original'));

    scope.get('/api/attachments/:id/thumb', {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '缩略图 A JPEG thumbnail at most 320 px wide, upright, without EXIF', params: AttachmentParams, response: { 404: ErrorResponse } },
    }, download('thumb'));
  });
}
