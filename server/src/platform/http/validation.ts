import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { FieldIssue } from '../errors/app-error.js';
import { t, type Locale } from '../i18n/messages.js';

/** A request part failed its schema; messages are localised later, when the request's locale is known. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly part: string, readonly issues: z.core.$ZodIssue[]) {
    super('request validation failed');
  }
}

/** Validates with the route's zod schema; unknown fields are rejected because request schemas are strict. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => (data) => {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { value: result.data };
  return { error: new RequestValidationError(httpPart ?? 'body', result.error.issues) };
};

const localeErrors = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };

export function localiseIssues(err: RequestValidationError, locale: Locale): FieldIssue[] {
  const part = err.part === 'querystring' ? 'query' : err.part;
  return err.issues.map((issue) => {
    const path = [part, ...issue.path.map(String)].join('.');
    let message: string;
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = t(locale, 'fields.required');
    } else if (issue.code === 'unrecognized_keys') {
      message = t(locale, 'fields.unknownField', { keys: issue.keys.join(', ') });
    } else if (issue.code === 'custom' && issue.message) {
      message = issue.message;
    } else {
      const m = localeErrors[locale](issue as never);
      message = (typeof m === 'string' ? m : m?.message) ?? issue.message;
    }
    return { field: path, code: issue.code, message };
  });
}
