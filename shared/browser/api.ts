/** The browsers' REST client: JSON in and out, refusals turned into an ApiFailure with the server's code. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  /** True when the server could not be reached at all (offline, server down). */
  get offline(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    throw new ApiFailure(0, 'network', (e as Error).message);
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // a proxy's HTML error page: keep the status
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    throw new ApiFailure(
      res.status,
      err?.code ?? (res.status >= 500 ? 'internal' : 'network'),
      err?.message ?? res.statusText,
      err?.field,
    );
  }
  return data as T;
}

export const get = <T>(path: string, token?: string | null) => request<T>('GET', path, { token });
export const post = <T>(path: string, body: unknown, token?: string | null, idempotencyKey?: string) =>
  request<T>('POST', path, { body, token, idempotencyKey });

/** A fresh idempotency key for a command that may be retried (works without a secure context too). */
export { newKey } from '../browser/ids.ts';
