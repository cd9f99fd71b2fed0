/**
 * A rule the branch adds in its configuration alone (docs/rules.md §6; the README's `special-needs-help`)
 * is named as configured on the staff tablet and on the wall, in Chinese and in English — opened by the
 * hall's host name over plain HTTP, as a hall runs them.
 */
import { test, expect } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { THIRD_RULE, specialNeedsHelp } from '../support/third-rule.ts';
import { SCREENSHOTS, StaffTablet } from './pages/staff.ts';
import { WallPage } from './pages/wall.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';

test.use({ launchOptions: hallLaunchOptions });
test.describe.configure({ mode: 'serial' });

const NAME = THIRD_RULE.name;

let server: RunningServer;
let http: ReturnType<typeof api>;
let base: string;
let ticket: string;
let plain: string;

test.beforeAll(async () => {
  const config = testConfig({ receptionSeconds: 600, vipSeconds: 600 });
  const t1 = config.branches[0]!;
  t1.rules = {
    ...t1.rules,
    'special-needs-help': specialNeedsHelp(120),
  } as typeof t1.rules;
  server = await startServer({ config });
  base = hallUrl(server.port, '');
  http = api(server.url);
  const r = await http.post('/branches/t1/visits', { line: 'life', specialNeeds: ['elderly'] }, KIOSK_TOKEN);
  expect(r.status).toBe(201);
  ticket = r.body.visit.ticket as string;
  const p = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
  plain = p.body.visit.ticket as string;
});
test.afterAll(() => server.kill());

for (const lang of ['zh', 'en'] as const) {
  test(`the staff tablet names the configured rule on the customer's card (${lang})`, async ({ browser }) => {
    const tablet = await StaffTablet.open(browser, base, { lang });
    await tablet.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
    const card = tablet.waitingCard(ticket);
    await expect(card.locator('.clock[data-rule="special-needs-help"] [data-testid="clock-rule"]')).toHaveText(
      NAME[lang],
    );
    // The built-in beside it is still named by its configured target (600 s), never a fixed 5 minutes.
    await expect(card.locator('.clock[data-rule="reception"] [data-testid="clock-rule"]')).toHaveText(
      lang === 'zh' ? '10分钟接待' : 'Greeted within 10 minutes',
    );
    // A customer without special needs has no such clock.
    await expect(tablet.waitingCard(plain).locator('.clock')).toHaveCount(1);
    await expect(tablet.waitingCard(plain).locator('.clock[data-rule="special-needs-help"]')).toHaveCount(0);
    await tablet.page.screenshot({ path: `${SCREENSHOTS}/third-rule-staff-${lang}.png` });
    await tablet.context.close();
  });

  test(`the wall names the configured rule in the customer's row and in today's compliance (${lang})`, async ({
    page,
  }) => {
    const wall = new WallPage(page, base);
    await wall.open(WALL_TOKEN);
    await wall.waitLive();
    if (lang === 'en') await page.locator('#lang-button').click();
    await expect(wall.riskClock(ticket, 'special-needs-help')).toContainText(NAME[lang]);
    await expect(wall.riskClock(plain, 'special-needs-help')).toHaveCount(0);
    const card = page.locator('.compliance-card[data-rule="special-needs-help"]');
    await expect(card.locator('.compliance-rule')).toHaveText(NAME[lang]);
    await expect(card.locator('.compliance-figure')).toHaveText('—');
    await expect(page.locator('.compliance-card')).toHaveCount(3);
    // Three cards side by side still fit the 1920×1080 screen.
    const size = await wall.overflow();
    expect(size.scrollWidth).toBeLessThanOrEqual(size.width);
    expect(size.scrollHeight).toBeLessThanOrEqual(size.height);
    for (const c of await page.locator('.compliance-card').all()) expect(await wall.insideViewport(c)).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/third-rule-wall-${lang}.png` });
  });
}

test("the wall counts the configured rule in today's compliance once it is met, and its card still fits", async ({
  page,
}) => {
  const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  const visits = await http.get('/branches/t1/visits?state=open', greeter);
  const v = (visits.body.visits as { id: string; ticket: string }[]).find((x) => x.ticket === ticket)!;
  expect((await http.post(`/branches/t1/visits/${v.id}/greet`, {}, greeter)).status).toBe(200);
  const wall = new WallPage(page, base);
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  await wall.waitTodayLoaded();
  const card = page.locator('.compliance-card[data-rule="special-needs-help"]');
  await expect(card.locator('.compliance-figure')).toHaveText('100.0%');
  await expect(card.locator('.compliance-counts')).toContainText('达标 1');
  // The figure is not cut off: it fits inside its card.
  const fits = await card.evaluate((el) => {
    const f = el.querySelector('.compliance-figure')!.getBoundingClientRect();
    const c = el.getBoundingClientRect();
    return f.left >= c.left && f.right <= c.right;
  });
  expect(fits).toBe(true);
  await page.screenshot({ path: `${SCREENSHOTS}/third-rule-wall-met.png` });
});
