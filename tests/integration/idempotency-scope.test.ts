/**
 * Idempotency keys belong to who sent them (branch + principal + key): two kiosks of two halls that pick
 * the same key make two visits, while a retry from the same kiosk still gets its first reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, OTHER_KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';

describe('idempotency keys, scoped', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    server = await startServer();
    http = api(server.url);
  });
  afterAll(() => server.kill());

  it('gives two kiosks of two branches using the same key two visits', async () => {
    const key = 'kiosk-replay-0001';
    const a = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN, key);
    const b = await http.post('/branches/t2/visits', { line: 'life' }, OTHER_KIOSK_TOKEN, key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.visit.id).not.toBe(a.body.visit.id);
    expect(b.body.visit.branch).toBe('t2');

    // Each kiosk's retry still gets its own first reply and writes nothing.
    const again = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN, key);
    expect(again.status).toBe(201);
    expect(again.body.visit.id).toBe(a.body.visit.id);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const open = await http.get('/branches/t1/visits?state=open', manager);
    expect(open.body.visits.filter((v: { id: string }) => v.id === a.body.visit.id)).toHaveLength(1);
    expect(open.body.visits).toHaveLength(1);
  });

  it('keeps two staff members of one branch apart, and one staff member across sessions together', async () => {
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const vipHost = await http.login(STAFF.vipHost.staffId, STAFF.vipHost.pin);
    const key = 'tablet-key-7';
    const a = await http.post('/branches/t1/visits', { line: 'pension' }, greeter, key);
    const b = await http.post('/branches/t1/visits', { line: 'pension' }, vipHost, key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.visit.id).not.toBe(a.body.visit.id);
    // The greeter signs in again on another tablet and retries: the first reply, not a second visit.
    const again = await http.post(
      '/branches/t1/visits',
      { line: 'pension' },
      await http.login(STAFF.greeter.staffId, STAFF.greeter.pin),
      key,
    );
    expect(again.body.visit.id).toBe(a.body.visit.id);
    // The same key with another request is still refused for its owner.
    const other = await http.post('/branches/t1/visits', { line: 'life' }, greeter, key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency-key-reused');
  });
});
