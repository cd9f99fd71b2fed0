/**
 * Live foresight (issue 17 item 4), opened the way the hall opens it — by the hall's host name over plain
 * HTTP: one greeter on duty, twelve greetings in the last minutes (a pace of one every 75 s), five
 * customers waiting to be greeted. Served in the call order — the VIP first — the VIP and the first plain
 * customer will be greeted in time; the three after them will not, and carry 预计超时 / "Likely to breach"
 * on the greeter's tablet and on the wall's clock list, long before their warning fires. When the one
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
  /** Greeted in time at the pace: the VIP (first in the call order though last to arrive), then P1. */
  inTime: string[];
  /** Expected to be greeted after their 300 s clock falls due. */
  likely: string[];
}

/**
 * Targets 300 s / 180 s, pace 12 in 15 minutes = 75 s a greeting. The k-th in the call order is expected
 * k × 75 s from now against a due of 300 s − their wait: the VIP (waited 5 s, its VIP-host clock due in
 * 175 s) at 75 s; P1 (waited 90 s, due in 210 s) at 150 s; P2 (85 s, due in 215 s) at 225 s; P3 (30 s)
 * at 300 s; P4 (10 s) at 375 s. Each in-time customer has a minute or more to spare; none of them is past
 * the 80 % warning yet.
 */
async function buildQueue(h: Hall): Promise<Queue> {
  const now = Date.now();
  const ago = (s: number) => new Date(now - s * 1000).toISOString();
  const greeter = await h.http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  for (let i = 0; i < 12; i++) {
    const greetAt = 40 + i * 40;
    const v = await h.checkIn({ line: 'life', occurredAt: ago(greetAt + 30) });
    const r = await h.http.post(`/branches/t1/visits/${v.id}/greet`, { occurredAt: ago(greetAt) }, greeter);
    if (r.status !== 200) throw new Error(`greet ${v.ticket}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const p1 = await h.checkIn({ line: 'property', occurredAt: ago(90) });
  const p2 = await h.checkIn({ line: 'life', occurredAt: ago(85) });
  const p3 = await h.checkIn({ line: 'pension', occurredAt: ago(30) });
  const p4 = await h.checkIn({ line: 'property', occurredAt: ago(10) });
  const vip = await h.checkIn({ line: 'life', vip: {}, occurredAt: ago(5) });
  return { inTime: [vip.ticket, p1.ticket], likely: [p2.ticket, p3.ticket, p4.ticket] };
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
  hall = await openHall(browser, { timeZone: noonZone(), byHallHost: true });
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
    // Foreseen, not yet warned: their clocks still run.
    await expect(wall.riskRow(q.likely[2]!)).toHaveAttribute('data-state', 'running');
    await expect(m.page.getByTestId('no-greeter')).toBeHidden();
    await m.page.screenshot({ path: `${SCREENSHOTS}/foresight-tablet-${lang}.png` });
    await wall.page.screenshot({ path: `${SCREENSHOTS}/foresight-wall-${lang}.png` });
  }
  await wallContext.close();
});

test('the only greeter on a break: the tablet warns nobody greets, and every waiting customer is marked', async ({
  browser,
}) => {
  hall = await openHall(browser, { timeZone: noonZone(), byHallHost: true });
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
