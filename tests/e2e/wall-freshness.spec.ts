/** The wall never pretends to be live: a 连接中断 badge when the server stops, resync when it is back. */
import { test, expect } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { WallPage } from './pages/wall.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ receptionSeconds: 120, vipSeconds: 60 });
});
test.afterAll(() => server.kill());

test('更新于 says when data last arrived: it stays while nothing comes, and moves when a push arrives', async ({
  page,
}) => {
  // The wall's clock is the test's to move: time passes on it without anything arriving.
  await page.clock.install();
  const wall = new WallPage(page, server.url);
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  const updated = async () => /更新于 (\d\d:\d\d:\d\d)/.exec((await wall.freshness.textContent()) ?? '')?.[1];
  await expect.poll(updated).toMatch(/\d\d:\d\d:\d\d/);
  const first = await updated();
  const clock = await page.locator('#clock').textContent();
  // A quiet hall (nothing checked in yet, so no clock can fall due): ten seconds on, the clock has moved
  // and 更新于 has not. (Not much longer: Socket.IO's client would judge its heartbeat late by this clock.)
  await page.clock.runFor(10_000);
  await expect(page.locator('#clock')).not.toHaveText(clock!);
  expect(await updated()).toBe(first);

  const v = (await api(server.url).post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
  await expect(wall.riskRow(v.ticket)).toBeVisible({ timeout: 1000 });
  const second = await updated();
  expect(second).not.toBe(first);
  // The time it arrived, on the server's clock as the wall shows it (the check-in's own second or just after).
  const arrived = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(Date.parse(v.arrivedAt));
  expect(second! >= arrived).toBe(true);
  await api(server.url).post(`/branches/t1/visits/${v.id}/cancel`, {}, await api(server.url).login('g01', '1111'));
});

test('shows 连接中断 with the last update time at once, freezes countdowns, and resyncs by itself', async ({
  page,
}) => {
  await page.clock.install();
  const wall = new WallPage(page, server.url);
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  const before = (await api(server.url).post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
  const countdown = wall.riskRow(before.ticket).locator('.risk-countdown');
  await expect(countdown).toContainText('剩余');

  const port = server.port;
  await server.kill('SIGKILL');
  await expect(wall.freshness).toHaveAttribute('data-state', 'offline', { timeout: 1500 });
  await expect(wall.freshness).toContainText(/连接中断 · 最后更新 \d\d:\d\d:\d\d/);
  await expect(page.locator('body')).toHaveClass(/stale/);
  const frozen = await countdown.textContent();
  // Seconds pass on the wall's clock while the server is away: the countdown does not pretend they counted.
  await page.clock.runFor(5_000);
  expect(await countdown.textContent()).toBe(frozen);

  server = await server.restart({ port });
  await wall.waitLive();
  await expect(page.locator('body')).not.toHaveClass(/stale/);
  await expect(countdown).not.toHaveText(frozen!, { timeout: 3000 });
  // Live again: a new check-in shows within a second, and the old one was kept through the resync.
  const after = (await api(server.url).post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
  await expect(wall.riskRow(after.ticket)).toBeVisible({ timeout: 1000 });
  await expect(wall.riskRow(before.ticket)).toBeVisible();
});
