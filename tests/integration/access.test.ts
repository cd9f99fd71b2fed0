/**
 * Access that ends, and numbers that stay honest (issue 15): at most five PINs checked per lock however
 * many arrive at once; staff ids typed in any case; live connections dropped at sign-out, session expiry
 * and removal from the configuration; a device never shares a staff member's identity; member numbers
 * only masked; resync, VIP-by-ticket and replayed check-ins limited on their own; Socket.IO's replies
 * with the security headers; limits re-read from the file while running.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, OTHER_KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen, type Listener } from '../support/socket.ts';
import type { Snapshot, SocketRefusal } from '../../shared/socket.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rewrites the server's configuration file the way an operator's editor (or set-pin) would. */
function editConfig(server: { configPath: string }, edit: (c: any) => void): void {
  const c = JSON.parse(readFileSync(server.configPath, 'utf8'));
  edit(c);
  writeFileSync(`${server.configPath}.tmp`, JSON.stringify(c, null, 2));
  renameSync(`${server.configPath}.tmp`, server.configPath);
}

/** Resolves with the reason once the server drops the socket. */
const dropped = (l: Listener) => new Promise<string>((resolve) => l.socket.on('disconnect', (reason) => resolve(reason)));

const resync = (l: Listener) => new Promise<Snapshot | SocketRefusal>((resolve) => l.socket.emit('resync', resolve));

/** The server's log lines (pino JSON) with this message. */
const logLines = (server: RunningServer, msg: string) =>
  server
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);

