/**
 * GET /api/v1/openapi.json is what integrators read instead of our code: it must name every route the
 * server really answers, and the replies it documents must be the replies the server really sends. The
 * server is the real one (a temp SQLite file, a free port); its Express router is walked for the routes.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createYingbin, type Yingbin } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import { api as client } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig, writeTestSetup, WALL_TOKEN } from '../support/config.ts';

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}
type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Every `METHOD /path` the router answers, the mount paths joined (`/api/v1` + `/branches/:branch`). */
function registered(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    const at = (prefix + (layer.rawPath ?? '')).replace(/\/+$/, '');
    if (layer.route) {
      const path = (prefix + layer.route.path).replace(/\/+$/, '');
      return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${path}`);
    }
    return layer.handle.stack ? registered(layer.handle.stack, at) : [];
  });
}

let yingbin: Yingbin;
let dir: string;
let url: string;
let doc: Document;

beforeAll(async () => {
  const setup = writeTestSetup(testConfig());
  dir = setup.dir;
  yingbin = await createYingbin({ config: parseConfig(testConfig()), dbPath: setup.dbPath });
  const port = await yingbin.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
  doc = (await client(url).get<Document>('/openapi.json')).body;
});

afterAll(async () => {
  await yingbin?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The documented schema of a reply, turned back into a validator (from the document, not from our code). */
function documented(method: string, path: string, status: number): z.ZodType {
  const op = doc.paths[path]?.[method];
  const reply = op?.responses[String(status)] ?? op?.responses.default;
  const schema = reply?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no JSON reply documented for ${method.toUpperCase()} ${path} ${status}`);
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
}

async function expectDocumented(method: 'get' | 'post', path: string, reply: { status: number; body: unknown }) {
  const r = documented(method, path, reply.status).safeParse(reply.body);
  expect(r.error?.issues ?? [], `${method.toUpperCase()} ${path} → ${reply.status}`).toEqual([]);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3 and names every route the server registers, with its method', () => {
    expect(doc.openapi).toMatch(/^3\./);
    const routes = registered((yingbin.app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) =>
      r.includes(' /api/v1/'),
    );
    expect(routes.length).toBeGreaterThan(40);
    const documentedRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(routes.filter((r) => !documentedRoutes.includes(r))).toEqual([]);
    expect(documentedRoutes.filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('documents the replies the server really sends, refusals included', async () => {
    const http = client(url);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);

    const login = await http.post('/auth/login', STAFF.counter);
    await expectDocumented('post', '/auth/login', login);
    await expectDocumented('get', '/auth/me', await http.get('/auth/me', greeter));
    await expectDocumented('get', '/auth/me', await http.get('/auth/me', WALL_TOKEN));
    await expectDocumented('get', '/time', await http.get('/time'));
    await expectDocumented('get', '/health', await http.get('/health'));
    await expectDocumented('get', '/branches/{branch}', await http.get('/branches/t1', KIOSK_TOKEN));
    await expectDocumented('get', '/branches/{branch}/staff', await http.get('/branches/t1/staff', greeter));

    const checkIn = await http.post(
      '/branches/t1/visits',
      { line: 'life', vip: { memberNo: '12345678' } },
      KIOSK_TOKEN,
    );
    expect(checkIn.status).toBe(201);
    await expectDocumented('post', '/branches/{branch}/visits', checkIn);
    const id = checkIn.body.visit.id as string;
    const greet = await http.post(`/branches/t1/visits/${id}/greet`, {}, greeter);
    expect(greet.status).toBe(200);
    await expectDocumented('post', '/branches/{branch}/visits/{id}/greet', greet);
    await expectDocumented('get', '/branches/{branch}/visits', await http.get('/branches/t1/visits', greeter));
    await expectDocumented(
      'get',
      '/branches/{branch}/visits/{id}',
      await http.get(`/branches/t1/visits/${id}`, greeter),
    );
    await expectDocumented('get', '/branches/{branch}/today', await http.get('/branches/t1/today', WALL_TOKEN));
    await expectDocumented(
      'get',
      '/branches/{branch}/lines/status',
      await http.get(`/branches/t1/lines/status?visit=${id}`, KIOSK_TOKEN),
    );
    await expectDocumented('get', '/branches/{branch}/duty', await http.get('/branches/t1/duty', WALL_TOKEN));
    await expectDocumented(
      'post',
      '/branches/{branch}/duty',
      await http.post('/branches/t1/duty', { status: 'on-duty' }, greeter),
    );
    const callNext = await http.post('/branches/t1/counters/1/call-next', {}, greeter);
    expect(callNext.status).toBe(200);
    await expectDocumented('post', '/branches/{branch}/counters/{counter}/call-next', callNext);
    await expectDocumented('get', '/branches/{branch}/alerts', await http.get('/branches/t1/alerts', manager));
    await expectDocumented('get', '/branches/{branch}/devices', await http.get('/branches/t1/devices', manager));
    const made = await http.post('/branches/t1/devices', { id: 'kiosk-9', role: 'kiosk' }, manager);
    expect(made.status).toBe(201);
    await expectDocumented('post', '/branches/{branch}/devices', made);
    await expectDocumented('get', '/branches/{branch}/devices', await http.get('/branches/t1/devices', manager));
    const report = await http.get(
      '/branches/t1/reports/daily?date=' + checkIn.body.visit.arrivedAt.slice(0, 10),
      manager,
    );
    expect(report.status).toBe(200);
    await expectDocumented('get', '/branches/{branch}/reports/daily', report);

    // The check is not vacuous: a reply without a documented field, or with a code the route does not give, fails.
    const { visit: _gone, ...noVisit } = greet.body;
    expect(documented('post', '/branches/{branch}/visits/{id}/greet', 200).safeParse(noVisit).success).toBe(false);
    const notACode = { error: { code: 'no-such-code', message: 'x' } };
    expect(documented('post', '/branches/{branch}/visits', 400).safeParse(notACode).success).toBe(false);

    // Refusals: the error shape with the route's codes.
    const queueEmpty = await http.post('/branches/t1/counters/1/call-next', {}, greeter);
    expect(queueEmpty.body.error.code).toBe('queue-empty');
    await expectDocumented('post', '/branches/{branch}/counters/{counter}/call-next', queueEmpty);
    const invalid = await http.post('/branches/t1/visits', { line: 'no such line!' }, KIOSK_TOKEN);
    expect(invalid.status).toBe(400);
    await expectDocumented('post', '/branches/{branch}/visits', invalid);
    const wrongPin = await http.post('/auth/login', { staffId: 'g01', pin: '0000' });
    expect(wrongPin.status).toBe(401);
    await expectDocumented('post', '/auth/login', wrongPin);
  });
});
