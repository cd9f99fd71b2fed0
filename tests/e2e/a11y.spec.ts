/**
 * Every page on axe-core's WCAG 2.1 A/AA rules (issue 19 item 5), the way the hall runs it: Chromium opens
 * each page by the hall's host name over plain HTTP, with a busy morning on screen (support/busy-hall.ts),
 * in Chinese and then in English through the page's own language switch — whose `lang` attribute must
 * follow, so a screen reader speaks each language with its own voice. No violation of impact serious or
 * critical is allowed on any screen.
 */
import { test, expect, type Browser, type Locator, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer } from '../support/server.ts';
import { busyHall, BUSY_HALL_CONFIG, type BusyHall } from './support/busy-hall.ts';
import { expectAccessible } from './support/axe.ts';
import { HALL_LAUNCH, openHall, TABLETS, type Hall, type StaffTablet } from './pages/staff.ts';
import { KioskPage } from './pages/kiosk.ts';
import { WallPage } from './pages/wall.ts';
import { hallUrl } from './support/hall-host.ts';

test.use({ launchOptions: HALL_LAUNCH });
test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

let hall: Hall;
let busy: BusyHall;
let base: string;

test.beforeAll(async ({ browser }) => {
  hall = await openHall(browser, { ...BUSY_HALL_CONFIG, byHallHost: true });
  busy = await busyHall(hall.server.url);
  base = hallUrl(hall.server.port, '');
});
test.afterAll(async () => hall?.close());

const LANG_ATTR = { zh: 'zh-CN', en: 'en' } as const;

/**
 * Checks the screen in Chinese, switches with the page's own button, checks it in English, and switches
 * back: the document's `lang` follows each switch.
 */
async function inBothLanguages(page: Page, label: string, langButton: Locator): Promise<void> {
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', LANG_ATTR.zh);
  await expectAccessible(page, `${label} (zh)`);
  await langButton.click();
  await expect(html).toHaveAttribute('lang', LANG_ATTR.en);
  await expectAccessible(page, `${label} (en)`);
  await langButton.click();
  await expect(html).toHaveAttribute('lang', LANG_ATTR.zh);
}

async function newPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return context.newPage();
}

