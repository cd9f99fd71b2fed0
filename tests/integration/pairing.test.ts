/**
 * Pairing a kiosk or wall by a one-time six-digit code instead of a typed token: only managers make codes;
 * a code makes exactly one device, once, within its time, on any process; the device's token works like
 * any device token (and dies when revoked); wrong, used and expired codes are refused with a reason and
 * write nothing; guessing is rate-limited.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { STAFF, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';
import { common } from '../../shared/i18n/common.ts';

/** Runs one statement on the server's own database (SQLite file or PostgreSQL), as time passing would. */
async function onDatabase(server: RunningServer, text: string): Promise<void> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  } else {
    const db = new Database(server.dbPath);
    db.pragma('busy_timeout = 5000');
    try {
      db.exec(text);
    } finally {
      db.close();
    }
  }
}

describe('pairing devices by code', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let manager: string;
  const issued = new Set<string>();

  beforeAll(async () => {
    server = await startServer();
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  });
  afterAll(() => server.kill());

  const issue = async (body: object = { role: 'wall', label: '大堂东侧看板' }) => {
    const r = await http.post('/branches/t1/devices/pairing', body, manager);
    expect(r.status).toBe(201);
    issued.add(r.body.code);
    return r.body as { id: string; code: string; expiresAt: string; qr: string; url: string };
  };

  it('gives a manager a six-digit code valid for ten minutes, with a QR of the set-up address', async () => {
    const before = Date.now();
    const made = await issue();
    expect(made.code).toMatch(/^\d{6}$/);
    const expires = Date.parse(made.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    expect(made.qr).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    expect(made.url).toBe(`${server.url}/wall/?pair=${made.code}`);
  });

  it('refuses codes to everyone but the branch manager, and a bad body, writing nothing', async () => {
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const other = await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin);
    expect((await http.post('/branches/t1/devices/pairing', { role: 'kiosk' }, greeter)).status).toBe(403);
    expect((await http.post('/branches/t1/devices/pairing', { role: 'kiosk' }, other)).status).toBe(403);
    expect((await http.post('/branches/t1/devices/pairing', { role: 'kiosk' })).status).toBe(401);
    const bad = await http.post('/branches/t1/devices/pairing', { role: 'printer' }, manager);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBeTruthy();
  });

  it('pairs a wall: the device gets its own token, which opens the live wall and is listed with its label', async () => {
    const made = await issue({ role: 'wall', label: '大堂东侧看板' });
    const code = made.code;
    const before = await http.get(`/branches/t1/devices/pairing/${made.id}`, manager);
    expect(before.body).toMatchObject({ usedAt: null, device: null });
    const r = await http.post('/devices/pair', { code });
    expect(r.status).toBe(201);
    const { device, token } = r.body as {
      device: { id: string; branch: string; role: string; label: string };
      token: string;
    };
    // The console, asking after its code, learns which device took it (and no one else may ask).
    const asked = await http.get(`/branches/t1/devices/pairing/${made.id}`, manager);
    expect(asked.body).toMatchObject({ id: made.id, role: 'wall', label: '大堂东侧看板', device: device.id });
    expect(Date.parse(asked.body.usedAt)).not.toBeNaN();
    expect(JSON.stringify(asked.body)).not.toContain(code);
    expect((await http.get(`/branches/t1/devices/pairing/${made.id}`, token)).status).toBe(403);
    expect((await http.get(`/branches/t1/devices/pairing/nope`, manager)).status).toBe(404);
    expect(device).toMatchObject({ branch: 't1', role: 'wall', label: '大堂东侧看板' });
    expect(device.id).toMatch(/^wall-[0-9a-f]{8}$/);
    expect((await http.get('/auth/me', token)).body).toEqual({
      kind: 'device',
      id: device.id,
      branch: 't1',
      role: 'wall',
    });
    const wall = await listen(server.url, token);
    expect(wall.snapshots[0]!.branch).toBe('t1');
    wall.close();
    const listed = (await http.get('/branches/t1/devices', manager)).body.devices as {
      id: string;
      label: string;
      createdBy: string;
    }[];
    expect(listed.find((d) => d.id === device.id)).toMatchObject({ label: '大堂东侧看板', createdBy: 'm01' });
  });

  it('pairs a kiosk that can then check customers in', async () => {
    const { code } = await issue({ role: 'kiosk' });
    const { token, device } = (await http.post('/devices/pair', { code })).body;
    expect(device.role).toBe('kiosk');
    const checkIn = await http.post('/branches/t1/visits', { line: 'life' }, token);
    expect(checkIn.status).toBe(201);
  });

  it('takes a code once: a second device with the same code is refused with a reason in zh and en', async () => {
    const { code } = await issue();
    expect((await http.post('/devices/pair', { code })).status).toBe(201);
    const again = await http.post('/devices/pair', { code });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('pairing-code-used');
    expect(common.zh['error.pairing-code-used']).toBeTruthy();
    expect(common.en['error.pairing-code-used']).toBeTruthy();
  });

  it('hands out exactly one token when several devices send the same code at once', async () => {
    const { code } = await issue({ role: 'kiosk' });
    const devicesBefore = (await http.get('/branches/t1/devices', manager)).body.devices.length;
    const replies = await Promise.all(Array.from({ length: 6 }, () => http.post('/devices/pair', { code })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await http.get('/branches/t1/devices', manager)).body.devices.length).toBe(devicesBefore + 1);
  });

  it('refuses a wrong code (404) and a malformed one (400), and makes no device', async () => {
    const devicesBefore = (await http.get('/branches/t1/devices', manager)).body.devices.length;
    const { code } = await issue();
    let n = (Number(code) + 1) % 1_000_000;
    while (issued.has(String(n).padStart(6, '0'))) n = (n + 1) % 1_000_000; // a code never made here
    const r = await http.post('/devices/pair', { code: String(n).padStart(6, '0') });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('unknown-pairing-code');
    for (const body of [
      { code: '12345' },
      { code: 123456 },
      { code: '12345a' },
      {},
      { code: '123456', role: 'wall' },
    ]) {
      const bad = await http.post('/devices/pair', body);
      expect(bad.status).toBe(400);
    }
    const after = (await http.get('/branches/t1/devices', manager)).body.devices.length;
    expect(after).toBe(devicesBefore);
    expect(common.zh['error.unknown-pairing-code']).toMatch(/配对码/);
  });

  it('refuses a code past its ten minutes (410) with a reason in zh and en', async () => {
    const { code } = await issue();
    // Ten minutes pass (the server's clock is real; the code's end is moved instead).
    await onDatabase(server, `UPDATE pairing_codes SET expires_at = created_at - 1 WHERE used_at IS NULL`);
    const r = await http.post('/devices/pair', { code });
    expect(r.status).toBe(410);
    expect(r.body.error.code).toBe('pairing-code-expired');
    expect(common.zh['error.pairing-code-expired']).toMatch(/过期/);
    expect(common.en['error.pairing-code-expired']).toMatch(/expired/);
  });

  it('keeps only a hash of each code', async () => {
    const { code } = await issue();
    let rows: { code_hash: string }[];
    if (server.databaseUrl) {
      const client = new pg.Client({ connectionString: server.databaseUrl });
      await client.connect();
      rows = (await client.query('SELECT * FROM pairing_codes')).rows;
      await client.end();
    } else {
      const db = new Database(server.dbPath, { readonly: true });
      rows = db.prepare('SELECT * FROM pairing_codes').all() as { code_hash: string }[];
      db.close();
    }
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
  });

  it('a paired device is revoked like any other: its token dies at once', async () => {
    const { code } = await issue();
    const { token, device } = (await http.post('/devices/pair', { code })).body;
    expect((await http.post(`/branches/t1/devices/${device.id}/revoke`, {}, manager)).status).toBe(200);
    expect((await http.get('/auth/me', token)).status).toBe(401);
  });
});

