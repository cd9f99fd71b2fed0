/**
 * A busy hour on the wall at 1920×1080, as the hall runs it: Chromium opens the wall by the hall's host
 * name over plain HTTP, in Chinese and in English, with and without a manager signed in. Nothing is
 * wider or taller than the screen, every control is reachable, the clocks list counts what it cannot
 * show, a VIP is one row with both clocks named by their configured targets, the recently-called strip
 * holds the last five calls, the charts span opening hours only, and the main figures are legible
 * from three metres.
 */
import { test, expect, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer } from '../support/server.ts';
import { BREACHED, HALL_BROWSER_ARGS, WAITING, startBusyWall, type BusyWall } from './support/busy-wall.ts';
import { WallPage } from './pages/wall.ts';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      ...HALL_BROWSER_ARGS,
    ],
  },
});
test.describe.configure({ mode: 'serial' });

/** Legible from 3 m on a 1080p wall: ticket numbers, countdowns and the headline figures, in px. */
const MIN_TICKET_PX = 28;
const MIN_HEADLINE_PX = 48;
/** No text on the wall is smaller than this. */
const MIN_TEXT_PX = 18;

let hall: BusyWall;
let manager: string;

test.beforeAll(async () => {
  hall = await startBusyWall();
  manager = await hall.http.login(STAFF.manager.staffId, STAFF.manager.pin);
});
test.afterAll(() => hall.server.kill());

/** The open visits as the server has them. */
async function openVisits(): Promise<any[]> {
  const r = await hall.http.get('/branches/t1/visits?state=open', hall.greeter);
  return r.body.visits;
}
const openClocks = (v: any) => v.rules.filter((c: any) => c.stoppedAt === null);

async function openBusyWall(page: Page, lang: 'zh' | 'en'): Promise<WallPage> {
  const wall = new WallPage(page, hall.hallUrl);
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  await wall.waitTodayLoaded();
  if (lang === 'en') await page.locator('#lang-button').click();
  // The busy hour has come to a head: fifteen over time (or escalated since), on the wall as they happened.
  const summary = page.locator('#alert-summary');
  await expect(summary).toContainText(lang === 'zh' ? '超时' : 'Breaches');
  await expect
    .poll(
      async () => {
        const [breaches, , escalations] = (await summary.textContent())!.match(/\d+/g)!.map(Number);
        return breaches! + escalations!;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(BREACHED);
  await expect(page.locator('#waiting-total')).toContainText(
    lang === 'zh' ? `等候 ${WAITING} 人` : `${WAITING} waiting`,
  );
  return wall;
}

/** Nothing past the screen's edges, and every control and headline inside it. */
async function expectFitsScreen(page: Page, wall: WallPage): Promise<void> {
  const o = await wall.overflow();
  expect(o.width).toBe(1920);
  expect(o.height).toBe(1080);
  expect(o.scrollWidth).toBeLessThanOrEqual(o.width);
  expect(o.scrollHeight).toBeLessThanOrEqual(o.height);
  for (const id of [
    'clock',
    'freshness',
    'manager-button',
    'speech-button',
    'lang-button',
    'compliance',
    'risk-more',
    'recent-list',
    'chart-compliance',
  ]) {
    expect(await wall.insideViewport(page.locator(`#${id}`)), `#${id} inside the screen`).toBe(true);
  }
  // The headline figures are whole, never cut at their card's edge (100.0% is the widest).
  for (const figure of await page.locator('.compliance-figure').all()) {
    expect(await figure.evaluate((el) => el.scrollWidth <= el.clientWidth), `${await figure.textContent()} whole`).toBe(
      true,
    );
  }
  // Every tile, call, card and chart lies whole inside its panel (a panel cuts off what runs past it).
  const outside = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        '.serving-tile, .recent-call, .compliance-card, .chart, .waiting-line, #waiting-total, #risk-more',
      ),
    ]
      .filter((el) => el.getBoundingClientRect().bottom > el.closest('.panel')!.getBoundingClientRect().bottom + 0.5)
      .map((el) => el.className || el.id),
  );
  expect(outside).toEqual([]);
  // Each shown row lies whole inside its panel's list (none runs past it, unseen).
  const cut = await page.evaluate(() => {
    const box = document.getElementById('risk-list')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('#risk-list > li:not([hidden])')].filter(
      (li) => li.getBoundingClientRect().bottom > box.bottom + 0.5,
    ).length;
  });
  expect(cut).toBe(0);
}