describe('sign-in', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: 'info' } });
    http = api(server.url);
  });
  afterAll(() => server.kill());

  it('checks at most five wrong PINs of forty sent at once, and refuses the right PIN while locked', async () => {
    const replies = await Promise.all(Array.from({ length: 40 }, () => http.post('/auth/login', { staffId: 'g02', pin: '0000' })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.every((s) => s === 401 || s === 423)).toBe(true);
    expect(logLines(server, 'wrong PIN').filter((l) => l.staffId === 'g02').length).toBeLessThanOrEqual(5);
    const right = await http.post('/auth/login', { staffId: 'g02', pin: STAFF.greeter2.pin });
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('locked');
  });

  it('tells how many attempts are left with each wrong PIN', async () => {
    const left = [];
    for (let i = 0; i < 4; i++) {
      const r = await http.post('/auth/login', { staffId: 'c01', pin: '0000' });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('wrong-pin');
      left.push(r.body.error.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    expect((await http.post('/auth/login', { staffId: 'c01', pin: '0000' })).status).toBe(423);
    // An id nobody has answers alike: the reply does not tell which ids exist.
    const unknown = await http.post('/auth/login', { staffId: 'nobody', pin: '0000' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.attemptsLeft).toBe(4);
  });

  it('takes staff ids in any case: G01 signs in as g01, and wrong PINs in either case count together', async () => {
    const r = await http.post('/auth/login', { staffId: 'G01', pin: STAFF.greeter.pin });
    expect(r.status).toBe(200);
    expect(r.body.staff.id).toBe('g01');
    expect((await http.get('/auth/me', r.body.token)).body.staff.id).toBe('g01');
    expect((await http.post('/auth/login', { staffId: 'V01', pin: '0000' })).body.error.attemptsLeft).toBe(4);
    expect((await http.post('/auth/login', { staffId: 'v01', pin: '0000' })).body.error.attemptsLeft).toBe(3);
  });

  it('refuses to start on a configuration with two staff ids that differ only by case, naming the field', async () => {
    const config = testConfig();
    config.staff.push({ id: 'G01', name: '王芳二', branch: 't1', roles: ['greeter'], pin: '1212' });
    await expect(startServer({ config })).rejects.toThrow(/staff\.6\.id.*only by case/);
  });
});

describe('live connections end with access', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  beforeAll(async () => {
    server = await startServer();
    http = api(server.url);
  });
  afterAll(() => server.kill());

  it('drops a signed-out session’s sockets at once, and only that session’s', async () => {
    const token = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const other = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const [mine, stays] = [await listen(server.url, token), await listen(server.url, other)];
    const gone = dropped(mine);
    expect((await http.post('/auth/logout', {}, token)).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    const r = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    await stays.waitFor(() => stays.visits.find((v) => v.visit.id === r.body.visit.id));
    expect(mine.visits.some((v) => v.visit.id === r.body.visit.id)).toBe(false);
    stays.close();
  });

  it('drops a staff socket when its session expires (limits.sessionMinutes), with nothing asked', async () => {
    const short = await startServer({ config: { ...testConfig(), limits: { ...testConfig().limits, sessionMinutes: 0.05 } } });
    const token = await api(short.url).login(STAFF.vipHost.staffId, STAFF.vipHost.pin);
    const l = await listen(short.url, token);
    expect(await dropped(l)).toBe('io server disconnect');
    expect((await api(short.url).get('/auth/me', token)).status).toBe(401);
    await short.kill();
  }, 20_000);
});

describe('removed from the configuration while connected', () => {
  it('drops the sockets of a staff member and of a device taken out of the file, and keeps everyone else’s', async () => {
    const server = await startServer();
    const http = api(server.url);
    const removed = await listen(server.url, await http.login(STAFF.counter.staffId, STAFF.counter.pin));
    const wall = await listen(server.url, WALL_TOKEN);
    const stays = await listen(server.url, await http.login(STAFF.greeter.staffId, STAFF.greeter.pin));
    const [staffGone, wallGone] = [dropped(removed), dropped(wall)];
    editConfig(server, (c) => {
      c.staff = c.staff.filter((s: any) => s.id !== 'c01');
      c.devices = c.devices.filter((d: any) => d.id !== 'wall-1');
    });
    expect(await staffGone).toBe('io server disconnect');
    expect(await wallGone).toBe('io server disconnect');
    const r = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    await stays.waitFor(() => stays.visits.find((v) => v.visit.id === r.body.visit.id));
    expect(stays.socket.connected).toBe(true);
    stays.close();
    await server.kill();
  }, 20_000);
});

describe('one identity per principal', () => {
  it('does not let another branch’s manager make a device with a staff id, nor drop that staff member by revoking it', async () => {
    const server = await startServer();
    const http = api(server.url);
    const greeter = await listen(server.url, await http.login(STAFF.greeter.staffId, STAFF.greeter.pin));
    const otherManager = await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin);
    for (const id of ['g01', 'G01']) {
      const made = await http.post('/branches/t2/devices', { id, role: 'wall' }, otherManager);
      expect(made.status).toBe(409);
      expect(made.body.error.code).toBe('id-in-use');
    }
    expect((await http.post('/branches/t2/devices/g01/revoke', {}, otherManager)).status).toBe(404);
    // A device of the other branch made and revoked meanwhile drops only itself.
    const wall = await http.post('/branches/t2/devices', { id: 'wall-t2', role: 'wall' }, otherManager);
    const wallSocket = await listen(server.url, wall.body.token);
    const wallGone = dropped(wallSocket);
    expect((await http.post('/branches/t2/devices/wall-t2/revoke', {}, otherManager)).status).toBe(200);
    expect(await wallGone).toBe('io server disconnect');
    const r = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    await greeter.waitFor(() => greeter.visits.find((v) => v.visit.id === r.body.visit.id));
    expect(greeter.socket.connected).toBe(true);
    greeter.close();
    await server.kill();
  });
});

describe('member numbers', () => {
  it('shows staff only the masked member number, in the visit’s history too', async () => {
    const server = await startServer();
    const http = api(server.url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const staffSocket = await listen(server.url, manager);
    const a = await http.post('/branches/t1/visits', { line: 'life', vip: { memberNo: '6222021234567890' } }, KIOSK_TOKEN);
    const b = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    expect((await http.post(`/branches/t1/visits/${b.body.visit.id}/vip`, { memberNo: '6222029876543210' }, KIOSK_TOKEN)).status).toBe(200);
    const ticketVip = await http.post('/branches/t1/visits', { line: 'pension' }, KIOSK_TOKEN);
    expect((await http.post(`/branches/t1/tickets/${ticketVip.body.visit.ticket}/vip`, { memberNo: '6222025555555555' }, KIOSK_TOKEN)).status).toBe(200);
    await staffSocket.waitFor(() => (staffSocket.visits.length >= 5 ? true : undefined));
    const seen = [
      JSON.stringify(a.body),
      JSON.stringify(await http.get(`/branches/t1/visits/${a.body.visit.id}`, manager)),
      JSON.stringify(await http.get(`/branches/t1/visits/${b.body.visit.id}`, manager)),
      JSON.stringify(await http.get(`/branches/t1/visits/${ticketVip.body.visit.id}`, manager)),
      JSON.stringify(await http.get('/branches/t1/visits?state=all', manager)),
      JSON.stringify(staffSocket.snapshots),
      JSON.stringify(staffSocket.visits),
    ].join('\n');
    for (const full of ['6222021234567890', '6222029876543210', '6222025555555555']) expect(seen).not.toContain(full.slice(0, 8));
    const history = (await http.get(`/branches/t1/visits/${a.body.visit.id}`, manager)).body.events;
    expect(history[0].payload.vip.memberNo).toBe('************7890');
    expect((await http.get(`/branches/t1/visits/${b.body.visit.id}`, manager)).body.events[1].payload.memberNo).toBe('************3210');
    staffSocket.close();
    await server.kill();
  });
});

describe('resync, VIP by ticket and replayed check-ins', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  beforeAll(async () => {
    const config = testConfig();
    server = await startServer({
      config: { ...config, limits: { ...config.limits, checkInsPerMinutePerDevice: 3, replaysPerMinutePerDevice: 60, vipByTicketPerMinute: 3 } },
      env: { LOG_LEVEL: 'info' },
    });
    http = api(server.url);
  });
  afterAll(() => server.kill());

  it('answers one resync every 2 s per connection and refuses the ones between, saying when to ask again', async () => {
    const wall = await listen(server.url, WALL_TOKEN);
    const first = await resync(wall);
    expect('visits' in first).toBe(true);
    const second = await resync(wall);
    expect('error' in second && second.error.code).toBe('rate-limited');
    const wait = 'error' in second ? second.error.retryAfterMs! : 0;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2000);
    // Another screen has its own allowance.
    const other = await listen(server.url, WALL_TOKEN);
    expect('visits' in (await resync(other))).toBe(true);
    await sleep(wait + 50);
    expect('visits' in (await resync(wall))).toBe(true);
    wall.close();
    other.close();
  });

  it('limits VIP-by-ticket per device or staff member and audits every attempt without the member number', async () => {
    const visit = (await http.post('/branches/t2/visits', { line: 'life' }, OTHER_KIOSK_TOKEN)).body.visit;
    const attempt = (ticket: string, token: string) => http.post(`/branches/t2/tickets/${ticket}/vip`, { memberNo: '6222027777777777' }, token);
    const statuses = [await attempt('B901', OTHER_KIOSK_TOKEN), await attempt('B902', OTHER_KIOSK_TOKEN), await attempt('B903', OTHER_KIOSK_TOKEN)].map((r) => r.status);
    expect(statuses).toEqual([404, 404, 404]);
    const fourth = await attempt(visit.ticket, OTHER_KIOSK_TOKEN);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('rate-limited');
    // A staff member of the branch has an allowance of their own.
    const staff = await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin);
    expect((await attempt(visit.ticket, staff)).status).toBe(200);
    const audit = logLines(server, 'VIP by ticket').filter((l) => l.branch === 't2');
    expect(audit.map((l) => [l.ticket, l.ok, l.refused ?? null, (l.by as { id: string }).id])).toEqual([
      ['B901', false, 'unknown-ticket', 'kiosk-2'],
      ['B902', false, 'unknown-ticket', 'kiosk-2'],
      ['B903', false, 'unknown-ticket', 'kiosk-2'],
      [visit.ticket, false, 'rate-limited', 'kiosk-2'],
      [visit.ticket, true, null, 'x01'],
    ]);
    expect(audit.every((l) => typeof l.time === 'number')).toBe(true);
    expect(server.stdout()).not.toContain('62220277');
  });

  it('gives replayed check-ins their own allowance: a kiosk draining its queue does not hold up walk-ins', async () => {
    const kiosk = await http.post('/branches/t1/devices', { id: 'kiosk-offline', role: 'kiosk' }, await http.login(STAFF.manager.staffId, STAFF.manager.pin));
    const token = kiosk.body.token as string;
    const at = (i: number) => new Date(Date.now() - 10 * 60_000 + i * 1000).toISOString();
    const replayed = [];
    for (let i = 0; i < 60; i += 10) {
      replayed.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => http.post('/branches/t1/visits', { line: 'life', occurredAt: at(i + j) }, token, `kept-${i + j}`)))));
    }
    expect(replayed.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    // Walk-ins are counted apart: all three of the minute's allowance still there.
    const walkIns = [];
    for (let i = 0; i < 4; i++) walkIns.push((await http.post('/branches/t1/visits', { line: 'property' }, token)).status);
    expect(walkIns).toEqual([201, 201, 201, 429]);
    // And the replays have an allowance too.
    expect((await http.post('/branches/t1/visits', { line: 'life', occurredAt: at(61) }, token)).status).toBe(429);
  });
});

