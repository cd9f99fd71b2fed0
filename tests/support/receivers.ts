/**
 * Stand-ins for the four kinds of robot (DESIGN §8): a real HTTP server on 127.0.0.1 that checks each post
 * the way the vendor documents it — its own code, not the server's, so a wrong formula on either side
 * shows — answers as the vendor answers, and records every post. Test traffic never leaves 127.0.0.0/8.
 *
 * - DingTalk: `?access_token=…&timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256(secret, ts + "\n" +
 *   secret)>`, the timestamp within an hour; refuses with `{"errcode":310000,…}`.
 * - WeCom: the robot's key in the URL (`?key=…`); a wrong one gets `{"errcode":93000,…}`.
 * - Feishu: `timestamp` (s) and `sign` = base64(HMAC-SHA256(key = ts + "\n" + secret, "")) in the body,
 *   within an hour; refuses with `{"code":19021,…}`.
 * - webhook: `X-Yingbin-Timestamp` (s, within 5 minutes) and `X-Yingbin-Signature: sha256=<hex
 *   HMAC-SHA256(secret, ts + "." + body)>`; refuses with HTTP 401.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverKind = 'dingtalk' | 'wecom' | 'feishu' | 'webhook';

export interface ReceivedPost {
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  raw: string;
  /** The body as JSON (null when it is not JSON). */
  body: unknown;
  /** The signature (or WeCom's key) and the body's shape are as the vendor documents them. */
  verified: boolean;
  /** Why not, when not verified. */
  problem: string | null;
  /** What the receiver answered. */
  status: number;
}

export interface ReceiverOptions {
  /** DingTalk, Feishu, webhook: the signing secret; WeCom: the robot's key (in the URL). */
  secret?: string;
  /** The first n posts fail (after being recorded): HTTP 500, or the vendor's error code with `failAs`. */
  failFirst?: number;
  failAs?: 'http' | 'code';
  /** Answer every verified post with this instead of the vendor's success. */
  reply?: { status: number; body: unknown };
}

export interface Receiver {
  /** The address to configure as the channel's `url` (with DingTalk's token or WeCom's key in it). */
  url: string;
  posts: ReceivedPost[];
  /** Resolves once `n` posts have arrived (rejects after `timeoutMs`, naming what did arrive). */
  waitForPosts(n: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const WEBHOOK_SKEW_S = 300;

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

const OK: Record<ReceiverKind, unknown> = {
  dingtalk: { errcode: 0, errmsg: 'ok' },
  wecom: { errcode: 0, errmsg: 'ok' },
  feishu: { code: 0, msg: 'success', data: {} },
  webhook: { ok: true },
};
const REFUSED: Record<ReceiverKind, { status: number; body: unknown }> = {
  dingtalk: { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } },
  wecom: { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } },
  feishu: { status: 200, body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour' } },
  webhook: { status: 401, body: { error: 'bad signature' } },
};
/** What a robot says when it is overloaded (DingTalk/WeCom's rate limit, Feishu's frequency limit). */
const BUSY: Record<ReceiverKind, { status: number; body: unknown }> = {
  dingtalk: { status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } },
  wecom: { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } },
  feishu: { status: 200, body: { code: 9499, msg: 'too many request' } },
  webhook: { status: 503, body: { error: 'busy' } },
};

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The body's shape as the vendor requires it; a message for what is wrong, or null. */
function shapeProblem(kind: ReceiverKind, body: unknown): string | null {
  if (!isRecord(body)) return 'the body is not a JSON object';
  if (kind === 'dingtalk' || kind === 'wecom') {
    const type = body.msgtype;
    if (type !== 'text' && type !== 'markdown') return 'msgtype must be text or markdown';
    const part = body[type];
    if (!isRecord(part)) return `no ${type} object`;
    if (kind === 'dingtalk' && type === 'markdown')
      return typeof part.title === 'string' && typeof part.text === 'string' ? null : 'markdown needs title and text';
    if (kind === 'dingtalk') return typeof part.content === 'string' ? null : 'text needs content';
    return typeof part.content === 'string' ? null : `${type} needs content`;
  }
  if (kind === 'feishu') {
    if (body.msg_type !== 'text') return 'msg_type must be text';
    return isRecord(body.content) && typeof body.content.text === 'string' ? null : 'content.text is needed';
  }
  return Array.isArray(body.alerts) ? null : 'alerts must be an array';
}