/** 另有 N 位: N is every customer with an open clock that has no row on screen. */
async function expectMoreCount(page: Page, wall: WallPage, lang: 'zh' | 'en'): Promise<void> {
  const withClocks = (await openVisits()).filter((v) => openClocks(v).length > 0);
  const rows = await wall.visibleRiskRows.count();
  expect(rows).toBeGreaterThanOrEqual(3);
  expect(rows).toBeLessThan(withClocks.length);
  // One row per customer: no ticket twice.
  const tickets = await wall.visibleRiskRows.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.ticket));
  expect(new Set(tickets).size).toBe(tickets.length);
  const n = withClocks.length - rows;
  await expect(wall.riskMore).toHaveAttribute('data-count', String(n));
  await expect(wall.riskMore).toContainText(lang === 'zh' ? `另有 ${n} 位` : `${n} more`);
  await expect(wall.riskMore).toBeVisible();
}

/** A VIP waiting for both greetings is one row carrying both clocks, each named by its configured target. */
async function expectVipRow(page: Page, wall: WallPage, lang: 'zh' | 'en'): Promise<void> {
  const vips = (await openVisits()).filter((v) => v.vip && openClocks(v).length === 2).map((v) => v.ticket);
  const shown = await wall.visibleRiskRows.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.ticket!));
  const visible = vips.filter((t) => shown.includes(t));
  expect(visible.length).toBeGreaterThan(0);
  for (const ticket of visible) {
    await expect(wall.riskRow(ticket)).toHaveCount(1);
    await expect(wall.riskRow(ticket).locator('.risk-clock')).toHaveCount(2);
    await expect(wall.riskClock(ticket, 'reception').locator('.risk-rule')).toHaveText(
      lang === 'zh' ? '4分钟接待' : 'Greeted within 4 minutes',
    );
    await expect(wall.riskClock(ticket, 'vip-reception').locator('.risk-rule')).toHaveText(
      lang === 'zh' ? 'VIP 2分钟专人接待' : 'VIP host within 2 minutes',
    );
    // Named in full, not cut to "太平人寿 · …".
    expect(
      await wall
        .riskClock(ticket, 'vip-reception')
        .locator('.risk-rule')
        .evaluate((el) => el.scrollWidth <= el.clientWidth),
    ).toBe(true);
  }
}

/** Labels come from the configured 240 s / 120 s targets everywhere, never a fixed 5 / 3 minutes. */
async function expectConfiguredNames(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await expect(page.locator('.compliance-card[data-rule="reception"] .compliance-rule')).toHaveText(
    lang === 'zh' ? '4分钟接待' : 'Greeted within 4 minutes',
  );
  await expect(page.locator('.compliance-card[data-rule="vip-reception"] .compliance-rule')).toHaveText(
    lang === 'zh' ? 'VIP 2分钟专人接待' : 'VIP host within 2 minutes',
  );
  await expect(page.locator('#alert-list .alert-rule').first()).toHaveText(
    /^(4分钟接待|VIP 2分钟专人接待|Greeted within 4 minutes|VIP host within 2 minutes)$/,
  );
  await expect(page.locator('body')).not.toContainText(lang === 'zh' ? '5分钟' : '5 minutes');
  await expect(page.locator('body')).not.toContainText(lang === 'zh' ? '3分钟' : '3 minutes');
}

