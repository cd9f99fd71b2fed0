/**
 * Hostile input, property-based: thousands of malformed payloads to every route and every client-to-
 * server socket event. Every reply is a 4xx with a reason, nothing crashes, and the database file is
 * byte-for-byte what it was. HOSTILE_RUNS raises the count (npm run soak).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { HOSTILE_ROUTES } from '../support/routes.ts';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 150);

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '<script>window.__pwned = 1</script>',
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    '\u0000\u0001\u0007\u001b[31m',
    '\u202e\u200b\ufeff𝕏🙂',
    '../../etc/passwd',
    '%00',
    'NaN',
    '-1',
    '1e309',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    '2026-02-30T25:61:00+08:00',
    'x'.repeat(70_000),
    '__proto__',
    'constructor',
  ),
);
const hostileValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, Number.MAX_SAFE_INTEGER + 2, null, true, [], {}),
  fc.anything({ maxDepth: 3 }),
);
/** Bodies that are wrong by construction: wrong types, unknown or missing fields, unknown ids. */
const hostileBody = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.dictionary(fc.string(), hostileValue),
  fc.record({ line: hostileValue.filter((v) => !['life', 'property', 'pension'].includes(v as string)) }),
  fc.record({
    line: fc.constant('life'),
    occurredAt: nasty.filter(
      (s) => !/^\d{4}-\d\d-\d\dT/.test(s) || s.startsWith('9999') || s.startsWith('1970') || s.startsWith('2026-02-30'),
    ),
  }),
  fc.record({
    line: fc.constant('life'),
    vip: fc.record({ memberNo: nasty.filter((s) => !/^\d{6,20}$/.test(s.replace(/\s+/g, ''))) }),
  }),
  fc.record({ line: fc.constant('life'), specialNeeds: fc.array(nasty, { minLength: 1 }) }),
  fc.record({ staffId: hostileValue, pin: hostileValue }),
  fc.record({
    counter: hostileValue,
    toStaff: hostileValue,
    toLine: hostileValue,
    reason: hostileValue,
    eventId: hostileValue,
  }),
);
const hostilePathPart = fc.oneof(
  nasty.filter((s) => s.length > 0 && s.length < 200),
  fc.uuid(),
);

async function fileHash(path: string): Promise<string> {
  const h = createHash('sha256');
  for (const p of [path, `${path}-wal`]) if (existsSync(p)) h.update(readFileSync(p));
  return h.digest('hex');
}

describe('hostile input', () => {
  let server: RunningServer;
  let tokens: string[];

  beforeAll(async () => {
    server = await startServer();
    const http = api(server.url);
    tokens = [
      KIOSK_TOKEN,
      WALL_TOKEN,
      await http.login(STAFF.manager.staffId, STAFF.manager.pin),
      await http.login(STAFF.greeter.staffId, STAFF.greeter.pin),
      '',
      'Bearer nonsense',
    ];
  });
  afterAll(() => server.kill());

  it(
    'answers every hostile request to every route with a 4xx and a reason, and writes nothing',
    async () => {
      const before = await fileHash(server.dbPath);
      let tried = 0;
      for (const route of HOSTILE_ROUTES) {
        await fc.assert(
          fc.asyncProperty(
            hostileBody,
            hostilePathPart,
            fc.constantFrom(...tokens),
            fc.boolean(),
            async (body, part, token, rawText) => {
              const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
                name === 'branch' ? 't1' : encodeURIComponent(part),
              );
              const headers: Record<string, string> = { 'Content-Type': rawText ? 'text/plain' : 'application/json' };
              if (token) headers.Authorization = `Bearer ${token}`;
              let payload: string | undefined;
              if (route.method !== 'GET') {
                const json = JSON.stringify(body) ?? 'undefined';
                payload = rawText && typeof body === 'string' ? body : json;
              }
              const res = await fetch(
                `${server.url}/api/v1${path}${route.method === 'GET' ? `?date=${encodeURIComponent(part)}&state=${encodeURIComponent(part)}` : ''}`,
                {
                  method: route.method,
                  headers,
                  body: payload,
                },
              );
              tried++;
              const text = await res.text();
              expect(res.status, `${route.method} ${path} → ${text.slice(0, 200)}`).toBeLessThan(500);
              // A read that needs no input (who am I, the branch's lines) may answer; a command never may.
              if (route.method === 'GET' && res.status === 200) return;
              expect(
                res.status,
                `${route.method} ${path} → ${res.status} ${text.slice(0, 200)}`,
              ).toBeGreaterThanOrEqual(400);
              const reply = JSON.parse(text);
              expect(typeof reply.error.code).toBe('string');
              expect(reply.error.message.length).toBeGreaterThan(0);
            },
          ),
          { numRuns: RUNS },
        );
      }
      expect(tried).toBeGreaterThanOrEqual(RUNS * HOSTILE_ROUTES.length);
      expect(await fileHash(server.dbPath)).toBe(before);
      // Still alive and sane.
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
      console.log(`hostile requests tried: ${tried} over ${HOSTILE_ROUTES.length} routes`);
      // The work grows with every route listed; on a shared 2-core machine ~2 s a route is what it takes.
    },
    Math.max(60_000, HOSTILE_ROUTES.length * 3_000),
  );

  it('survives hostile socket handshakes and events', async () => {
    const before = await fileHash(server.dbPath);
    await fc.assert(
      fc.asyncProperty(
        hostileValue,
        fc.array(hostileValue, { maxLength: 3 }),
        fc.constantFrom('time', 'resync', 'snapshot', 'visit', 'alert', '__proto__', 'greet'),
        async (auth, args, event) => {
          const bad = io(server.url, { auth: { token: auth }, transports: ['websocket'], reconnection: false });
          const refused = await new Promise<boolean>((resolve) => {
            bad.once('connect', () => resolve(false));
            bad.once('connect_error', () => resolve(true));
          });
          bad.close();
          expect(refused).toBe(true);
          const good = io(server.url, { auth: { token: WALL_TOKEN }, transports: ['websocket'], reconnection: false });
          await new Promise<void>((resolve) => good.once('snapshot', () => resolve()));
          (good as any).emit(event, ...args);
          const t = await new Promise<number>((resolve) => good.emit('time', (n: number) => resolve(n)));
          expect(typeof t).toBe('number');
          good.close();
        },
      ),
      { numRuns: Math.max(20, Math.round(RUNS / 3)) },
    );
    expect(await fileHash(server.dbPath)).toBe(before);
  });
});