test('the landing page', async ({ browser }) => {
  const page = await newPage(browser, TABLETS.landscape);
  await page.goto(`${base}/`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('迎宾');
  // One page in both languages side by side: Chinese is the document's language.
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectAccessible(page, 'landing');
  await page.context().close();
});

test('the kiosk: set-up, start, line chosen, VIP number, special needs, ticket', async ({ browser }) => {
  const page = await newPage(browser, { width: 1080, height: 1920 });
  const kiosk = new KioskPage(page, base);
  await kiosk.open();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await inBothLanguages(page, 'kiosk set-up', kiosk.langButton);
  await kiosk.setUp(KIOSK_TOKEN);
  await inBothLanguages(page, 'kiosk start', kiosk.langButton);
  await page.getByTestId('vip-later').click();
  await inBothLanguages(page, 'kiosk VIP with a ticket already', kiosk.langButton);
  await page.getByTestId('back').click();
  await kiosk.chooseLine('太平人寿');
  await inBothLanguages(page, 'kiosk confirm', kiosk.langButton);
  await page.getByTestId('vip-button').click();
  await kiosk.typeOnKeypad('6222');
  await inBothLanguages(page, 'kiosk VIP number', kiosk.langButton);
  await kiosk.typeOnKeypad('02000012345678');
  await page.getByTestId('vip-ok').click();
  await page.locator('[data-need="elderly"]').click();
  await expect(page.locator('[data-need="elderly"]')).toHaveAttribute('aria-pressed', 'true');
  await inBothLanguages(page, 'kiosk confirm with VIP and needs', kiosk.langButton);
  await kiosk.confirm();
  await inBothLanguages(page, 'kiosk ticket', kiosk.langButton);
  await page.context().close();
});

async function tablet(who: { staffId: string; pin: string }): Promise<StaffTablet> {
  const t = await hall.tablet({ viewport: TABLETS.landscape });
  await t.signIn(who.staffId, who.pin);
  return t;
}

test('the staff console: sign-in, the busy console, the sheet, the counter view, adding a device', async () => {
  const signIn = await hall.tablet({ viewport: TABLETS.landscape });
  await expect(signIn.page.getByLabel('工号')).toBeVisible();
  const langOf = (t: StaffTablet) => t.page.locator('button.lang');
  await inBothLanguages(signIn.page, 'staff sign-in', langOf(signIn));

  const greeter = await tablet(STAFF.greeter);
  await expect(greeter.waitingCard(busy.plain[0]!.ticket)).toBeVisible();
  await inBothLanguages(greeter.page, 'staff console (greeter)', langOf(greeter));
  // A modal sheet covers the language switch: read it in Chinese, close it, switch, open it again.
  const sheetIn = async (lang: 'zh' | 'en') => {
    await greeter.openSheet(busy.greeted[0]!.ticket);
    await expectAccessible(greeter.page, `staff sheet (${lang})`);
    await greeter.page.keyboard.press('Escape');
    await expect(greeter.sheet).toBeHidden();
  };
  // The alerts folded away (the console above showed them open).
  await expect(greeter.alertList).toBeVisible();
  await greeter.alertToggle.click();
  await expect(greeter.alertList).toHaveCount(0);
  await expectAccessible(greeter.page, 'staff alerts folded (zh)');
  await greeter.alertToggle.click();
  await expect(greeter.alertList).toBeVisible();
  await sheetIn('zh');
  await langOf(greeter).click();
  await expect(greeter.page.locator('html')).toHaveAttribute('lang', 'en');
  await sheetIn('en');
  await langOf(greeter).click();

  const clerk = await tablet(STAFF.counter);
  await clerk.chooseCounter('2');
  await expect(clerk.counterPanel).toContainText('2 号窗口');
  await inBothLanguages(clerk.page, 'staff counter view', langOf(clerk));

  const manager = await tablet(STAFF.manager);
  await inBothLanguages(manager.page, 'staff console (manager)', langOf(manager));
  const pairingIn = async (lang: 'zh' | 'en') => {
    await manager.page.getByTestId('add-device').click();
    const dialog = manager.page.getByTestId('pairing-dialog');
    await expectAccessible(manager.page, `staff add-device dialog (${lang})`);
    await dialog.getByRole('radio', { name: lang === 'zh' ? '取号机' : 'Kiosk' }).click();
    await dialog.getByRole('button', { name: lang === 'zh' ? '生成配对码' : /code/i }).click();
    await expect(dialog.getByTestId('pairing-code')).toHaveText(/^\d{6}$/);
    await expectAccessible(manager.page, `staff pairing code (${lang})`);
    await manager.page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  };
  await pairingIn('zh');
  await langOf(manager).click();
  await pairingIn('en');
});

test('the wall: the busy hall, and the manager signing in', async ({ browser }) => {
  const page = await newPage(browser, { width: 1920, height: 1080 });
  const wall = new WallPage(page, base);
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  await wall.waitTodayLoaded();
  await expect(wall.riskRow(busy.breached[0]!.ticket)).toBeVisible();
  const lang = page.locator('#lang-button');
  await inBothLanguages(page, 'wall', lang);
  await page.locator('#manager-button').click();
  await expect(page.getByLabel('工号')).toBeVisible();
  await expectAccessible(page, 'wall manager sign-in (zh)');
  await page.getByLabel('工号').fill(STAFF.manager.staffId);
  await page.getByLabel('密码').fill(STAFF.manager.pin);
  await page.locator('#manager-form button[type="submit"]').click();
  await expect(page.locator('#manager-name')).toBeVisible();
  await inBothLanguages(page, 'wall with the manager signed in', lang);
  await page.context().close();
});

test('the report: sign-in and the day with data', async ({ browser }) => {
  const page = await newPage(browser, TABLETS.landscape);
  await page.goto(`${base}/report/`);
  await expect(page.getByLabel(/工号/)).toBeVisible();
  const lang = page.locator('#lang-button');
  await inBothLanguages(page, 'report sign-in', lang);
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('#breaches tbody tr').first()).toBeVisible();
  await inBothLanguages(page, 'report', lang);
  await page.context().close();
});

test('the regional wall: sign-in and the region with a hall in trouble', async ({ browser }) => {
  const base = testConfig({ receptionSeconds: 240, warnAt: [0.5] });
  const server = await startServer({
    config: {
      ...base,
      staff: [
        ...base.staff,
        { id: 'h01', name: '钱总', branch: 't1', roles: ['manager'], regions: ['east'], pin: '5555' },
      ],
      regions: [{ id: 'east', name: { zh: '华东区', en: 'East region' }, branches: ['t1'] }],
    },
  });
  try {
    const http = api(server.url);
    for (const secondsAgo of [600, 30]) {
      const at = new Date(Date.now() - secondsAgo * 1000).toISOString();
      expect((await http.post('/branches/t1/visits', { line: 'life', occurredAt: at }, KIOSK_TOKEN)).status).toBe(201);
    }
    const page = await newPage(browser, { width: 1920, height: 1080 });
    await page.goto(hallUrl(server.port, '/region/'));
    await expect(page.locator('#staff-id')).toBeVisible();
    const lang = page.locator('#lang-button');
    await inBothLanguages(page, 'region sign-in', lang);
    await page.fill('#staff-id', 'h01');
    await page.fill('#pin', '5555');
    await page.click('#sign-in button[type=submit]');
    await expect(page.locator('#rows tr').first()).toHaveAttribute('data-branch', 't1');
    await inBothLanguages(page, 'region', lang);
    await page.context().close();
  } finally {
    await server.kill();
  }
});
