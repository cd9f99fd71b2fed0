/**
 * The store failing under a running server: a full disk and another process holding SQLite's write lock.
 * Either way a command is answered 503 `store-unavailable` with nothing written, the process stays up
 * (no unhandled rejection), and once the store has room or the lock again the next command goes through.
 * SQLite only: these are the embedded file's failures (PostgreSQL's disk-full codes map the same way,
 * tests/unit/store-errors.test.ts).
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill();
});

function countRows(dbPath: string): { events: number; visits: number; tickets: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { events: n('events'), visits: n('visits'), tickets: n('ticket_sequences') };
  } finally {
    db.close();
  }
}

describe.runIf(process.env.YINGBIN_TEST_STORE !== 'postgres')('a store that fails under the server', () => {
  it('answers a full disk with 503 store-unavailable, writes nothing, stays up, and works again with room', async () => {
    const first = await startServer();
    await first.kill();
    const pages = (() => {
      const db = new Database(first.dbPath, { readonly: true });
      const n = db.pragma('page_count', { simple: true }) as number;
      db.close();
      return n;
    })();
    // The file may grow by a few pages only: check-ins fill it within a few dozen.
    const server = await startServer({ ...first, env: { YINGBIN_DB_MAX_BYTES: String((pages + 4) * 4096) } });
    servers.push(server);
    const http = api(server.url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const ok: string[] = [];
    let refused: { status: number; body: any } | undefined;
    for (let i = 0; i < 2000 && !refused; i++) {
      const r = await http.post('/branches/t1/visits', { line: 'life', specialNeeds: ['elderly'] }, KIOSK_TOKEN);
      if (r.status === 201) ok.push(r.body.visit.id);
      else refused = r;
    }
    expect(refused, 'the capped file never filled').toBeDefined();
    expect(refused!.status).toBe(503);
    expect(refused!.body.error.code).toBe('store-unavailable');
    expect(ok.length).toBeGreaterThan(0);

    // Nothing of the refused check-in is on disk; a second try changes nothing either.
    const before = countRows(server.dbPath);
    expect(before.visits).toBe(ok.length);
    const again = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    expect(again.status).toBe(503);
    expect(countRows(server.dbPath)).toEqual(before);

    // The process is up and reads still work; the staff still see every acknowledged visit.
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    expect((await http.get('/branches/t1/visits?state=open', manager)).body.visits).toHaveLength(ok.length);

    // With room again (the cap lifted), the same file takes the next check-in.
    await server.kill();
    const roomy = await startServer({ ...first });
    servers.push(roomy);
    const next = await api(roomy.url).post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    expect(next.status).toBe(201);
    expect(countRows(roomy.dbPath).visits).toBe(ok.length + 1);
  });

  it('answers a write lock held elsewhere for long with 503 without dying or freezing, and works again after', async () => {
    const server = await startServer({ receptionSeconds: 1 });
    servers.push(server);
    const http = api(server.url);
    expect((await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).status).toBe(201);
    const before = countRows(server.dbPath);

    // Another process takes the write lock and keeps it until the server has answered.
    const other = new Database(server.dbPath);
    other.exec('BEGIN IMMEDIATE');
    let reply;
    try {
      reply = await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(reply.status).toBe(503);
    expect(reply.body.error.code).toBe('store-unavailable');
    expect(countRows(server.dbPath)).toEqual(before);

    // Still up: the next check-in goes through, and its clock's breach fires.
    const next = await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN);
    expect(next.status).toBe(201);
    expect(countRows(server.dbPath).visits).toBe(before.visits + 1);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const detail = async () =>
      (await http.get(`/branches/t1/visits/${next.body.visit.id}`, greeter)).body.visit.rules[0].outcome;
    for (let i = 0; i < 100 && (await detail()) !== 'breached'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await detail()).toBe('breached');
    expect(server.stderr()).not.toMatch(/unhandled|Unhandled/);
  });
});
