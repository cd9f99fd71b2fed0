/**
 * The kiosk as the hall runs it: Chromium opens it by the hall's host name over plain HTTP (not a secure
 * context: no service worker), on a 1080×1920 portrait screen. A new customer is never kept waiting
 * behind the kiosk's kept offline check-ins; the 临- number a customer holds stays with their visit; a
 * kept check-in the server refuses for good is shown to staff; "N ahead" is the real call order; and no
 * screen, in Chinese or English, is wider or taller than the kiosk's own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';
import { StaffTablet } from './pages/staff.ts';

const HALL = 'hall.yingbin.test';
const PORTRAIT = { width: 1080, height: 1920 };

test.use({
  viewport: PORTRAIT,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      `--host-resolver-rules=MAP ${HALL} 127.0.0.1`,
    ],
  },
});
test.setTimeout(120_000);

let server: RunningServer;
const hallUrl = () => `http://${HALL}:${server.port}`;

test.beforeEach(async () => {
  server = await startServer({ receptionSeconds: 300, vipSeconds: 180 });
});
test.afterEach(async () => {
  await server?.kill();
});

async function readyKiosk(page: Page): Promise<KioskPage> {
  const kiosk = new KioskPage(page, hallUrl());
  await kiosk.open();
  expect(
    await page.evaluate(() => window.isSecureContext),
    'the hall host over plain HTTP is not a secure context',
  ).toBe(false);
  await kiosk.setUp(KIOSK_TOKEN);
  return kiosk;
}

/** The kiosk's network to the check-in route only: down (aborted) or, for kept resends only, down. */
async function checkInsFail(page: Page, which: 'all' | 'kept'): Promise<void> {
  await page.route('**/api/v1/branches/t1/visits', (route) => {
    const kept = (route.request().postData() ?? '').includes('provisionalTicket');
    return which === 'all' || kept ? route.abort('internetdisconnected') : route.continue();
  });
}

async function visits(): Promise<any[]> {
  const http = api(server.url);
  const staff = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  return (await http.get('/branches/t1/visits?state=all', staff)).body.visits;
}

test('a walk-in gets a real ticket at once while a kept check-in waits; the kept one arrives with its 临- number', async ({
  page,
}) => {
  const kiosk = await readyKiosk(page);
  await checkInsFail(page, 'all');
  await kiosk.chooseLine('太平人寿');
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('临-001');
  await expect(page.getByTestId('kept-called')).toHaveText('叫号时屏幕和广播会同时报出您的临时号码 临-001');
  await kiosk.done();

  // The network is back for new check-ins, but the kept one still cannot get through.
  await page.unrouteAll();
  await checkInsFail(page, 'kept');
  await kiosk.chooseLine('太平财险');
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('A001');
  await expect(kiosk.pendingBadge).toHaveText('1 位登记待发送');
  await kiosk.done();

  // Then it drains: the visit carries the number its customer holds, and its real arrival time.
  await page.unrouteAll();
  await expect(kiosk.pendingBadge).toHaveCount(0, { timeout: 20_000 });
  const all = await visits();
  expect(all).toHaveLength(2);
  const kept = all.find((v) => v.line === 'life');
  expect(kept).toMatchObject({ provisionalTicket: '临-001', ticket: 'B001' });
  expect(all.find((v) => v.line === 'property')).toMatchObject({ provisionalTicket: null, ticket: 'A001' });
  expect(Date.parse(kept.arrivedAt)).toBeLessThan(Date.parse(all.find((v) => v.line === 'property').arrivedAt));

  // "VIP later" with the number in hand: the 临- key on the keypad, and the screen names both numbers.
  await page.getByRole('button', { name: /已取号/ }).click();
  await page.getByLabel(/号票号码/).focus();
  await kiosk.typeOnKeypad('临-001'.replace('临-', ''));
  await expect(page.getByLabel(/号票号码/)).toHaveValue('001');
  await page.getByLabel(/号票号码/).fill('');
  await page.getByRole('group', { name: '数字键盘' }).getByRole('button', { name: '临-', exact: true }).click();
  await kiosk.typeOnKeypad('001');
  await page.getByLabel('会员号或卡号').focus();
  await kiosk.typeOnKeypad('12345678');
  await page.getByTestId('later-submit').click();
  await expect(kiosk.ticketNumber).toHaveText('B001');
  await expect(page.getByTestId('ticket-provisional')).toHaveText('即您手中的临时号码 临-001');
  await expect(page.getByTestId('later-message')).toHaveText('号码 B001（临-001）：VIP 专人将尽快为您服务');
  await expectFits(page, 'VIP later done, with the provisional number');
  await kiosk.shoot('kiosk-vip-later-provisional');
});

