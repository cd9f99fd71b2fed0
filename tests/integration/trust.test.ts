/**
 * Who may do what, limits that protect the public kiosk, device tokens made and revoked while running,
 * PINs set by the CLI, and a backup taken under load that a server starts on.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, OTHER_KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('roles and branches on every route', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let tokens: Record<string, string>;
  let visitId: string;

  beforeAll(async () => {
    server = await startServer();
    http = api(server.url);
    tokens = {
      kiosk: KIOSK_TOKEN,
      wall: WALL_TOKEN,
      otherKiosk: OTHER_KIOSK_TOKEN,
      greeter: await http.login(STAFF.greeter.staffId, STAFF.greeter.pin),
      manager: await http.login(STAFF.manager.staffId, STAFF.manager.pin),
      otherStaff: await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin),
    };
    visitId = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit.id;
  });
  afterAll(() => server.kill());

  it('lets a kiosk check in and identify a VIP, and nothing else', async () => {
    expect((await http.post(`/branches/t1/visits/${visitId}/vip`, { memberNo: '88886666' }, KIOSK_TOKEN)).status).toBe(
      200,
    );
    for (const action of ['greet', 'call', 'leave', 'cancel', 'complete']) {
      const r = await http.post(
        `/branches/t1/visits/${visitId}/${action}`,
        action === 'call' ? { counter: '1' } : {},
        KIOSK_TOKEN,
      );
      expect(r.status, action).toBe(403);
    }
    expect((await http.get('/branches/t1/visits', KIOSK_TOKEN)).status).toBe(403);
    expect((await http.get(`/branches/t1/visits/${visitId}`, KIOSK_TOKEN)).status).toBe(403);
    expect((await http.get('/branches/t1/staff', KIOSK_TOKEN)).status).toBe(403);
    expect((await http.get('/branches/t1/devices', KIOSK_TOKEN)).status).toBe(403);
  });

  it('lets a wall token read nothing personal and change nothing', async () => {
    expect((await http.post('/branches/t1/visits', { line: 'life' }, WALL_TOKEN)).status).toBe(403);
    expect((await http.post(`/branches/t1/visits/${visitId}/greet`, {}, WALL_TOKEN)).status).toBe(403);
    expect((await http.get('/branches/t1/visits', WALL_TOKEN)).status).toBe(403);
    expect((await http.get('/branches/t1', WALL_TOKEN)).status).toBe(200);
    const wall = await listen(server.url, WALL_TOKEN);
    const mine = wall.snapshots[0]!.visits.find((v) => v.id === visitId)!;
    expect(mine.vip).toBe(true);
    expect(mine.memberNo).toBeNull();
    expect(JSON.stringify(wall.snapshots[0])).not.toContain('6666');
    wall.close();
  });

  it('refuses a kiosk socket and any token of another branch', async () => {
    await expect(listen(server.url, KIOSK_TOKEN)).rejects.toThrow(/forbidden/);
    await expect(listen(server.url, 'nonsense-token')).rejects.toThrow(/unauthorized/);
    expect((await http.post('/branches/t1/visits', { line: 'life' }, OTHER_KIOSK_TOKEN)).status).toBe(403);
    expect((await http.post(`/branches/t1/visits/${visitId}/greet`, {}, tokens.otherStaff)).status).toBe(403);
    expect((await http.get(`/branches/t1/visits/${visitId}`, tokens.otherStaff)).status).toBe(403);
    // A visit id from branch t1 is not found through branch t2.
    expect((await http.get(`/branches/t2/visits/${visitId}`, tokens.otherStaff)).status).toBe(404);
  });

  it('keeps corrections and device tokens for managers', async () => {
    const events = (await http.get(`/branches/t1/visits/${visitId}`, tokens.greeter)).body.events;
    const vipEvent = events.find((e: any) => e.type === 'vip-identified');
    expect(
      (
        await http.post(
          `/branches/t1/visits/${visitId}/correct`,
          { eventId: vipEvent.seq, reason: '误登记' },
          tokens.greeter,
        )
      ).status,
    ).toBe(403);
    expect((await http.post('/branches/t1/devices', { id: 'kiosk-9', role: 'kiosk' }, tokens.greeter)).status).toBe(
      403,
    );
    const corrected = await http.post(
      `/branches/t1/visits/${visitId}/correct`,
      { eventId: vipEvent.seq, reason: '误登记' },
      tokens.manager,
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body.visit.vip).toBe(false);
    // Nothing is erased: the voided event and the correction are both in the history.
    const history = (await http.get(`/branches/t1/visits/${visitId}`, tokens.manager)).body.events;
    expect(history.map((e: any) => e.type)).toEqual(['checked-in', 'vip-identified', 'corrected']);
    expect(history[2]).toMatchObject({
      actor: { type: 'staff', id: 'm01' },
      payload: { eventId: vipEvent.seq, reason: '误登记' },
    });
    expect(typeof history[2].recordedAt).toBe('number');
  });

  it('creates a device token that works at once and stops working when revoked', async () => {
    const made = await http.post(
      '/branches/t1/devices',
      { id: 'kiosk-new', role: 'kiosk', label: '二号门' },
      tokens.manager,
    );
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    expect((await http.post('/branches/t1/visits', { line: 'pension' }, token)).status).toBe(201);
    const wallMade = await http.post('/branches/t1/devices', { id: 'wall-new', role: 'wall' }, tokens.manager);
    const wall = await listen(server.url, wallMade.body.token);
    const dropped = new Promise<string>((resolve) => wall.socket.on('disconnect', (reason) => resolve(reason)));
    expect((await http.post('/branches/t1/devices/kiosk-new/revoke', {}, tokens.manager)).status).toBe(200);
    expect((await http.post('/branches/t1/visits', { line: 'pension' }, token)).status).toBe(401);
    expect((await http.post('/branches/t1/devices/wall-new/revoke', {}, tokens.manager)).status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    expect((await http.post('/branches/t1/devices/kiosk-1/revoke', {}, tokens.manager)).status).toBe(409);
    const list = (await http.get('/branches/t1/devices', tokens.manager)).body.devices;
    expect(list.find((d: any) => d.id === 'kiosk-new')).toMatchObject({ revokedBy: 'm01' });
    expect(JSON.stringify(list)).not.toContain(token);
  });
});

describe('limits from the configuration', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    server = await startServer({
      config: { ...testConfig(), limits: { checkInsPerMinutePerDevice: 3, loginAttemptsPerMinute: 4, bodyBytes: 512 } },
    });
    http = api(server.url);
  });
  afterAll(() => server.kill());

  it('rate-limits check-ins per device, but still answers a retried key', async () => {
    const replies = [];
    for (let i = 0; i < 3; i++)
      replies.push(await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN, `k-${i}`));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    const fourth = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN, 'k-3');
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('rate-limited');
    const retry = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN, 'k-0');
    expect(retry.status).toBe(201);
    expect(retry.body.visit.id).toBe(replies[0]!.body.visit.id);
  });

  it('rate-limits sign-in attempts and limits body size', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await http.post('/auth/login', { staffId: 'g02', pin: '0000' })).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);
    const big = await http.call('POST', '/branches/t1/visits', {
      token: KIOSK_TOKEN,
      raw: JSON.stringify({ line: 'life', pad: 'x'.repeat(2000) }),
    });
    expect(big.status).toBe(413);
  });
});

describe('behind a trusted proxy (YINGBIN_TRUST_PROXY)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      config: {
        ...testConfig(),
        limits: { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 2, bodyBytes: 4096 },
      },
      env: { YINGBIN_TRUST_PROXY: 'loopback' },
    });
  });
  afterAll(() => server.kill());

  it('counts sign-in attempts per client address the proxy names, not per proxy', async () => {
    const attempt = (client: string) =>
      fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
        body: JSON.stringify({ staffId: 'g02', pin: '0000' }),
      }).then((r) => r.status);
    expect([await attempt('10.0.0.1'), await attempt('10.0.0.1'), await attempt('10.0.0.1')]).toEqual([401, 401, 429]);
    // Another tablet behind the same proxy is not locked out by the first one's attempts.
    expect(await attempt('10.0.0.2')).toBe(401);
  });
});

describe('PINs, sign-in lockout, backup and restore', () => {
  it('stores a PIN set by the CLI as a hash, and a running server accepts it without a restart', async () => {
    const server = await startServer();
    const http = api(server.url);
    const env = { ...process.env, YINGBIN_CONFIG: server.configPath, YINGBIN_DB: server.dbPath };
    await run(process.execPath, ['--import', 'tsx', 'server/cli/set-pin.ts', 'g02', '246810'], { env });
    const raw = JSON.parse(readFileSync(server.configPath, 'utf8'));
    const member = raw.staff.find((s: any) => s.id === 'g02');
    expect(member.pin).toBeUndefined();
    expect(member.pinHash).toMatch(/^scrypt\$/);
    expect(readFileSync(server.configPath, 'utf8')).not.toContain('246810');
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      await sleep(250);
      status = (await http.post('/auth/login', { staffId: 'g02', pin: '246810' })).status;
    }
    expect(status).toBe(200);
    expect((await http.post('/auth/login', { staffId: 'g02', pin: '2222' })).status).toBe(401);
    await expect(
      run(process.execPath, ['--import', 'tsx', 'server/cli/set-pin.ts', 'nobody', '1234'], { env }),
    ).rejects.toThrow(/no staff member/);
    await server.kill();
  });

  it('locks an id after five wrong PINs, and says so', async () => {
    const server = await startServer();
    const http = api(server.url);
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await http.post('/auth/login', { staffId: 'g01', pin: '0000' }));
    expect(replies.slice(0, 4).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(replies[4]!.status).toBe(423);
    expect(replies[4]!.body.error.message).toMatch(/locked for 5 minutes/);
    // Even the right PIN is refused while locked.
    expect((await http.post('/auth/login', { staffId: 'g01', pin: '1111' })).status).toBe(423);
    await server.kill();
  });

  it('takes a consistent backup while the server runs, and a server starts on the restored copy', async () => {
    const server = await startServer();
    const http = api(server.url);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push((await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit.id);
    await http.post(`/branches/t1/visits/${ids[0]}/greet`, {}, greeter);
    const dest = join(server.dir, 'backup.db');
    // Keep writing while the backup runs.
    let writing = true;
    const writer = (async () => {
      while (writing) await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN);
    })();
    const out = await run(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', dest], {
      env: { ...process.env, YINGBIN_DB: server.dbPath },
    });
    writing = false;
    await writer;
    expect(out.stdout).toMatch(/integrity ok/);
    await server.kill();

    const restored = join(server.dir, 'restored.db');
    rmSync(restored, { force: true });
    await run('cp', [dest, restored]);
    expect(existsSync(restored)).toBe(true);
    const again = await startServer({ dir: server.dir, configPath: server.configPath, dbPath: restored });
    const http2 = api(again.url);
    const token = await http2.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const visits = (await http2.get('/branches/t1/visits?state=all', token)).body.visits;
    for (const id of ids) expect(visits.some((v: any) => v.id === id)).toBe(true);
    expect(visits.find((v: any) => v.id === ids[0]).greetedBy).toBe('g01');
    await again.kill();
  });
});