describe('pairing across processes and against guessing', () => {
  it('a code made on one process pairs on another, once', async () => {
    const a = await startServer();
    const b = await a.restart(); // a second process on the same database
    try {
      const manager = await api(a.url).login(STAFF.manager.staffId, STAFF.manager.pin);
      const { code } = (await api(a.url).post('/branches/t1/devices/pairing', { role: 'wall' }, manager)).body;
      const r = await api(b.url).post('/devices/pair', { code });
      expect(r.status).toBe(201);
      expect((await api(a.url).get('/auth/me', r.body.token)).body.role).toBe('wall');
      expect((await api(a.url).post('/devices/pair', { code })).status).toBe(409);
    } finally {
      await b.kill();
      await a.kill();
    }
  });

  it('holds back an address that keeps guessing (429, the sign-in limit per minute)', async () => {
    const server = await startServer({
      config: {
        ...testConfig(),
        limits: { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 3, bodyBytes: 65536 },
      },
    });
    try {
      const http = api(server.url);
      for (let i = 0; i < 3; i++) expect((await http.post('/devices/pair', { code: '000000' })).status).toBe(404); // no code was made
      const held = await http.post('/devices/pair', { code: '000000' });
      expect(held.status).toBe(429);
      expect(held.body.error.code).toBe('rate-limited');
      // Staff sign-in has its own allowance: a guessing device does not lock the managers out.
      expect((await http.post('/auth/login', { staffId: STAFF.manager.staffId, pin: STAFF.manager.pin })).status).toBe(
        200,
      );
    } finally {
      await server.kill();
    }
  });
});
