import { fillPath, type BodyOf, type ParamsOf, type QueryOf, type ReplyOf, type RouteSpec } from '../api/contract.ts';

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

async function send(method: string, path: string, opts: RequestOptions, csv: boolean): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  if (opts.body !== undefined) headers['Content-Type'] = csv ? 'text/csv' : 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body:
        opts.body === undefined
          ? undefined
          : csv && typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    throw new ApiFailure(0, 'network', (e as Error).message);
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // a proxy's HTML error page, or a CSV or script reply: keep the text
    data = res.ok ? text : null;
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
  return data;
}

/** The path's parameters, when it has any. */
type ParamsOption<S extends RouteSpec> = S['path'] extends `${string}:${string}`
  ? { params: ParamsOf<S['path']> }
  : { params?: undefined };
/** The body: required when the route needs fields, optional when an empty one will do. */
type BodyOption<S extends RouteSpec> = S extends { body: unknown }
  ? object extends BodyOf<S>
    ? { body?: BodyOf<S> }
    : { body: BodyOf<S> }
  : { body?: undefined };
type QueryOption<S extends RouteSpec> = S extends { query: unknown } ? { query?: QueryOf<S> } : { query?: undefined };

export type CallOptions<S extends RouteSpec> = ParamsOption<S> &
  BodyOption<S> &
  QueryOption<S> &
  Omit<RequestOptions, 'body'>;

/** The URL path of a call, its query included (undefined values left out). */
export function pathOf<S extends RouteSpec>(spec: S, opts: CallOptions<S>): string {
  const params: Record<string, string> = opts.params ?? {};
  const path = fillPath(spec.path, params);
  const query = new URLSearchParams();
  const asked: Record<string, unknown> = opts.query ?? {};
  for (const [k, v] of Object.entries(asked)) {
    // Query values are strings, numbers or booleans in the contract (zod coerces them back on the server).
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') query.set(k, String(v));
  }
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

/**
 * Calls a route of the contract (shared/api/routes.ts): `call(api.greet, {params: {branch, id}, token})`.
 * The path, method, body and reply are the contract's, so a changed route fails to compile here, not in a hall.
 */
export async function call<S extends RouteSpec>(spec: S, opts: CallOptions<S>): Promise<ReplyOf<S>> {
  return (await send(spec.method, pathOf(spec, opts), opts, spec.body === 'csv')) as ReplyOf<S>;
}
