/**
 * The report page's disputed clocks (docs/rules.md §4), opened as the hall runs it — by a hall host name over
 * plain HTTP: a greeting replayed as before due after the breach went out is listed and counted breached;
 * a manager confirms it with a reason, and the page then shows the replayed outcome.
 */
import { test as base, expect } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';
import { localDay } from '../../shared/time.ts';

const HOST = 'hall.yingbin.test';
const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer({ receptionSeconds: 2, vipSeconds: 3 });
      await use(server);
      await server.kill();
    },
    { scope: 'worker' },
  ],
});
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  },
});

test('a disputed greeting is listed, counted breached, and confirmed by a manager with a reason', async ({
  page,
  server,
}) => {
  const http = api(server.url);
  const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  const staff = await listen(server.url, greeter);
  const { visit } = (await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN)).body;
  await staff.waitFor(() => staff.alerts.find((a) => a.alert.visitId === visit.id && a.alert.kind === 'breach'));
  staff.close();
  const replay = await http.post(
    `/branches/t1/visits/${visit.id}/greet`,
    { occurredAt: new Date(Date.parse(visit.arrivedAt) + 1000).toISOString() },
    greeter,
  );
  expect(replay.body.visit.rules[0]).toMatchObject({ outcome: 'breached', disputed: true });

  const day = localDay(Date.parse(visit.arrivedAt), 'Asia/Shanghai');
  await page.goto(`http://${HOST}:${server.port}/report/?date=${day}`);
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();

  const reception = page.locator('[data-rule="reception"]');
  await expect(reception.locator('.compliance')).toHaveText('0.0%');
  const row = page.locator(`[data-testid="disputed"] tbody tr[data-visit="${visit.id}"]`);
  await expect(row).toContainText(visit.ticket);
  await expect(row).toContainText('进厅2秒内接待引导'); // named by its configured target
  await expect(page.locator('#disputed-section h3')).toHaveText('待确认的补录');
  await page.screenshot({ path: 'docs/screenshots/report-disputed.png', fullPage: true });

  // The confirmation is a recorded command: without a reason it is not sent.
  await row.getByRole('button', { name: '确认补录' }).click();
  await expect(row.locator('.error')).toHaveText('请填写确认理由');
  await row.getByLabel('确认理由').fill('平板离线，已核对录像');
  await row.getByRole('button', { name: '确认补录' }).click();
  await expect(reception.locator('.compliance')).toHaveText('100.0%');
  await expect(page.locator('#disputed-hint')).toHaveText('没有待确认的补录。');
  await expect(page.locator('[data-testid="disputed"]')).toHaveCount(0);
  await page.screenshot({ path: 'docs/screenshots/report-disputed-confirmed.png', fullPage: true });

  const detail = (await http.get(`/branches/t1/visits/${visit.id}`, greeter)).body;
  expect(detail.events.find((e: any) => e.type === 'replay-confirmed')).toMatchObject({
    actor: { id: 'm01' },
    payload: { rule: 'reception', reason: '平板离线，已核对录像' },
  });
});
