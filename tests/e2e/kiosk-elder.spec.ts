/**
 * 长辈模式 on the kiosk (issue 19 item 4), by the hall host name at 1080×1920, in Chinese and English: one
 * large button into it; type 1.5× the normal kiosk's; one question a screen with large yes/no; every step
 * spoken in Mandarin (zh-CN) whatever the screen's language; the way back; no serious or critical axe
 * violation on any elder screen.
 */
import { expect, test, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { hallLaunchOptions } from './support/hall-host.ts';
import {
  customerHallConfig,
  expectAccessible,
  expectFits,
  lastSpoken,
  openKiosk,
  spoken,
} from './support/kiosk-customer.ts';

test.use({ launchOptions: hallLaunchOptions });
test.setTimeout(180_000);

let server: RunningServer;
test.beforeEach(async () => {
  server = await startServer({ config: customerHallConfig() });
});
test.afterEach(async () => server?.kill());

const rootPx = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

/** The smallest type of any visible text on the screen, in px. */
const smallestText = (page: Page) =>
  page.evaluate(() => {
    let min = Infinity;
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!text || el.getClientRects().length === 0) continue;
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
    }
    return min;
  });

for (const lang of ['zh', 'en'] as const) {
  test(`elder mode end to end: start → elder → line → ticket, every step spoken in Mandarin (${lang})`, async ({
    browser,
  }) => {
    const kiosk = await openKiosk(browser, server.port, lang);
    const page = kiosk.page;
    const en = lang === 'en';
    const normalRoot = await rootPx(page);
    const shot = (name: string) => kiosk.shoot(`kiosk-elder-${lang}-${name}`);
    await shot('start');

    await page.getByTestId('elder-mode').click();
    const screen = page.getByTestId('elder-line');
    await expect(screen.getByRole('heading', { level: 1 })).toHaveText(
      en ? 'What would you like to do today?' : '您要办理哪项业务？',
    );
    // Bigger type: the whole kiosk at 1.5×, and no text on the screen below 1.5× the kiosk's 22 px minimum.
    expect((await rootPx(page)) / normalRoot).toBeGreaterThanOrEqual(1.5);
    expect(await smallestText(page)).toBeGreaterThanOrEqual(33);
    let said = await lastSpoken(page, 0);
    expect(said).toEqual({
      lang: 'zh-CN',
      text: '您好，欢迎光临。请问您要办理哪项业务？请点屏幕上的大按钮：太平财险、太平人寿、太平养老。需要帮助，请点最下面的请工作人员协助。',
    });
    await expect(screen.getByTestId('help')).toHaveText(en ? 'Ask staff for help' : '请工作人员协助');
    await expectFits(page, 'elder: line');
    await expectAccessible(page, 'elder: line');
    await shot('line');

    // One question a screen: VIP?
    await screen.locator('[data-line="life"]').click();
    const vip = page.getByTestId('elder-vip');
    await expect(vip.getByRole('heading', { level: 1 })).toHaveText(en ? 'Are you a VIP customer?' : '您是VIP客户吗？');
    await expect(vip.getByRole('button')).toHaveText(
      en
        ? ['Yes', 'No', 'Ask staff for help', 'Back', 'Back to normal mode']
        : ['是', '不是', '请工作人员协助', '上一步', '返回普通模式'],
    );
    said = await lastSpoken(page, (await spoken(page)).length - 1);
    expect(said.text).toBe('请问您是VIP客户吗？是，请点左边；不是，请点右边。');
    expect(said.lang).toBe('zh-CN');
    const yes = await vip.getByTestId('answer-yes').boundingBox();
    expect(yes!.height, 'a yes as tall as a hand').toBeGreaterThanOrEqual(200);
    await expectFits(page, 'elder: VIP');
    await expectAccessible(page, 'elder: VIP');
    await shot('vip');
    let count = (await spoken(page)).length;
    await vip.getByTestId('answer-no').click();

    const care = page.getByTestId('elder-care');
    await expect(care.getByRole('heading', { level: 1 })).toBeVisible();
    expect((await lastSpoken(page, count)).text).toBe(
      '请问您需要工作人员搀扶或特别照顾吗？需要，请点左边；不需要，请点右边。',
    );
    await expectAccessible(page, 'elder: care');
    count = (await spoken(page)).length;
    await care.getByTestId('answer-yes').click();

    // Take the ticket: the guide on the screen, the papers read out.
    const confirm = page.getByTestId('elder-confirm');
    await expect(confirm.getByTestId('chosen-line')).toHaveText(en ? 'Business: Taiping Life' : '办理：太平人寿');
    await expect(confirm.getByTestId('guide-papers').locator('li')).toHaveCount(3);
    expect((await lastSpoken(page, count)).text).toBe(
      '您办理的是太平人寿。请准备好：身份证原件、保险合同、银行卡（本人）。确认取号，请点红色的取号按钮。',
    );
    expect(await smallestText(page)).toBeGreaterThanOrEqual(33);
    await expectFits(page, 'elder: confirm');
    await expectAccessible(page, 'elder: confirm');
    await shot('confirm');
    count = (await spoken(page)).length;
    await confirm.getByTestId('submit').click();

    await expect(kiosk.ticketNumber).toHaveText('B001');
    expect((await lastSpoken(page, count)).text).toBe(
      '取号成功。您的号码是 B 0 0 1。前面还有 0 位。请在等候区就座，留意叫号。请取走号票。',
    );
    await expect(page.getByTestId('ticket').getByTestId('help')).toBeVisible();
    await expectFits(page, 'elder: ticket');
    await expectAccessible(page, 'elder: ticket');
    await shot('ticket');
    // Every spoken step was Mandarin.
    expect(new Set((await spoken(page)).map((s) => s.lang))).toEqual(new Set(['zh-CN']));

    // The visit as the hall sees it: not VIP, the elder's need ticked by the answer.
    const http = api(server.url);
    const staff = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const [visit] = (await http.get('/branches/t1/visits', staff)).body.visits;
    expect(visit).toMatchObject({ ticket: 'B001', line: 'life', vip: false, specialNeeds: ['elderly'] });

    // Done: the next customer starts at the normal kiosk.
    await kiosk.done();
    expect(await rootPx(page)).toBe(normalRoot);
    await page.context().close();
  });
}

test('the way back: 返回普通模式 from any elder screen, and 上一步 one question back', async ({ browser }) => {
  const kiosk = await openKiosk(browser, server.port);
  const page = kiosk.page;
  const normalRoot = await rootPx(page);
  await page.getByTestId('elder-mode').click();
  await page.getByTestId('elder-line').locator('[data-line="pension"]').click();
  await page.getByTestId('answer-yes').click();
  await expect(page.getByTestId('elder-care')).toBeVisible();
  await page.getByTestId('elder-back').click();
  await expect(page.getByTestId('elder-vip')).toBeVisible();
  await page.getByTestId('elder-exit').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎光临');
  await expect(page.getByTestId('elder-mode')).toBeVisible();
  expect(await rootPx(page)).toBe(normalRoot);
  // The normal flow is as it was: the line straight to its confirm screen.
  await kiosk.chooseLine('太平养老');
  await page.context().close();
});
