/**
 * 请工作人员协助 (issue 19 item 4) as the hall runs it: the kiosk at 1080×1920 and two staff tablets, all by
 * the hall host name. The button on an elder screen checks the customer in asking for help, or flags the
 * visit of a ticket just taken; within 2 s every tablet of the branch shows the toast 需要协助 · ticket and
 * the highlighted card, and the special-needs rule's clock runs under its configured name.
 */
import { expect, test, type Browser } from '@playwright/test';
import { STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { StaffTablet } from './pages/staff.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';
import { customerHallConfig, expectAccessible, lastSpoken, openKiosk, spoken } from './support/kiosk-customer.ts';

test.use({ launchOptions: hallLaunchOptions });
test.setTimeout(180_000);

let server: RunningServer;
test.beforeEach(async () => {
  server = await startServer({ config: customerHallConfig() });
});
test.afterEach(async () => server?.kill());

async function tablets(browser: Browser): Promise<StaffTablet[]> {
  const out: StaffTablet[] = [];
  for (const who of [STAFF.greeter, STAFF.greeter2]) {
    const tablet = await StaffTablet.open(browser, hallUrl(server.port, ''));
    await tablet.signIn(who.staffId, who.pin);
    await expect(tablet.connection).toHaveAttribute('data-connected', 'true', { timeout: 20_000 });
    out.push(tablet);
  }
  return out;
}

test('asked before a ticket: checked in asking for help, on every tablet within 2 s with the special-needs clock', async ({
  browser,
}) => {
  const staff = await tablets(browser);
  const kiosk = await openKiosk(browser, server.port);
  const page = kiosk.page;
  await page.getByTestId('elder-mode').click();
  await expect(page.getByTestId('elder-line')).toBeVisible();
  const count = (await spoken(page)).length;

  await page.getByTestId('help').click();
  // Nobody chose a line yet: the first line's ticket; the greeter who comes corrects it if needed.
  for (const tablet of staff) {
    await expect(tablet.toasts.locator('[data-kind="help"]')).toHaveText(/^需要协助 · A001/, { timeout: 2000 });
  }
  const coming = page.getByTestId('elder-help-coming');
  await expect(coming.getByRole('heading', { level: 1 })).toHaveText('已通知工作人员');
  await expect(kiosk.ticketNumber).toHaveText('A001');
  expect((await lastSpoken(page, count)).text).toBe(
    '已通知工作人员，马上有人过来帮助您，请在原地稍候。您的号码是 A 0 0 1。',
  );
  await expectAccessible(page, 'elder: help coming');
  await kiosk.shoot('kiosk-elder-help-coming');

  for (const tablet of staff) {
    const card = tablet.waitingList.locator('[data-ticket="A001"]');
    await expect(card).toHaveClass(/help-requested/);
    await expect(card.getByTestId('mark-help')).toHaveText('需要协助');
    await expect(card.getByTestId('clock-rule')).toContainText(['特殊客户2分钟内主动帮助']);
  }
  await staff[0]!.page.screenshot({ path: 'test-results/screenshots/staff-help-requested.png' });

  // Greeted: the card is an ordinary one of mine; the mark stays with the visit (it asked for help).
  await staff[0]!.greet('A001');
  await expect(staff[0]!.waitingList.locator('[data-ticket="A001"]')).toHaveCount(0);
  for (const t of staff) await t.context.close();
  await page.context().close();
});

test('asked on the ticket screen: the visit just taken is flagged, on the tablet within 2 s (English kiosk)', async ({
  browser,
}) => {
  const [tablet] = await tablets(browser);
  const kiosk = await openKiosk(browser, server.port, 'en');
  const page = kiosk.page;
  await page.getByTestId('elder-mode').click();
  await page.getByTestId('elder-line').locator('[data-line="life"]').click();
  await page.getByTestId('answer-no').click();
  await page.getByTestId('answer-no').click();
  await page.getByTestId('submit').click();
  await expect(kiosk.ticketNumber).toHaveText('B001');
  const card = tablet!.waitingList.locator('[data-ticket="B001"]');
  await expect(card).toBeVisible();
  await expect(card).not.toHaveClass(/help-requested/);

  await page.getByTestId('ticket').getByTestId('help').click();
  await expect(tablet!.toasts.locator('[data-kind="help"]')).toHaveText(/^需要协助 · B001/, { timeout: 2000 });
  await expect(card).toHaveClass(/help-requested/);
  await expect(page.getByTestId('elder-help-coming').getByRole('heading', { level: 1 })).toHaveText(
    'Staff are on their way',
  );
  await expectAccessible(page, 'elder: help coming (en)');
  await tablet!.context.close();
  await page.context().close();
});
