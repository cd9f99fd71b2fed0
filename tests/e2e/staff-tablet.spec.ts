/**
 * The manager's tablet in a busy hall, at the two tablet sizes a hall uses and in both languages, opened
 * the way the hall opens it (by the hall's host name over plain HTTP): nothing wider or taller than the
 * screen, the alert area at most a third of it with a count and a fold, the waiting list in view and
 * saying how many more are below, one alert row per customer with all their clocks, rules named from
 * configuration (240 s → 4分钟接待) — and a manager acknowledging from the tablet, seen on the wall.
 */
import { expect, test } from '@playwright/test';
import { STAFF, WALL_TOKEN } from '../support/config.ts';
import { busyHall, BUSY_HALL_CONFIG } from './support/busy-hall.ts';
import { HALL_LAUNCH, hallUrl, openHall, SCREENSHOTS, TABLETS, type Hall } from './pages/staff.ts';
import { WallPage } from './pages/wall.ts';

test.use({ launchOptions: HALL_LAUNCH });
test.setTimeout(150_000);

let hall: Hall;
test.afterEach(async () => hall?.close());

const TEXT = {
  zh: {
    count: (n: number, o: number) => `预警 ${n} 位客户（超时 ${o} 位）`,
    rule: '4分钟接待',
    vipRule: 'VIP 2分钟专人接待',
    more: /^下方还有 \d+ 位$/,
    collapse: '收起',
    expand: '展开',
  },
  en: {
    count: (n: number, o: number) => `Alerts: ${n} customers (${o} overdue)`,
    rule: 'Greeted within 4 minutes',
    vipRule: 'VIP host within 2 minutes',
    more: /^\d+ more below$/,
    collapse: 'Hide',
    expand: 'Show',
  },
} as const;

for (const [shape, viewport] of Object.entries(TABLETS)) {
  for (const lang of ['zh', 'en'] as const) {
    test(`a busy hall on the manager's ${viewport.width}×${viewport.height} tablet (${lang}): one screen, alerts a third of it at most, the waiting list in view`, async ({
      browser,
    }) => {
      hall = await openHall(browser, { ...BUSY_HALL_CONFIG, byHallHost: true });
      const busy = await busyHall(hall.server.url);
      const m = await hall.tablet({ viewport, lang });
      await m.signIn(STAFF.manager.staffId, STAFF.manager.pin);
      const words = TEXT[lang];

      await expect(m.page.getByTestId('waiting-count')).toHaveText(String(busy.waiting.length));
      // 15 overdue and 4 close to due, one row each; an escalated customer is one row, not three.
      await expect(m.alertCount).toHaveText(
        words.count(busy.breached.length + busy.warned.length, busy.breached.length),
      );
      await expect(m.banner.getByTestId('alert')).toHaveCount(busy.breached.length + busy.warned.length);
      for (const v of busy.escalated) await expect(m.alertRow(v.ticket)).toHaveAttribute('data-kind', 'escalation');
      // A VIP overdue on both clocks: one row naming both, from the configured targets.
      const vip = busy.breached[4]!;
      await expect(m.alertRow(vip.ticket)).toContainText(`${words.rule}、${words.vipRule}`);
      await expect(m.waitingCard(busy.plain[0]!.ticket).getByTestId('clock-rule')).toHaveText(words.rule);
      await expect(m.page.getByText(/5分钟|5 minutes|5-minute/)).toHaveCount(0);

      // One screen: the page never scrolls; the alert area keeps to a third; the controls are all reachable.
      await m.expectFitsScreen();
      const banner = (await m.banner.boundingBox())!;
      expect(banner.height).toBeLessThanOrEqual(viewport.height / 3 + 1);
      const first = m.waitingList.locator('[data-testid="waiting-card"]').first();
      await m.expectOnScreen(first);
      await m.expectOnScreen(first.locator('[data-action="greet"]'));
      await m.expectOnScreen(m.alertToggle);
      await m.expectOnScreen(m.banner.locator('[data-action="ack"]').first());
      for (const id of ['call-next', 'sign-out', 'duty-switch', 'my-counter', 'connection'])
        await m.expectOnScreen(m.page.getByTestId(id));
      await expect(m.page.getByTestId('waiting-column').getByTestId('more-below')).toHaveText(words.more);
      await m.page.screenshot({
        path:
          lang === 'zh'
            ? `docs/screenshots/staff-manager-busy-${shape}.png`
            : `${SCREENSHOTS}/staff-manager-busy-${shape}-en.png`,
      });

      // Folded to its one line, with the count still in view; unfolded again.
      await m.alertToggle.click();
      await expect(m.alertList).toHaveCount(0);
      await expect(m.alertCount).toBeVisible();
      await expect(m.alertToggle).toHaveText(words.expand);
      expect((await m.banner.boundingBox())!.height).toBeLessThan(100);
      await m.expectFitsScreen();
      await m.alertToggle.click();
      await expect(m.alertToggle).toHaveText(words.collapse);
      await expect(m.banner.getByTestId('alert')).toHaveCount(busy.breached.length + busy.warned.length);

      // The last customer of the list is reachable by the column's own scrolling.
      const last = m.waitingList.locator('[data-testid="waiting-card"]').last();
      await last.scrollIntoViewIfNeeded();
      await m.expectOnScreen(last.locator('[data-action="greet"]'));
      await m.expectFitsScreen();
    });
  }
}