test('a kept check-in the server refuses for good is shown to staff, not dropped', async ({ page, browser }) => {
  const tablet = await StaffTablet.open(browser, server.url);
  await tablet.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);

  const kiosk = await readyKiosk(page);
  await checkInsFail(page, 'all');
  await kiosk.chooseLine('太平养老');
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('临-001');
  await kiosk.done();

  // Meanwhile the hall stops offering 太平养老 (the configuration is re-read while running).
  const config = JSON.parse(readFileSync(server.configPath, 'utf8'));
  config.branches[0].lines = config.branches[0].lines.filter((l: { id: string }) => l.id !== 'pension');
  writeFileSync(server.configPath, JSON.stringify(config));
  await expect
    .poll(async () => (await api(server.url).get('/branches/t1', KIOSK_TOKEN)).body.branch.lines.length, {
      timeout: 10_000,
    })
    .toBe(2);

  await page.unrouteAll();
  await expect(kiosk.pendingBadge).toHaveCount(0, { timeout: 20_000 });
  const notice = tablet.page.getByTestId('kiosk-refusal');
  await expect(notice).toHaveCount(1, { timeout: 15_000 });
  await expect(notice).toContainText('取号机临时号码 临-001 未能登记');
  await expect(notice).toContainText('该业务类型不存在');
  await tablet.page.screenshot({
    path: `${process.env.YINGBIN_SCREENSHOTS ?? 'test-results/screenshots'}/staff-kiosk-refusal.png`,
  });
  expect(await visits()).toHaveLength(0);

  // A tablet signing in later sees it too; "handled" clears it on that tablet.
  const late = await StaffTablet.open(browser, server.url);
  await late.signIn(STAFF.greeter2.staffId, STAFF.greeter2.pin);
  await expect(late.page.getByTestId('kiosk-refusal')).toHaveCount(1);
  await late.page.getByTestId('kiosk-refusal-handled').click();
  await expect(late.page.getByTestId('kiosk-refusal')).toHaveCount(0);
  await late.context.close();
  await tablet.context.close();
});

test('"N ahead" counts the VIPs and special needs of every line that will be called first', async ({ page }) => {
  const http = api(server.url);
  await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN); // an earlier arrival of my line
  const kiosk = await readyKiosk(page);
  await kiosk.chooseLine('太平财险');
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('A002');
  await expect(page.getByTestId('ticket-ahead')).toHaveText('前面还有 1 位');
  await kiosk.done();
  // A VIP of another line arrives after me: the next customer of my line has three ahead.
  await http.post('/branches/t1/visits', { line: 'life', vip: { memberNo: '12345678' } }, KIOSK_TOKEN);
  await kiosk.chooseLine('太平财险');
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('A003');
  await expect(page.getByTestId('ticket-ahead')).toHaveText('前面还有 3 位');
});

/** Every element inside the screen, and the page not scrollable: what a kiosk without a scroll gesture needs. */
async function expectFits(page: Page, where: string): Promise<void> {
  const over = await page.evaluate(() => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > w) out.push(`page ${document.documentElement.scrollWidth} px wide`);
    if (document.documentElement.scrollHeight > h) out.push(`page ${document.documentElement.scrollHeight} px tall`);
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > w + 0.5 || r.bottom > h + 0.5 || r.left < -0.5)
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} “${(el.textContent ?? '').slice(0, 30)}” ${Math.round(r.right)}×${Math.round(r.bottom)}`,
        );
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
        out.push(`${el.tagName.toLowerCase()}.${el.className} scrolls sideways`);
    }
    return out;
  });
  expect(over, `${where}: nothing wider or taller than the 1080×1920 screen`).toEqual([]);
}

for (const lang of ['zh', 'en'] as const) {
  test(`every kiosk screen fits 1080×1920 (${lang})`, async ({ page }) => {
    const kiosk = await readyKiosk(page);
    if (lang === 'en') await kiosk.switchLanguage();
    const shot = (name: string) => kiosk.shoot(`kiosk-fit-${lang}-${name}`);
    await expectFits(page, 'start');
    await shot('start');
    await kiosk.line(lang === 'en' ? 'Taiping General Insurance' : '太平财险').click();
    await expect(page.getByTestId('chosen-line')).toBeVisible();
    await expectFits(page, 'confirm');
    await shot('confirm');
    await page.getByTestId('vip-button').click();
    await kiosk.typeOnKeypad('1234567890123');
    await expectFits(page, 'VIP number');
    await shot('vip');
    await page.getByTestId('vip-ok').click();
    for (const need of ['disability', 'pregnant', 'elderly', 'other'])
      await page.locator(`[data-need="${need}"]`).click();
    await expectFits(page, 'confirm with VIP and needs');
    await kiosk.confirm();
    await expectFits(page, 'ticket');
    await shot('ticket');
    await kiosk.done();
    if (lang === 'en') await kiosk.switchLanguage(); // the next customer starts in Chinese again
    await page.getByRole('button', { name: lang === 'en' ? /Have a ticket/ : /已取号/ }).click();
    await expectFits(page, 'VIP later');
    await shot('vip-later');
    await page.getByTestId('later-submit').click();
    await expect(kiosk.error).toBeVisible();
    await expectFits(page, 'VIP later with an error');
    await page.getByTestId('back').click();
    if (lang === 'en') await kiosk.switchLanguage();
    await checkInsFail(page, 'all');
    await kiosk.line(lang === 'en' ? 'Taiping Pension' : '太平养老').click();
    await kiosk.confirm();
    await expect(kiosk.ticketNumber).toHaveText(/^临-\d{3}$/);
    await expectFits(page, 'kept ticket');
    await shot('kept-ticket');
  });
}