describe('headers and limits while running', () => {
  it('gives Socket.IO’s own long-polling replies the same security headers as every other response', async () => {
    const server = await startServer();
    for (const path of ['/socket.io/?EIO=4&transport=polling', '/socket.io/?EIO=4&transport=nonsense']) {
      const res = await fetch(`${server.url}${path}`);
      await res.text();
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    await server.kill();
  });

  it('picks up changed limits from the configuration file without a restart', async () => {
    const config = testConfig();
    const server = await startServer({ config: { ...config, limits: { checkInsPerMinutePerDevice: 2, loginAttemptsPerMinute: 2, bodyBytes: 512 } } });
    const http = api(server.url);
    const checkIn = () => http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    const big = () => http.call('POST', '/branches/t1/visits', { token: WALL_TOKEN, raw: JSON.stringify({ line: 'life', pad: 'x'.repeat(2000) }) });
    expect([(await checkIn()).status, (await checkIn()).status, (await checkIn()).status]).toEqual([201, 201, 429]);
    expect((await big()).status).toBe(413);
    editConfig(server, (c) => (c.limits = { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 0, bodyBytes: 65536 }));
    let status = 429;
    for (let i = 0; i < 40 && status === 429; i++) {
      await sleep(250);
      status = (await checkIn()).status;
    }
    expect(status).toBe(201);
    // The larger body now reaches the route (a wall may not check in: 403, not 413).
    expect((await big()).status).toBe(403);
    const logins = [];
    for (let i = 0; i < 4; i++) logins.push((await http.post('/auth/login', { staffId: 'nobody', pin: '0000' })).status);
    expect(logins).toEqual([401, 401, 401, 401]);
    await server.kill();
  });
});

describe('the shipped deployment', () => {
  const deploy = (file: string) => readFileSync(fileURLToPath(new URL(`../../deploy/${file}`, import.meta.url)), 'utf8');

  it('trusts X-Forwarded-For from nginx’s own address only, and nginx passes on no client-sent one', () => {
    const compose = deploy('docker-compose.yml');
    const trusted = /YINGBIN_TRUST_PROXY:\s*(\S+)/.exec(compose)?.[1];
    const nginxAddress = /ipv4_address:\s*(\S+)/.exec(compose)?.[1];
    expect(trusted).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(trusted).toBe(nginxAddress);
    expect(compose).not.toMatch(/uniquelocal/);
    expect(deploy('nginx.conf')).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
  });
});
