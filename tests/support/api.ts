/** A thin fetch client for tests: JSON in, JSON out, the status kept. */
export interface ApiReply<T = any> {
  status: number;
  body: T;
}

export function api(baseUrl: string) {
  async function call<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; key?: string; raw?: string } = {},
  ): Promise<ApiReply<T>> {
    const headers: Record<string, string> = {};
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.key) headers['Idempotency-Key'] = opts.key;
    if (opts.body !== undefined || opts.raw !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T = any>(path: string, body: unknown, token?: string, key?: string) =>
      call<T>('POST', path, { body, token, key }),
    async login(staffId: string, pin: string): Promise<string> {
      const r = await call('POST', '/auth/login', { body: { staffId, pin } });
      if (r.status !== 200) throw new Error(`login ${staffId} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
  };
}

/**
 * A clerk serves a visit at a counter from the call to the end (call, start, complete on branch t1); a step
 * answered other than 200 throws with its reply.
 */
export async function serveToTheEnd(
  http: ReturnType<typeof api>,
  visitId: string,
  token: string,
  counter = '1',
): Promise<void> {
  for (const [action, body] of [
    ['call', { counter }],
    ['start', { counter }],
    ['complete', {}],
  ] as const) {
    const r = await http.post(`/branches/t1/visits/${visitId}/${action}`, body, token);
    if (r.status !== 200) throw new Error(`${action} ${visitId}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}