/** Legible from three metres: big tickets and headline figures, and no small print anywhere. */
async function expectLegible(page: Page, wall: WallPage): Promise<void> {
  for (const sel of [
    '.serving-ticket',
    '#risk-list .risk-ticket',
    '.recent-ticket',
    '#risk-list .risk-countdown',
    '.alert-ticket',
  ]) {
    expect(await wall.fontSize(page.locator(sel).first()), sel).toBeGreaterThanOrEqual(MIN_TICKET_PX);
  }
  expect(await wall.fontSize(page.locator('.serving-ticket').first())).toBeGreaterThanOrEqual(80);
  expect(await wall.fontSize(page.locator('.compliance-figure').first())).toBeGreaterThanOrEqual(MIN_HEADLINE_PX);
  const smallest = await page.evaluate(() => {
    let min = Infinity;
    let where = '';
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.closest('dialog') || !el.checkVisibility()) continue;
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (text && size < min) [min, where] = [size, `${el.tagName}.${el.className}`];
    }
    return { min, where };
  });
  expect(smallest.min, `smallest text: ${smallest.where}`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
}

/** The charts' x-axis: the opening hours 09:00–17:30, hour by hour, nothing before or after. */
async function expectOpeningHours(page: Page, lang: 'zh' | 'en'): Promise<void> {
  const hours = [9, 10, 11, 12, 13, 14, 15, 16, 17].map((h) => (lang === 'zh' ? `${h}时` : `${h}:00`)).join(',');
  for (const id of ['chart-hourly', 'chart-compliance'])
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-labels', hours);
  const arrivals = (await page.locator('#chart-hourly').getAttribute('data-arrivals'))!.split(',').map(Number);
  expect(arrivals).toHaveLength(9);
  const today = await hall.http.get('/branches/t1/visits?state=all', hall.greeter);
  expect(arrivals.reduce((a, b) => a + b, 0)).toBe(today.body.visits.length);
}

for (const lang of ['zh', 'en'] as const) {
  test(`busy hour in ${lang === 'zh' ? 'Chinese' : 'English'}: fits 1920×1080, counts what it cannot show, names clocks by their targets`, async ({
    page,
  }) => {
    const wall = await openBusyWall(page, lang);
    await page.screenshot({ path: `test-results/wall-busy-${lang}-first.png` }); // to look at when a check below fails
    await expectFitsScreen(page, wall);
    await expectMoreCount(page, wall, lang);
    await expectVipRow(page, wall, lang);
    await expectConfiguredNames(page, lang);
    await expectOpeningHours(page, lang);
    await expectLegible(page, wall);
    await expect(page.locator('#alert-more')).toContainText(lang === 'zh' ? '另有' : 'more');
    await page.screenshot({ path: `docs/screenshots/wall-busy-${lang}.png` });
  });

  test(`busy hour in ${lang === 'zh' ? 'Chinese' : 'English'} with a manager signed in: still fits, and acknowledging works`, async ({
    page,
  }) => {
    const wall = await openBusyWall(page, lang);
    await wall.signInManager(STAFF.manager.staffId, STAFF.manager.pin, lang);
    await expect(page.locator('#manager-name')).toHaveText(lang === 'zh' ? '主管 赵敏' : 'Manager 赵敏');
    await expect(page.locator('.alert-ack:visible').first()).toBeVisible();
    await expectFitsScreen(page, wall);
    expect(await wall.insideViewport(page.locator('#manager-name'))).toBe(true);

    // Acknowledged, an alert steps behind those nobody has taken yet (they are what the hall must see).
    const item = page
      .locator('#alert-list li[data-acknowledged="no"]:not([hidden])', { has: page.locator('.alert-ack:visible') })
      .first();
    const key = (await item.getAttribute('data-key'))!;
    await item.locator('.alert-ack').click();
    await page.locator('#ack-note').fill(lang === 'zh' ? '已安排陈静接待' : 'host on the way');
    await page.locator('#ack-form button[type="submit"]').click();
    await expect(page.locator('#ack-dialog')).not.toBeVisible();
    await expect(page.locator(`#alert-list li[data-key="${key}"]:not([hidden])`)).toHaveCount(0);
    const day = await hall.http.get('/branches/t1/alerts', manager);
    expect(day.body.alerts.find((a: any) => a.id === key)).toMatchObject({ acknowledgedBy: 'm01' });
    await expectFitsScreen(page, wall);
    // The wall in the language it was left in still offers the way back.
    await expect(page.locator('#lang-button')).toHaveText(lang === 'zh' ? 'English' : '中文');
    await page.screenshot({ path: `test-results/wall-busy-manager-${lang}.png` });
  });
}

