/**
 * Hostile strings that reach a page — a staff name, a line name (and a transfer reason in the log) — render as text on
 * every screen, and no injected script runs.
 */
import { test, expect, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';
import { StaffTablet } from './pages/staff.ts';
import { WallPage } from './pages/wall.ts';

const LINE_NAME = '<img src=x onerror="window.__pwned=1">险';
const STAFF_NAME = '<script>window.__pwned=2</script>王';
const REASON = '"><svg onload="window.__pwned=3">转交';

let server: RunningServer;

test.beforeAll(async () => {
  const config = testConfig();
  config.branches[0]!.lines[0]!.name = { zh: LINE_NAME, en: LINE_NAME };
  config.staff.push({ id: 'evil', name: STAFF_NAME, branch: 't1', roles: ['greeter', 'manager'], pin: '5555' });
  server = await startServer({ config });
  const http = api(server.url);
  const evil = await http.login('evil', '5555');
  const v = (await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN)).body.visit;
  expect((await http.post(`/branches/t1/visits/${v.id}/greet`, {}, evil)).status).toBe(200);
  expect(
    (await http.post(`/branches/t1/visits/${v.id}/transfer`, { toStaff: 'g01', reason: REASON }, evil)).status,
  ).toBe(200);
  const owned = (await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN)).body.visit;
  expect((await http.post(`/branches/t1/visits/${owned.id}/greet`, {}, evil)).status).toBe(200);
  await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN);
});
test.afterAll(() => server.kill());

/** Fails the test on any dialog, and records whether an injected script set its marker. */
async function guard(page: Page): Promise<() => Promise<unknown>> {
  page.on('dialog', (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  return () => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
}

test('the kiosk shows a hostile line name as text', async ({ page }) => {
  const pwned = await guard(page);
  const kiosk = new KioskPage(page, server.url);
  await kiosk.open();
  await kiosk.setUp(KIOSK_TOKEN);
  await expect(kiosk.line(LINE_NAME)).toBeVisible();
  expect(await pwned()).toBeUndefined();
});

test('the staff console shows hostile line and staff names as text', async ({ browser }) => {
  const tablet = await StaffTablet.open(browser, server.url);
  const pwned = await guard(tablet.page);
  await tablet.signIn('g01', '1111');
  await expect(tablet.page.getByText(LINE_NAME).first()).toBeVisible();
  // A002 is owned by the hostile-named colleague: the hall list names the owner.
  await expect(tablet.hallList.getByText(STAFF_NAME, { exact: false }).first()).toBeVisible();
  await tablet.page.waitForTimeout(500);
  expect(await pwned()).toBeUndefined();
  await tablet.context.close();
});

test('the wall shows a hostile line name as text', async ({ page }) => {
  const pwned = await guard(page);
  const wall = new WallPage(page, server.url);
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  await expect(page.getByText(LINE_NAME).first()).toBeVisible();
  expect(await pwned()).toBeUndefined();
});

test('the report shows hostile names as text', async ({ page }) => {
  const pwned = await guard(page);
  await page.goto(`${server.url}/report/`);
  const staffId = page.getByLabel(/工号/);
  await staffId.fill('evil');
  await page
    .getByLabel(/密码|PIN/)
    .first()
    .fill('5555');
  await page.getByRole('button', { name: /登录/ }).click();
  await expect(page.getByText(STAFF_NAME).first()).toBeVisible({ timeout: 15_000 });
  expect(await pwned()).toBeUndefined();
});
