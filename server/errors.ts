import type { ErrorCode, ErrorReply } from '../shared/api/errors.ts';

/** Refusals the API answers with: an HTTP status, a stable code the pages translate, and the reason. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toJSON(): ErrorReply {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export const badRequest = (code: ErrorCode, message: string, field?: string) =>
  new HttpError(400, code, message, field);
export const conflict = (code: ErrorCode, message: string) => new HttpError(409, code, message);
export const notFound = (code: ErrorCode, message: string) => new HttpError(404, code, message);
export const forbidden = (message = 'your role may not do this') => new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'sign in first (Authorization: Bearer …)') =>
  new HttpError(401, 'unauthorized', message);
