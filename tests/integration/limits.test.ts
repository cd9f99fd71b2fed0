/**
 * Limits that hold and move (issue 15): resync, VIP-by-ticket and replayed check-ins limited on their own;
 * Socket.IO's replies with the security headers; limits re-read from the file while running; the shipped
 * deployment trusting only its own proxy.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, OTHER_KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { editConfig, logLines, resync, sleep } from '../support/live.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';

describe('resync, VIP by ticket and replayed check-ins', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  beforeAll(async () => {
    const config = testConfig();
    server = await startServer({
      config: {
        ...config,
        limits: {
          ...config.limits,
          checkInsPerMinutePerDevice: 3,
          replaysPerMinutePerDevice: 60,
          vipByTicketPerMinute: 3,
        },
      },
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
    const attempt = (ticket: string, token: string) =>
      http.post(`/branches/t2/tickets/${ticket}/vip`, { memberNo: '6222027777777777' }, token);
    const statuses = [
      await attempt('B901', OTHER_KIOSK_TOKEN),
      await attempt('B902', OTHER_KIOSK_TOKEN),
      await attempt('B903', OTHER_KIOSK_TOKEN),
    ].map((r) => r.status);
    expect(statuses).toEqual([404, 404, 404]);
    const fourth = await attempt(visit.ticket, OTHER_KIOSK_TOKEN);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('rate-limited');
    // A staff member of the branch has an allowance of their own, and a retried key is not another attempt.
    const staff = await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin);
    const once = await http.post(
      `/branches/t2/tickets/${visit.ticket}/vip`,
      { memberNo: '6222027777777777' },
      staff,
      'vip-by-ticket-1',
    );
    expect(once.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const again = await http.post(
        `/branches/t2/tickets/${visit.ticket}/vip`,
        { memberNo: '6222027777777777' },
        staff,
        'vip-by-ticket-1',
      );
      expect(again.body).toEqual(once.body);
    }
    // Log lines reach the test through a pipe, a moment after the replies.
    const auditOf = () => logLines(server, 'VIP by ticket').filter((l) => l.branch === 't2');
    for (let i = 0; i < 50 && auditOf().length < 8; i++) await sleep(100);
    const audit = auditOf();
    expect(audit.map((l) => [l.ticket, l.ok, l.refused ?? null, (l.by as { id: string }).id])).toEqual([
      ['B901', false, 'unknown-ticket', 'kiosk-2'],
      ['B902', false, 'unknown-ticket', 'kiosk-2'],
      ['B903', false, 'unknown-ticket', 'kiosk-2'],
      [visit.ticket, false, 'rate-limited', 'kiosk-2'],
      [visit.ticket, true, null, 'x01'],
      [visit.ticket, true, null, 'x01'],
      [visit.ticket, true, null, 'x01'],
      [visit.ticket, true, null, 'x01'],
    ]);
    expect(audit.every((l) => typeof l.time === 'number')).toBe(true);
    expect(server.stdout()).not.toContain('62220277');
  });

  it('gives replayed check-ins their own allowance: a kiosk draining its queue does not hold up walk-ins', async () => {
    const kiosk = await http.post(
      '/branches/t1/devices',
      { id: 'kiosk-offline', role: 'kiosk' },
      await http.login(STAFF.manager.staffId, STAFF.manager.pin),
    );
    const token = kiosk.body.token as string;
    const at = (i: number) => new Date(Date.now() - 10 * 60_000 + i * 1000).toISOString();
    const replayed = [];
    for (let i = 0; i < 60; i += 10) {
      replayed.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, (_, j) =>
            http.post('/branches/t1/visits', { line: 'life', occurredAt: at(i + j) }, token, `kept-${i + j}`),
          ),
        )),
      );
    }
    expect(replayed.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    // Walk-ins are counted apart: all three of the minute's allowance still there.
    const walkIns = [];
    for (let i = 0; i < 4; i++)
      walkIns.push((await http.post('/branches/t1/visits', { line: 'property' }, token)).status);
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
    const server = await startServer({
      config: { ...config, limits: { checkInsPerMinutePerDevice: 2, loginAttemptsPerMinute: 2, bodyBytes: 512 } },
    });
    const http = api(server.url);
    const checkIn = () => http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    const big = () =>
      http.call('POST', '/branches/t1/visits', {
        token: WALL_TOKEN,
        raw: JSON.stringify({ line: 'life', pad: 'x'.repeat(2000) }),
      });
    expect([(await checkIn()).status, (await checkIn()).status, (await checkIn()).status]).toEqual([201, 201, 429]);
    expect((await big()).status).toBe(413);
    editConfig(
      server,
      (c) => (c.limits = { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 0, bodyBytes: 65536 }),
    );
    let status = 429;
    for (let i = 0; i < 40 && status === 429; i++) {
      await sleep(250);
      status = (await checkIn()).status;
    }
    expect(status).toBe(201);
    // The larger body now reaches the route (a wall may not check in: 403, not 413).
    expect((await big()).status).toBe(403);
    const logins = [];
    for (let i = 0; i < 4; i++)
      logins.push((await http.post('/auth/login', { staffId: 'nobody', pin: '0000' })).status);
    expect(logins).toEqual([401, 401, 401, 401]);
    await server.kill();
  });
});

describe('the shipped deployment', () => {
  const deploy = (file: string) =>
    readFileSync(fileURLToPath(new URL(`../../deploy/${file}`, import.meta.url)), 'utf8');

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
