/**
 * Every page over the hall's network: Chromium opens them as http://hall.yingbin.test:<port>/… (mapped
 * to 127.0.0.1), which is not a secure context — no crypto.randomUUID, no service worker. The staff
 * console's commands succeed, the kiosk checks in, the wall gets pushes, the report opens, and no page
 * asks for anything that is not there (the favicon included).
 */
import { test, expect, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';
import { SCREENSHOTS, StaffTablet } from './pages/staff.ts';
import { WallPage } from './pages/wall.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';

test.use({ launchOptions: hallLaunchOptions });
test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let http: ReturnType<typeof api>;
let base: string;

test.beforeAll(async () => {
  server = await startServer();
  http = api(server.url);
  base = hallUrl(server.port, '');
});
test.afterAll(() => server.kill());

/** Every answer of 400 or more and every uncaught script error the page meets, to be asserted empty. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  return problems;
}

/** What the page itself can use: is it a secure context, does it have crypto.randomUUID. */
const context = (page: Page) =>
  page.evaluate(() => ({ secure: window.isSecureContext, randomUUID: typeof crypto.randomUUID, host: location.host }));

const checkIn = async (line = 'life') => {
  const r = await http.post('/branches/t1/visits', { line }, KIOSK_TOKEN);
  expect(r.status).toBe(201);
  return r.body.visit as { id: string; ticket: string };
};

test('the staff console over plain HTTP: sign-in, greet and call all succeed', async ({ browser }) => {
  const tablet = await StaffTablet.open(browser, base);
  const problems = watchProblems(tablet.page);
  expect(await context(tablet.page)).toEqual({
    secure: false,
    randomUUID: 'undefined',
    host: `hall.yingbin.test:${server.port}`,
  });
  await tablet.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  // Signing in puts me on duty: a command with an idempotency key, the first that used to fail.
  await expect(tablet.dutySwitch).toHaveAttribute('data-status', 'on-duty');

  const v = await checkIn();
  await expect(tablet.waitingCard(v.ticket)).toBeVisible();
  await tablet.greet(v.ticket);
  await expect(tablet.toast(`已完成：接待 ${v.ticket}`)).toBeVisible();
  await tablet.chooseCounter('2');
  await tablet.callNext();
  await expect(tablet.toast(`已叫 ${v.ticket} 到 2 号窗口`)).toBeVisible();
  await expect(tablet.toasts.locator('[data-kind="error"]')).toHaveCount(0);
  await expect(tablet.pending).toBeHidden();

  const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const visit = (await http.get(`/branches/t1/visits/${v.id}`, manager)).body.visit;
  expect(visit).toMatchObject({ state: 'called', greetedBy: 'g01', counter: '2' });
  await tablet.page.screenshot({ path: `${SCREENSHOTS}/hall-network-staff.png` });
  expect(problems).toEqual([]);
  await tablet.context.close();
});

test('the kiosk over plain HTTP: set up, check a customer in, get a ticket', async ({ browser }) => {
  const ctx = await browser.newContext({
    viewport: { width: 1080, height: 1920 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await ctx.newPage();
  const problems = watchProblems(page);
  const kiosk = new KioskPage(page, base);
  await kiosk.open();
  expect(await context(page)).toMatchObject({ secure: false, randomUUID: 'undefined' });
  await kiosk.setUp(KIOSK_TOKEN);
  await kiosk.chooseLine('太平人寿');
  await kiosk.confirm();
  const ticket = (await kiosk.ticketNumber.textContent())!.trim();
  expect(ticket).toMatch(/^B\d{3}$/);
  const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const open = (await http.get('/branches/t1/visits?state=open', manager)).body.visits as { ticket: string }[];
  expect(open.map((o) => o.ticket)).toContain(ticket);
  await kiosk.shoot('hall-network-kiosk');
  expect(problems).toEqual([]);
  await ctx.close();
});

test('the wall over plain HTTP: goes live and shows a check-in pushed to it', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const problems = watchProblems(page);
  const wall = new WallPage(page, base);
  await wall.open(WALL_TOKEN);
  expect(await context(page)).toMatchObject({ secure: false, randomUUID: 'undefined' });
  await wall.waitLive();
  const v = await checkIn('property');
  await expect(wall.riskRow(v.ticket)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/hall-network-wall.png` });
  expect(problems).toEqual([]);
  await ctx.close();
});

test('the report over plain HTTP: a manager signs in and reads the day', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const problems = watchProblems(page);
  await page.goto(`${base}/report/`);
  expect(await context(page)).toMatchObject({ secure: false, randomUUID: 'undefined' });
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('[data-rule="reception"] [data-figure="eligible"]')).toHaveText(/^\d+$/);
  expect(problems).toEqual([]);
  await ctx.close();
});

test('every page and the landing page find their favicon', async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const problems = watchProblems(page);
  await page.goto(`${base}/`);
  await expect(page.getByTestId('https-note')).toContainText('HTTPS');
  const icon = await page.evaluate(async () => {
    const r = await fetch('/favicon.ico');
    return { status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength };
  });
  expect(icon.status).toBe(200);
  expect(icon.type).toMatch(/^image\//);
  expect(icon.bytes).toBeGreaterThan(100);
  expect(problems).toEqual([]);
  await ctx.close();
});
