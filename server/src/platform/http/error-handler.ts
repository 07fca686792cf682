import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sqlState } from '../db/sql-state.js';
import { AppError, type ErrorCode, type FieldIssue } from '../errors/app-error.js';
import { pickLocale, t, type Locale } from '../i18n/messages.js';
import { localiseIssues, RequestValidationError } from './validation.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldIssue[]; params?: Record<string, unknown>; requestId: string };
}

/** Maps anything thrown to a typed error; only genuine faults become 500s. */
export function toAppError(err: unknown, bodyLimit: number, contentType = ''): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof RequestValidationError) return new AppError('VALIDATION_FAILED');
  const e = err as FastifyError & { code?: string; statusCode?: number; headers?: Record<string, string> };
  const mediaType = contentType.split(';')[0]!.trim().slice(0, 100);
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new AppError('BODY_TOO_LARGE', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return new AppError('UNSUPPORTED_MEDIA_TYPE', { type: mediaType });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return new AppError('MALFORMED_JSON');
  }
  switch (sqlState(err)) {
    // PostgreSQL: the database refused the input; that is the caller's fault, not ours.
    case '23505': return new AppError('ALREADY_EXISTS', { what: 'resource' });
    case '23503': return new AppError('CONFLICT', { reason: 'reference' });
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    // Text PostgreSQL cannot store, e.g. a NUL character (\u0000) in a string or in JSON.
    case '22021':
    case '22P05':
    case '23514': return new AppError('VALIDATION_FAILED');
    case '40001':
    case '40P01': return new AppError('STALE_STATE');
  }
  if (err instanceof SyntaxError && e.statusCode === 400) return new AppError('MALFORMED_JSON');
  if (e.statusCode === 429) return new AppError('RATE_LIMITED', { retryAfter: 60 });
  if (e.statusCode === 413) return new AppError('BODY_TOO_LARGE', { limit: bodyLimit });
  if (e.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', { type: mediaType });
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('VALIDATION_FAILED');
  return new AppError('INTERNAL');
}

/** State and action codes of a refused transition, in the user's words (the codes stay in `params`). */
function transitionNames(p: Record<string, unknown>, locale: Locale): Record<string, string> {
  const name = (section: string, code: unknown) => {
    const key = `${section}.${String(code)}`;
    const text = t(locale, key);
    return text === key ? String(code) : text;
  };
  const allowed = Array.isArray(p.allowedActions) ? p.allowedActions.map((a) => name('workItemActions', a)) : [];
  return {
    from: name('caseStates', p.from),
    action: name('workItemActions', p.action),
    allowed: allowed.length ? allowed.join(locale === 'en' ? ', ' : '、') : '—',
  };
}

export function errorBody(err: AppError, locale: Locale, requestId: string, fields?: FieldIssue[]): ErrorBody {
  const params: Record<string, unknown> = { ...err.params, requestId };
  if (typeof params.what === 'string') params.what = t(locale, `what.${params.what}`);
  if (err.code === 'INVALID_TRANSITION') Object.assign(params, transitionNames(err.params, locale));
  return {
    error: {
      code: err.code,
      message: t(locale, `errors.${err.code}`, params),
      ...(fields?.length ? { fields } : err.fields.length ? { fields: err.fields } : {}),
      ...(Object.keys(err.params).length ? { params: err.params } : {}),
      requestId,
    },
  };
}

export function makeErrorHandler(bodyLimit: number) {
  return function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
    const locale = request.locale ?? pickLocale(undefined, request.headers['accept-language']);
    const contentType = request.headers['content-type'];
    const appError = toAppError(err, bodyLimit, typeof contentType === 'string' ? contentType : '');
    if (appError.status >= 500) request.log.error({ err }, 'request failed');
    const fields = err instanceof RequestValidationError ? localiseIssues(err, locale) : undefined;
    if (appError.code === 'RATE_LIMITED') {
      const retry = Number(reply.getHeader('retry-after') ?? 60);
      appError.params.retryAfter = retry;
    }
    return reply.status(appError.status).send(errorBody(appError, locale, request.id, fields));
  };
}
