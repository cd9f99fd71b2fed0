/**
 * Live foresight (issue 17 item 4), opened the way the hall opens it — by the hall's host name over plain
 * HTTP: one greeter on duty, six greetings in the last minutes (a pace of one every 150 s), five customers
 * waiting to be greeted. Served in the call order — the VIP first, though last to arrive — three of them
 * will be greeted after their clock falls due and carry 预计超时 / "Likely to breach" on the greeter's
 * tablet and on the wall's clock list, before their warning fires; the other two will not. When the one
 * greeter goes on a break, the tablet says nobody greets, and every waiting customer is marked.
 */
import { expect, test, type Page } from '@playwright/test';
import { STAFF, WALL_TOKEN } from '../support/config.ts';
import { noonZone } from './support/busy-wall.ts';
import { HALL_LAUNCH, hallUrl, openHall, SCREENSHOTS, type Hall, type StaffTablet } from './pages/staff.ts';
import { WallPage } from './pages/wall.ts';

test.use({ launchOptions: HALL_LAUNCH });
test.setTimeout(120_000);

let hall: Hall;
test.afterEach(async () => hall?.close());

const TEXT = {
  zh: { likely: '预计超时', noGreeter: '有客户等候，无接待人员在岗' },
  en: { likely: 'Likely to breach', noGreeter: 'Customers waiting, no greeter on duty' },
} as const;

interface Queue {
  /** Greeted in time at the pace: the VIP (first in the call order though last to arrive), and P2. */
  inTime: string[];
  /** Expected to be greeted after their clock falls due: P1, P3, P4. */
  likely: string[];
}

/** Targets 600 s (reception) and 300 s (VIP host): wide enough that the verdicts hold for minutes. */
const TARGETS = { receptionSeconds: 600, vipSeconds: 300, warnAt: [0.8] };

/**
 * Six greetings in the last 15 minutes: one every 150 s. The k-th in the call order is expected k × 150 s
 * from now, against a due of the target less their wait so far:
 *   VIP (waited 5 s)  1st:  150 s, due in 295 s (VIP host) — in time, 145 s to spare
 *   P1 (waited 320 s) 2nd:  300 s, due in 280 s            — likely to breach (not yet warned: 80 % is 480 s)
 *   P2 (waited 20 s)  3rd:  450 s, due in 580 s            — in time, 130 s to spare
 *   P3 (waited 10 s)  4th:  600 s, due in 590 s            — likely to breach
 *   P4 (waited 5 s)   5th:  750 s, due in 595 s            — likely to breach
 * The pace holds for over five minutes (the oldest greeting is 560 s old).
 */
async function buildQueue(h: Hall): Promise<Queue> {
  const now = Date.now();
  const ago = (s: number) => new Date(now - s * 1000).toISOString();
  const greeter = await h.http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  for (let i = 0; i < 6; i++) {
    const greetAt = 60 + i * 100;
    const v = await h.checkIn({ line: 'life', occurredAt: ago(greetAt + 30) });
    const r = await h.http.post(`/branches/t1/visits/${v.id}/greet`, { occurredAt: ago(greetAt) }, greeter);
    if (r.status !== 200) throw new Error(`greet ${v.ticket}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const p1 = await h.checkIn({ line: 'property', occurredAt: ago(320) });
  const p2 = await h.checkIn({ line: 'life', occurredAt: ago(20) });
  const p3 = await h.checkIn({ line: 'pension', occurredAt: ago(10) });
  const p4 = await h.checkIn({ line: 'property', occurredAt: ago(5) });
  const vip = await h.checkIn({ line: 'life', vip: {}, occurredAt: ago(5) });
  return { inTime: [vip.ticket, p2.ticket], likely: [p1.ticket, p3.ticket, p4.ticket] };
}

async function openWall(h: Hall, page: Page): Promise<WallPage> {
  const wall = new WallPage(page, hallUrl(h.server));
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  return wall;
}

const cardMark = (m: StaffTablet, ticket: string) =>
  m.waitingList.locator(`[data-ticket="${ticket}"]`).getByTestId('likely-breach');
const wallMark = (wall: WallPage, ticket: string) => wall.riskRow(ticket).locator('.risk-likely');

test('one greeter, many waiting: 预计超时 on the right customers, on the tablet and the wall, zh and en', async ({
  browser,
}) => {
  hall = await openHall(browser, { ...TARGETS, timeZone: noonZone(), byHallHost: true });
  const q = await buildQueue(hall);
  const m = await hall.tablet({ lang: 'zh' });
  await m.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  const wallContext = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const wall = await openWall(hall, await wallContext.newPage());
  // One greeter on duty: the greeter signed in on the tablet.
  await expect(wall.page.locator('#waiting-total')).toContainText('接待 1 人');

  for (const lang of ['zh', 'en'] as const) {
    const words = TEXT[lang];
    if (lang === 'en') {
      await m.page.locator('button.lang').click();
      await wall.page.locator('#lang-button').click();
    }
    for (const ticket of q.likely) {
      await expect(cardMark(m, ticket)).toHaveText(words.likely);
      await expect(wallMark(wall, ticket)).toBeVisible();
      await expect(wallMark(wall, ticket)).toHaveText(words.likely);
    }
    for (const ticket of q.inTime) {
      await expect(m.waitingList.locator(`[data-ticket="${ticket}"]`)).toBeVisible();
      await expect(cardMark(m, ticket)).toHaveCount(0);
      await expect(wall.riskRow(ticket)).toBeVisible();
      await expect(wallMark(wall, ticket)).toBeHidden();
    }
    // Foreseen before the warning: their clocks still run.
    for (const ticket of q.likely) await expect(wall.riskRow(ticket)).toHaveAttribute('data-state', 'running');
    await expect(m.page.getByTestId('no-greeter')).toBeHidden();
    await m.page.screenshot({ path: `${SCREENSHOTS}/foresight-tablet-${lang}.png` });
    await wall.page.screenshot({ path: `${SCREENSHOTS}/foresight-wall-${lang}.png` });
  }
  await wallContext.close();
});

test('the only greeter on a break: the tablet warns nobody greets, and every waiting customer is marked', async ({
  browser,
}) => {
  hall = await openHall(browser, { ...TARGETS, timeZone: noonZone(), byHallHost: true });
  const q = await buildQueue(hall);
  const m = await hall.tablet({ lang: 'zh' });
  await m.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await expect(cardMark(m, q.likely[0]!)).toBeVisible();
  await expect(m.page.getByTestId('no-greeter')).toBeHidden();

  await m.dutySwitch.click();
  await expect(m.dutySwitch).toHaveAttribute('data-status', 'on-break');
  for (const lang of ['zh', 'en'] as const) {
    if (lang === 'en') await m.page.locator('button.lang').click();
    await expect(m.page.getByTestId('no-greeter')).toHaveText(TEXT[lang].noGreeter);
    for (const ticket of [...q.inTime, ...q.likely]) await expect(cardMark(m, ticket)).toHaveText(TEXT[lang].likely);
    await m.page.screenshot({ path: `${SCREENSHOTS}/foresight-no-greeter-${lang}.png` });
  }

  // Back on duty: the warning goes, and the pace decides again.
  await m.dutySwitch.click();
  await expect(m.page.getByTestId('no-greeter')).toBeHidden();
  await expect(cardMark(m, q.inTime[0]!)).toHaveCount(0);
});
