/**
 * The 人手建议 panel (docs/staffing.md) on the wall and the manager's tablet, opened by the hall's host name
 * over plain HTTP, in Chinese and English. Five weeks of the same day are imported: quiet now, ten arrivals
 * a slot from half an hour ahead, which Erlang C answers with 3 greeters. With two greeters on duty the
 * panel is red before the peak, naming the slot where it starts; a third going on duty turns it covered.
 * The hall's zone is chosen so it is mid-morning there whenever the test runs.
 */
import { expect, test, type Page } from '@playwright/test';
import { erlangCServers } from '../../shared/staffing/erlang.ts';
import { localDay } from '../../shared/time.ts';
import { api } from '../support/api.ts';
import { STAFF, testConfig, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { importHistory, repeatingHistoryCsv } from '../support/staffing-history.ts';
import { SCREENSHOTS, StaffTablet } from './pages/staff.ts';
import { WallPage } from './pages/wall.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';

test.use({ launchOptions: hallLaunchOptions });
test.describe.configure({ mode: 'serial' });

const PER_SLOT = 10;
const HANDLE = 120;
const NEEDED = erlangCServers((PER_SLOT / 900) * HANDLE, 300, HANDLE, 0.01);

/** A fixed-offset zone where it is 10:xx now (Etc/GMT-N is UTC+N). */
function midMorningZone(): { zone: string; offset: string; hours: number } {
  let hours = 10 - new Date().getUTCHours();
  if (hours < -12) hours += 24;
  if (hours > 14) hours -= 24;
  const zone = hours === 0 ? 'Etc/GMT' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
  const offset = `${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}:00`;
  return { zone, offset, hours };
}

const { zone, offset, hours } = midMorningZone();
const p2 = (n: number) => String(n).padStart(2, '0');
/** The local start of the slot under way, in minutes of the day, and the peak's first slot half an hour on. */
const localMinutes = (((new Date().getUTCHours() + hours + 24) % 24) * 60 + new Date().getUTCMinutes()) | 0;
const slotNow = localMinutes - (localMinutes % 15);
const PEAK = [30, 45, 60, 75, 90, 105].map((m) => slotNow + m);
const FROM = `${p2(Math.floor(PEAK[0]! / 60))}:${p2(PEAK[0]! % 60)}`;

const WORDS = {
  zh: {
    short: `${FROM} 起需增加 1 名引导员`,
    covered: '人手充足',
    peak: `两小时内最多需 ${NEEDED}`,
    title: '人手建议',
  },
  en: {
    short: `From ${FROM} add 1 greeter`,
    covered: 'Enough staff',
    peak: `up to ${NEEDED} in 2 h`,
    title: 'Staffing',
  },
};

let server: RunningServer;
let http: ReturnType<typeof api>;
let base: string;
const tokens: Record<string, string> = {};

const duty = async (who: keyof typeof STAFF, status: 'on-duty' | 'off-duty') => {
  const r = await http.post('/branches/t1/duty', { status }, tokens[who]);
  expect(r.status).toBe(200);
};

test.beforeAll(async () => {
  server = await startServer({
    config: {
      ...testConfig({ timeZone: zone }),
      limits: { ...testConfig().limits, bodyBytes: 0 },
      staffing: { greetHandleSeconds: HANDLE, vipHandleSeconds: 300 },
    },
  });
  http = api(server.url);
  base = hallUrl(server.port, '');
  for (const who of ['manager', 'greeter', 'greeter2'] as const)
    tokens[who] = await http.login(STAFF[who].staffId, STAFF[who].pin);
  const today = localDay(Date.now(), zone);
  await importHistory(server.url, 't1', tokens.manager!, repeatingHistoryCsv(today, PEAK, PER_SLOT, offset));
  expect(NEEDED).toBe(3);
});
test.afterAll(() => server.kill());

/** Two greeters on duty (the manager and g01), the third (g02) off: one short of the three needed. */
const shortHanded = async () => {
  await duty('manager', 'on-duty');
  await duty('greeter', 'on-duty');
  await duty('greeter2', 'off-duty');
};

const greeters = (page: Page) => page.locator('.staffing-row[data-role="greeters"]');

for (const lang of ['zh', 'en'] as const) {
  test(`the wall shows the shortfall before the peak, then covered when a greeter goes on duty (${lang})`, async ({
    page,
  }) => {
    await shortHanded();
    const wall = new WallPage(page, base);
    await wall.open(WALL_TOKEN);
    await wall.waitLive();
    if (lang === 'en') await page.locator('#lang-button').click();
    const panel = page.locator('#staffing');
    await expect(panel.locator('.staffing-title')).toHaveText(WORDS[lang].title);
    await expect(panel).toHaveAttribute('data-state', 'short');
    await expect(greeters(page)).toHaveAttribute('data-short', 'true');
    await expect(greeters(page).locator('.staffing-advice')).toHaveText(WORDS[lang].short);
    await expect(greeters(page).locator('.staffing-on')).toHaveText(lang === 'zh' ? '在岗 2' : '2 on duty');
    await expect(greeters(page).locator('.staffing-peak')).toHaveText(WORDS[lang].peak);
    // Red, as the hall reads it from across the room.
    expect(
      await greeters(page)
        .locator('.staffing-advice')
        .evaluate((e) => getComputedStyle(e).color),
    ).toBe('rgb(164, 22, 26)');
    await expect(page.locator('.staffing-row[data-role="vipHosts"]')).toHaveAttribute('data-short', 'false');
    // It fits the busy wall: nothing pushed off the 1920×1080 screen.
    const size = await wall.overflow();
    expect(size.scrollWidth).toBeLessThanOrEqual(size.width);
    expect(size.scrollHeight).toBeLessThanOrEqual(size.height);
    for (const id of ['#staffing', '#chart-hourly', '#chart-compliance'])
      expect(await wall.insideViewport(page.locator(id)), id).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/staffing-wall-short-${lang}.png` });

    // A third greeter goes on duty: the wall hears the duty change and fetches the advice again.
    await duty('greeter2', 'on-duty');
    await expect(panel).toHaveAttribute('data-state', 'covered');
    await expect(greeters(page).locator('.staffing-advice')).toHaveText(WORDS[lang].covered);
    await expect(greeters(page).locator('.staffing-on')).toHaveText(lang === 'zh' ? '在岗 3' : '3 on duty');
    await page.screenshot({ path: `${SCREENSHOTS}/staffing-wall-covered-${lang}.png` });
  });

  test(`the manager's tablet shows the same panel and it fits the 1280×800 screen (${lang})`, async ({ browser }) => {
    await shortHanded();
    const tablet = await StaffTablet.open(browser, base, { lang });
    await tablet.signIn(STAFF.manager.staffId, STAFF.manager.pin);
    const panel = tablet.page.getByTestId('staffing-panel');
    await expect(panel).toHaveAttribute('data-state', 'short');
    await expect(greeters(tablet.page).locator('.staffing-advice')).toHaveText(WORDS[lang].short);
    await tablet.expectFitsScreen();
    await tablet.expectOnScreen(panel);
    await tablet.page.screenshot({ path: `${SCREENSHOTS}/staffing-tablet-short-${lang}.png` });
    await duty('greeter2', 'on-duty');
    await expect(panel).toHaveAttribute('data-state', 'covered');
    await expect(greeters(tablet.page).locator('.staffing-advice')).toHaveText(WORDS[lang].covered);
    await tablet.page.screenshot({ path: `${SCREENSHOTS}/staffing-tablet-covered-${lang}.png` });
    await tablet.context.close();
  });
}

test("a greeter's tablet has no staffing panel (the advice is the manager's)", async ({ browser }) => {
  const tablet = await StaffTablet.open(browser, base);
  await tablet.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await expect(tablet.page.getByTestId('side-column')).toBeVisible();
  await expect(tablet.page.getByTestId('staffing-panel')).toHaveCount(0);
  await tablet.context.close();
});
