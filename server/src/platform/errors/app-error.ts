// Typed error codes with an exhaustive map to HTTP status. Services throw these; routes never build HTTP errors.
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 404,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  INVALID_TRANSITION: 409,
  STALE_STATE: 409,
  RATE_LIMITED: 429,
  OUTSIDE_DISTRICT: 422,
  UNKNOWN_UNIT: 422,
  INVALID_ROLE_SCOPE: 422,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  /** Dotted path of the field, e.g. `body.location.lng`. */
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Values for the message placeholders (and returned to clients as `params`). */
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldIssue[] = [],
  ) {
    super(code);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string, id?: string) => new AppError('NOT_FOUND', { what, id });
export const forbidden = (permission?: string) => new AppError('FORBIDDEN', { permission });
