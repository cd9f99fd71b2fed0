/**
 * The kiosk and the staff console by keyboard alone (issue 19 item 5): Tab, Shift-Tab, Enter and Space,
 * the pages opened by the hall's host name. The focus is visible at every stop, a new screen starts the
 * reader at its heading, and the staff console's sheet keeps the focus inside while open and gives it
 * back to the button that opened it when closed with Escape.
 */
import { test, expect, type Page } from '@playwright/test';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';
import { HALL_LAUNCH, openHall, SCREENSHOTS, TABLETS, type Hall } from './pages/staff.ts';
import { hallUrl } from './support/hall-host.ts';
import { expectFocused, expectFocusVisible, tabTo } from './support/keyboard.ts';

test.use({ launchOptions: HALL_LAUNCH });
test.setTimeout(150_000);

test.describe('the kiosk', () => {
  let server: RunningServer;
  test.beforeEach(async () => {
    server = await startServer({ receptionSeconds: 300, vipSeconds: 180 });
  });
  test.afterEach(async () => server?.kill());

  test('a customer takes a VIP ticket with a special need and prints it, keyboard only', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
    const page = await context.newPage();
    // The ticket printer: record the print instead of opening the browser's dialog.
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void (window as unknown as { printed: number }).printed++;
    });
    const kiosk = new KioskPage(page, hallUrl(server.port, ''));
    await kiosk.open();

    // Set-up: the token typed into its field, saved with Enter on the button.
    await tabTo(page, page.getByLabel('设备令牌'));
    await page.keyboard.type(KIOSK_TOKEN);
    await tabTo(page, page.getByTestId('setup-save'));
    await page.keyboard.press('Enter');
    const welcome = page.getByRole('heading', { name: '欢迎光临' });
    await expect(welcome).toBeVisible();
    await expectFocused(welcome);

    // The language button on the red bar shows its focus too (a white ring there).
    await tabTo(page, kiosk.langButton, { back: true });
    await page.screenshot({ path: `${SCREENSHOTS}/keyboard-kiosk-lang.png` });

    // Start: Tab past 太平财险 to 太平人寿, Shift-Tab back to 太平财险 and forward again; Enter chooses.
    const life = page.locator('button[data-line="life"]');
    await tabTo(page, life);
    await tabTo(page, page.locator('button[data-line="property"]'), { back: true });
    await tabTo(page, life);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('chosen-line')).toHaveText('太平人寿');
    await expectFocused(page.getByRole('heading', { name: '请确认' }));

    // VIP yes: Space on the button, the number typed, Enter in the field confirms it.
    await tabTo(page, page.getByTestId('vip-button'));
    await page.keyboard.press('Space');
    const field = page.getByLabel('会员号或卡号');
    await tabTo(page, field);
    await page.keyboard.type('6222020000123456');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('vip-number')).toContainText('3456');

    // Special needs: Space toggles, the focus stays on the toggle it pressed.
    const elderly = page.locator('[data-need="elderly"]');
    await tabTo(page, elderly);
    await page.keyboard.press('Space');
    await expect(elderly).toHaveAttribute('aria-pressed', 'true');
    await expectFocused(elderly);
    await expectFocusVisible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/keyboard-kiosk-need.png` });

    // Confirm with Enter: the ticket prints; print it again with Enter.
    await tabTo(page, page.getByTestId('submit'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('ticket')).toBeVisible({ timeout: 15_000 });
    await expect(kiosk.ticketNumber).toHaveText(/^V\d+$/); // a VIP ticket
    await expect(page.getByTestId('ticket-line')).toContainText('太平人寿');
    const printed = () => page.evaluate(() => (window as unknown as { printed: number }).printed);
    await expect.poll(printed).toBe(1); // the ticket prints by itself; 重新打印 prints it again
    await tabTo(page, page.getByRole('button', { name: '重新打印' }));
    await page.keyboard.press('Enter');
    await expect.poll(printed).toBe(2);
    // 完成 with Space: back at the start, ready for the next customer.
    await tabTo(page, page.getByTestId('done'));
    await page.keyboard.press('Space');
    await expectFocused(welcome);
    await context.close();
  });
});

test.describe('the staff console', () => {
  let hall: Hall;
  test.afterEach(async () => hall?.close());

  test('a greeter signs in, greets, calls, works the sheet and closes it with Escape, keyboard only', async ({
    browser,
  }) => {
    hall = await openHall(browser, { receptionSeconds: 300, vipSeconds: 180, byHallHost: true });
    const first = await hall.checkIn({ line: 'life' });
    const second = await hall.checkIn({ line: 'property' });
    const tablet = await hall.tablet({ viewport: TABLETS.landscape });
    const page: Page = tablet.page;

    // Sign in: the staff id typed, the PIN on the keypad with Enter and Space, 登录 with Enter.
    await tabTo(page, page.getByLabel('工号'));
    await page.keyboard.type(STAFF.greeter.staffId);
    const keypad = page.getByRole('group', { name: '数字键盘' });
    await tabTo(page, keypad.getByRole('button', { name: '1', exact: true }));
    for (const key of ['Enter', 'Space', 'Enter', 'Space']) await page.keyboard.press(key);
    await tabTo(page, page.getByRole('button', { name: '登录', exact: true }));
    await page.keyboard.press('Enter');
    await expect(tablet.connection).toHaveText(/^● 实时$/, { timeout: 10_000 });

    // My counter chosen with the arrow keys.
    const counter = tablet.page.getByTestId('my-counter');
    await tabTo(page, counter);
    await page.keyboard.press('ArrowDown');
    await expect(counter).not.toHaveValue('');

    // Greet the first customer with Enter: they move to my customers.
    await tabTo(page, tablet.waitingCard(first.ticket).locator('[data-action="greet"]'), { max: 40 });
    await page.keyboard.press('Enter');
    const mine = tablet.mineCard(first.ticket);
    await expect(mine).toBeVisible();
    // The card left the waiting list under the focus: it moves to the next customer's 接待, not to nowhere.
    await expectFocused(tablet.waitingCard(second.ticket).locator('[data-action="greet"]'));
    await expectFocusVisible(page);

    // Open the sheet with Enter: the focus is inside it, and Tab and Shift-Tab never leave it.
    const more = mine.locator('[data-action="more"]');
    await tabTo(page, more, { max: 40 });
    await page.keyboard.press('Enter');
    await expect(tablet.sheet).toBeVisible();
    const inSheet = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="sheet"]'));
    expect(await inSheet()).toBe(true);
    const stops = await tablet.sheet.locator('button:not([disabled]), select, input').count();
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < stops + 2; i++) {
        await page.keyboard.press(key);
        await expectFocusVisible(page);
        expect(await inSheet(), `${key} ×${i + 1} left the open sheet`).toBe(true);
      }
    }
    await page.screenshot({ path: `${SCREENSHOTS}/keyboard-staff-sheet.png` });
    // Escape closes it and the focus is back on 更多, where the greeter was.
    await page.keyboard.press('Escape');
    await expect(tablet.sheet).toBeHidden();
    await expectFocused(more);

    // Act in the sheet: call the customer to counter 2 with Space; the focus comes back to their card.
    await page.keyboard.press('Enter');
    await expect(tablet.sheet).toBeVisible();
    await tabTo(page, tablet.sheet.locator('[data-counter="2"]'));
    await page.keyboard.press('Space');
    await expect(tablet.sheet).toBeHidden();
    await expect(mine.getByTestId('where')).toHaveText('已叫号 · 在 2 号窗口');
    await expectFocused(more);
    await expectFocusVisible(page);
  });
});