test('a manager acknowledges an escalated customer from the tablet, and the wall shows it acknowledged', async ({
  browser,
}) => {
  hall = await openHall(browser, { ...BUSY_HALL_CONFIG, byHallHost: true });
  const overdue = await hall.checkIn({ line: 'life', occurredAt: new Date(Date.now() - 300_000).toISOString() });
  const wall = new WallPage(
    await (await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage(),
    hallUrl(hall.server),
  );
  await wall.open(WALL_TOKEN);
  await wall.waitLive();
  await expect(wall.alertItem(overdue.ticket, 'escalation')).toHaveAttribute('data-acknowledged', 'no', {
    timeout: 20_000,
  });

  const m = await hall.tablet();
  const greeter = await hall.tablet();
  await m.signIn(STAFF.manager.staffId, STAFF.manager.pin);
  await greeter.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  const row = m.alertRow(overdue.ticket);
  await expect(row).toHaveAttribute('data-kind', 'escalation');
  // Not a greeter's to acknowledge: no button on their tablet.
  await expect(greeter.alertRow(overdue.ticket)).toBeVisible();
  await expect(greeter.alertRow(overdue.ticket).locator('[data-action="ack"]')).toHaveCount(0);

  await row.locator('[data-action="ack"]').click();
  await expect(row.getByTestId('acknowledged')).toHaveText(/^已确认：赵敏（我） \d\d:\d\d$/);
  // The greeters see who is on it, by name.
  await expect(greeter.alertRow(overdue.ticket).getByTestId('acknowledged')).toHaveText(/^已确认：赵敏 \d\d:\d\d$/);
  await expect(row).toHaveAttribute('data-acknowledged', 'true');
  await expect(row.locator('[data-action="ack"]')).toHaveCount(0);
  await expect(wall.alertItem(overdue.ticket, 'escalation')).toHaveAttribute('data-acknowledged', 'yes');
  // Still on screen until someone greets the customer: acknowledging is not greeting.
  await expect(row.locator('[data-action="greet"]')).toBeVisible();
  const token = await hall.http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const alerts = (await hall.http.get('/branches/t1/alerts', token)).body.alerts as {
    visitId: string;
    kind: string;
    acknowledgedBy: string | null;
  }[];
  expect(
    alerts.filter((a) => a.visitId === overdue.id && a.kind !== 'resolved').every((a) => a.acknowledgedBy === 'm01'),
  ).toBe(true);
  await wall.page.context().close();
});
