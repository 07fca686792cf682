// The one way the faces talk to the platform: same-origin fetch with the session cookie, the user's
// language on every request, and the server's error (code, message, field messages) as an ApiError.
import type { paths } from './api-types';

export interface FieldError { field: string; code: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** antd Form.setFields input: the server's message under each field it named ('body.description' → description). */
  formFields(): Array<{ name: string[]; errors: string[] }> {
    return this.fields.map((f) => {
      const path = f.field.split('.');
      if (['body', 'query', 'params'].includes(path[0]!)) path.shift();
      return { name: path.filter((s) => !/^\d+$/.test(s)).slice(0, 1), errors: [f.message] };
    });
  }
}

let locale = 'zh-CN';
export function setApiLocale(l: string): void { locale = l; }

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Paths the OpenAPI document declares: a typo in a path is a compile error. */
export type ApiPath = keyof paths;

async function request<T>(method: string, path: string, body?: unknown, query?: Query, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { 'x-locale': locale }, signal };
  if (body instanceof Blob) {
    init.body = body;
    (init.headers as Record<string, string>)['content-type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', locale === 'en' ? 'Network error — check the connection and retry' : '网络异常，请检查网络后重试');
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; fields?: FieldError[]; params?: Record<string, unknown> } }).error;
    if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized();
    throw new ApiError(res.status, e?.code ?? 'HTTP_' + res.status, e?.message ?? res.statusText, e?.fields ?? [], e?.params ?? {});
  }
  return data as T;
}

let onUnauthorized = (): void => {
  const next = encodeURIComponent(location.pathname + location.search);
  if (location.pathname !== '/') location.assign(`/?next=${next}`);
};
export function setUnauthorizedHandler(fn: () => void): void { onUnauthorized = fn; }

export const api = {
  get: <T>(path: ApiPath | string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, undefined, query, signal),
  post: <T>(path: ApiPath | string, body?: unknown, query?: Query) => request<T>('POST', path, body ?? {}, query),
  put: <T>(path: ApiPath | string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: ApiPath | string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: ApiPath | string) => request<T>('DELETE', path),
  /** A file as the raw request body (the attachments API takes the image itself), with its content type. */
  upload: <T>(path: ApiPath | string, file: Blob, query?: Query) => request<T>('POST', path, file, query),
};

/** Response body type of `GET path` as the OpenAPI document declares it. */
export type GetResponse<P extends ApiPath> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer R } } } } } ? R : never;
/** Response body type of `POST path` (200 or 201). */
export type PostResponse<P extends ApiPath> = paths[P] extends { post: { responses: infer Rs } }
  ? Rs extends { 201: { content: { 'application/json': infer R } } } ? R
  : Rs extends { 200: { content: { 'application/json': infer R } } } ? R : never
  : never;