test('the recently-called strip shows the last five calls, newest first', async ({ page }) => {
  const wall = await openBusyWall(page, 'zh');
  // Opened after the setup's seven calls: the five latest of those still at a counter.
  await expect(wall.recentTickets).toHaveText(
    hall.calls
      .slice(-5)
      .reverse()
      .map((c) => c.ticket),
  );
  const made = await hall.callMore(6);
  await expect(wall.recentTickets).toHaveText(
    made
      .slice(-5)
      .reverse()
      .map((c) => c.ticket),
  );
  const last = made[made.length - 1]!;
  await expect(page.locator('#recent-list li').first()).toContainText(`${last.counter} 号窗口`);
  await expectFitsScreen(page, wall);
});

test('a hall with six counters keeps every counter on the screen, beside the recent calls', async ({ page }) => {
  const config = testConfig();
  config.branches[0]!.counters = ['1', '2', '3', '4', '5', '6'];
  const server = await startServer({ config });
  try {
    const http = api(server.url);
    const counter = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
    const wall = new WallPage(page, server.url.replace('127.0.0.1', 'hall.yingbin.test'));
    await wall.open(WALL_TOKEN);
    await wall.waitLive();
    const tickets: string[] = [];
    for (const c of ['1', '2', '3', '4', '5', '6']) {
      const v = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
      await http.post(`/branches/t1/visits/${v.id}/call`, { counter: c }, counter);
      tickets.push(v.ticket);
    }
    await expect(wall.recentTickets).toHaveText(tickets.slice(-5).reverse());
    await expectFitsScreen(page, wall);
    for (const c of ['1', '2', '3', '4', '5', '6']) {
      const tile = page.locator('#serving-list li', { hasText: `${c} 号窗口` });
      await expect(tile).toContainText(tickets[Number(c) - 1]!);
      expect(await wall.insideViewport(tile), `counter ${c} on the screen`).toBe(true);
    }
    expect(await wall.fontSize(page.locator('.serving-ticket').first())).toBeGreaterThanOrEqual(MIN_TICKET_PX);
    await expect(page.locator('.compliance-card[data-rule="reception"] .compliance-figure')).toHaveText('100.0%');
    await expectFitsScreen(page, wall);
    // No alert banner: the panels still reach down to the bottom of the screen.
    await expect(wall.banner).toBeHidden();
    const bottom = await page.locator('.wall-grid').evaluate((el) => el.getBoundingClientRect().bottom);
    expect(bottom).toBe(1080);
    await page.screenshot({ path: 'test-results/wall-six-counters.png' });
  } finally {
    await server.kill();
  }
});

test('the widest header — English, a manager signed in, the connection lost — still fits the screen', async ({
  page,
}) => {
  const wall = await openBusyWall(page, 'en');
  await wall.signInManager(STAFF.manager.staffId, STAFF.manager.pin, 'en');
  await expect(page.locator('#manager-name')).toHaveText('Manager 赵敏');
  await hall.server.kill('SIGKILL'); // the last test of the file: afterAll finds it stopped
  await expect(wall.freshness).toHaveAttribute('data-state', 'offline', { timeout: 5000 });
  await expect(wall.freshness).toContainText(/Disconnected · last update \d\d:\d\d:\d\d/);
  await expectFitsScreen(page, wall);
  expect(await wall.insideViewport(page.locator('#manager-name'))).toBe(true);
  await page.screenshot({ path: 'test-results/wall-busy-offline-en.png' });
});
