/**
 * The customer's status page (issue 19, DESIGN §9) on a phone (390×844), opened by the hall's host name
 * over plain HTTP: it follows a call made at a counter live, in Chinese and English, takes a rating once
 * after service, and has no serious or critical accessibility fault. The kiosk's ticket carries the link
 * as a QR that a phone can read — decoded here from screenshots of the ticket screen and of the print.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';
import { KioskPage } from './pages/kiosk.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.YINGBIN_SCREENSHOTS ?? 'test-results/screenshots';
const GUIDE = {
  steps: {
    zh: ['取号等候叫号', '到窗口递交材料'],
    en: ['Take a ticket and wait to be called', 'Hand in papers at the counter'],
  },
  papers: { zh: ['本人身份证', '保险合同'], en: ['Your ID card', 'The policy contract'] },
};

test.use({ viewport: PHONE, launchOptions: hallLaunchOptions });
test.setTimeout(120_000);

let server: RunningServer;
let http: ReturnType<typeof api>;
let clerk: string;

test.beforeEach(async () => {
  const config = testConfig();
  config.branches[0]!.lines[1] = { ...config.branches[0]!.lines[1]!, guide: GUIDE } as never;
  server = await startServer({ config });
  http = api(server.url);
  clerk = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
});
test.afterEach(async () => {
  await server?.kill();
});

async function checkIn(line = 'life'): Promise<{ id: string; ticket: string; statusUrl: string }> {
  const r = await http.post('/branches/t1/visits', { line }, KIOSK_TOKEN);
  expect(r.status).toBe(201);
  return { id: r.body.visit.id, ticket: r.body.visit.ticket, statusUrl: r.body.statusUrl };
}
const act = async (id: string, action: string, body: unknown = {}) =>
  expect((await http.post(`/branches/t1/visits/${id}/${action}`, body, clerk)).status).toBe(200);

/** The phone's vibration calls, recorded (headless Chromium has no motor). */
async function recordBuzzes(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const w = window as unknown as { buzzes: number };
    w.buzzes = 0;
    Object.defineProperty(navigator, 'vibrate', { value: () => ((w.buzzes += 1), true), configurable: true });
  });
  return () => page.evaluate(() => (window as unknown as { buzzes: number }).buzzes);
}

async function noSeriousViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    what,
  ).toEqual([]);
}

const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('follows a call live in Chinese, then takes one rating after service', async ({ page }) => {
  const ahead = await checkIn('property');
  const mine = await checkIn('life');
  const buzzes = await recordBuzzes(page);
  await page.goto(hallUrl(server.port, mine.statusUrl));
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await expect(page.locator('meta[name=robots]')).toHaveAttribute('content', /noindex/);

  await expect(page.getByTestId('ticket')).toHaveText(mine.ticket);
  await expect(page.locator('#line')).toHaveText('太平人寿');
  await expect(page.getByTestId('state')).toHaveText('排队中');
  await expect(page.getByTestId('ahead')).toHaveText('前面还有 1 位');
  await expect(page.getByTestId('wait')).toHaveText('暂无法估计等待时间');
  await expect(page.locator('#steps li')).toHaveText(GUIDE.steps.zh);
  await expect(page.locator('#papers li')).toHaveText(GUIDE.papers.zh);
  expect(await fitsPhone(page), 'fits 390 px').toBe(true);
  await page.screenshot({ path: `${SHOTS}/status-waiting-zh.png`, fullPage: true });
  await noSeriousViolations(page, 'waiting, zh');

  // The customer ahead is called: one fewer ahead, and now a pace to estimate from.
  await act(ahead.id, 'call', { counter: '1' });
  await expect(page.getByTestId('ahead')).toHaveText('下一位就是您');
  await expect(page.getByTestId('wait')).toHaveText('预计等待约 30 分钟');

  // Called at the counter: the phone shows it within 2 s, large, red, and buzzes.
  await act(mine.id, 'call', { counter: '2' });
  await expect(page.getByTestId('state')).toHaveText('请到 2 号窗口', { timeout: 2000 });
  await expect(page.locator('#card')).toHaveAttribute('data-state', 'called');
  expect(await page.locator('#card').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(161, 29, 33)');
  expect(await buzzes()).toBe(1);
  expect(await fitsPhone(page), 'fits 390 px when called').toBe(true);
  await page.screenshot({ path: `${SHOTS}/status-called-zh.png`, fullPage: true });
  await noSeriousViolations(page, 'called, zh');

  await act(mine.id, 'start', { counter: '2' });
  await expect(page.getByTestId('state')).toHaveText('正在 2 号窗口办理');
  await act(mine.id, 'complete');
  await expect(page.getByTestId('state')).toHaveText('本次服务已结束，感谢您的光临');

  const form = page.locator('#rating');
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: '提交评价' }).click();
  await expect(page.locator('#rating-error')).toHaveText('请先选择星级');
  await form.getByLabel('4 星').check();
  await form.getByLabel('态度好').check();
  await form.getByLabel('办理快').check();
  await form.getByLabel('意见或建议（选填）').fill('窗口服务很耐心');
  expect(await fitsPhone(page), 'fits 390 px with the rating form').toBe(true);
  await page.screenshot({ path: `${SHOTS}/status-rating-zh.png`, fullPage: true });
  await noSeriousViolations(page, 'rating form, zh');
  await form.getByRole('button', { name: '提交评价' }).click();
  await expect(page.locator('#rated')).toHaveText('感谢您的评价！');
  await expect(form).toBeHidden();

  const visit = (await http.get(`/branches/t1/visits/${mine.id}`, clerk)).body.visit;
  expect(visit.rating).toMatchObject({
    score: 4,
    tags: ['friendly', 'quick'],
    comment: '窗口服务很耐心',
    via: 'phone',
  });

  // Once: the page opened again says it was rated, and offers no form.
  await page.reload();
  await expect(page.locator('#rated')).toHaveText('您已评价过本次服务，感谢您的反馈');
  await expect(form).toBeHidden();
});