function signatureProblem(
  kind: ReceiverKind,
  secret: string | undefined,
  token: string,
  req: { query: URLSearchParams; headers: IncomingMessage['headers']; raw: string; body: unknown },
): string | null {
  const now = Date.now();
  if (kind === 'wecom') return req.query.get('key') === (secret ?? token) ? null : 'wrong key';
  if (kind === 'dingtalk') {
    if (req.query.get('access_token') !== token) return 'wrong access_token';
    if (!secret) return null;
    const ts = req.query.get('timestamp');
    const sign = req.query.get('sign'); // URLSearchParams has already url-decoded it
    if (!ts || !sign) return 'timestamp and sign are needed';
    if (Math.abs(now - Number(ts)) > HOUR_MS) return 'timestamp is not within an hour';
    const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    return sameText(sign, expected) ? null : 'sign not match';
  }
  if (kind === 'feishu') {
    if (!secret) return null;
    const body = req.body as Record<string, unknown>;
    const ts = body.timestamp;
    const sign = body.sign;
    if (typeof ts !== 'string' || typeof sign !== 'string') return 'timestamp and sign (strings) are needed';
    if (Math.abs(now / 1000 - Number(ts)) > HOUR_MS / 1000) return 'timestamp is not within an hour';
    const expected = createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64');
    return sameText(sign, expected) ? null : 'sign match fail';
  }
  if (!secret) return null;
  const ts = req.headers['x-yingbin-timestamp'];
  const sig = req.headers['x-yingbin-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string') return 'X-Yingbin-Timestamp and X-Yingbin-Signature needed';
  if (Math.abs(now / 1000 - Number(ts)) > WEBHOOK_SKEW_S) return 'timestamp is not within 5 minutes';
  const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${req.raw}`).digest('hex')}`;
  return sameText(sig, expected) ? null : 'signature does not match';
}

const PATHS: Record<ReceiverKind, (token: string) => string> = {
  dingtalk: (t) => `/robot/send?access_token=${t}`,
  wecom: (t) => `/cgi-bin/webhook/send?key=${t}`,
  feishu: (t) => `/open-apis/bot/v2/hook/${t}`,
  webhook: () => '/yingbin/alerts',
};

/** Starts a receiver of `kind` on 127.0.0.1 and a free port. */
export async function startReceiver(kind: ReceiverKind, opts: ReceiverOptions = {}): Promise<Receiver> {
  // DingTalk's access token and Feishu's hook id are in the URL, a WeCom robot's key too (its "secret").
  const token = kind === 'wecom' && opts.secret ? opts.secret : randomBytes(16).toString('hex');
  const posts: ReceivedPost[] = [];
  const waiters: (() => void)[] = [];
  let failuresLeft = opts.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const wrongPath = url.pathname !== PATHS[kind](token).split('?')[0];
      const problem =
        (req.method !== 'POST' ? 'not a POST' : null) ??
        (wrongPath ? 'wrong path' : null) ??
        (String(req.headers['content-type']).startsWith('application/json') ? null : 'not application/json') ??
        shapeProblem(kind, body) ??
        signatureProblem(kind, opts.secret, token, { query: url.searchParams, headers: req.headers, raw, body });
      let answer: { status: number; body: unknown };
      if (problem) answer = REFUSED[kind];
      else if (failuresLeft > 0) {
        failuresLeft--;
        answer = opts.failAs === 'code' ? BUSY[kind] : { status: 500, body: { error: 'receiver told to fail' } };
      } else answer = opts.reply ?? { status: 200, body: OK[kind] };
      posts.push({
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        raw,
        body,
        verified: problem === null,
        problem,
        status: answer.status,
      });
      res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer.body));
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PATHS[kind](token)}`,
    posts,
    async waitForPosts(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (posts.length < n) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`${kind} receiver: ${posts.length} of ${n} posts arrived: ${JSON.stringify(posts)}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => (clearTimeout(t), resolve()));
        });
      }
      return posts.slice(0, n);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