test('speaks English on the switch, follows a call, and says an expired or unknown link is gone', async ({ page }) => {
  const mine = await checkIn('life');
  await page.goto(hallUrl(server.port, mine.statusUrl));
  await expect(page.getByTestId('state')).toHaveText('排队中');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('state')).toHaveText('Waiting');
  await expect(page.locator('#line')).toHaveText('Taiping Life');
  await expect(page.getByTestId('ahead')).toHaveText('You are next');
  await expect(page.locator('#papers li')).toHaveText(GUIDE.papers.en);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await noSeriousViolations(page, 'waiting, en');

  await act(mine.id, 'call', { counter: '3' });
  await expect(page.getByTestId('state')).toHaveText('Please go to counter 3', { timeout: 2000 });
  expect(await fitsPhone(page), 'fits 390 px in English').toBe(true);
  await page.screenshot({ path: `${SHOTS}/status-called-en.png`, fullPage: true });
  await noSeriousViolations(page, 'called, en');
  await act(mine.id, 'start', { counter: '3' });
  await act(mine.id, 'complete');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/status-rating-en.png`, fullPage: true });
  await noSeriousViolations(page, 'rating form, en');

  const gone = await page.goto(hallUrl(server.port, '/s/AAAAAAAAAAAAAAAAAAAAAAAA'));
  expect(gone?.status()).toBe(404);
});

/** The QR codes in a PNG screenshot, read the way a phone would (jsQR over the picture's pixels). */
async function readQr(page: Page, png: Buffer): Promise<string | null> {
  const { width, height, rgba } = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height);
    // Back as base64: a few megabytes of pixels travel far faster as one string than as a JSON array.
    let bin = '';
    for (let i = 0; i < d.data.length; i += 0x8000) bin += String.fromCharCode(...d.data.subarray(i, i + 0x8000));
    return { width: d.width, height: d.height, rgba: btoa(bin) };
  }, png.toString('base64'));
  const data = new Uint8ClampedArray(Buffer.from(rgba, 'base64'));
  return jsQR(data, width, height)?.data ?? null;
}

test.describe('the ticket', () => {
  test.use({ viewport: { width: 1080, height: 1920 } });

  test("carries the status link as a QR, on the kiosk's screen and on the print", async ({ page }) => {
    const kiosk = new KioskPage(page, hallUrl(server.port, ''));
    await kiosk.open();
    await kiosk.setUp(KIOSK_TOKEN);
    await kiosk.chooseLine('太平人寿');
    await kiosk.confirm();
    const qr = page.getByTestId('status-qr');
    await expect(qr.locator('img')).toBeVisible();
    await expect(qr).toContainText('扫码查看排队进度');
    const ticket = (await kiosk.ticketNumber.textContent())!;

    const statusUrl = (await qr.getAttribute('data-status-url'))!;
    const expected = hallUrl(server.port, statusUrl);
    await page.screenshot({ path: `${SHOTS}/status-kiosk-ticket.png` });
    expect(await readQr(page, await page.getByTestId('ticket').screenshot())).toBe(expected);

    // The 80 mm print: only the slip, the QR at 30 mm.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.getByTestId('ticket').screenshot({ path: `${SHOTS}/status-ticket-print.png` });
    expect(await readQr(page, printed)).toBe(expected);
    await page.emulateMedia({ media: 'screen' });

    // The link is this ticket's: a phone opening it sees the same number.
    const phone = await page.context().newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(expected);
    await expect(phone.getByTestId('ticket')).toHaveText(ticket);
    await kiosk.switchLanguage();
    await expect(qr).toContainText('Scan to follow your turn');
  });
});
