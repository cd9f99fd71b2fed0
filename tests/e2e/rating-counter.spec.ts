/**
 * 请您评价 on the counter tablet (issue 19 item 3), as the hall runs it — tablets and the report opened by the
 * hall host name over plain HTTP: the clerk completes a service, the counter view offers 请您评价, the
 * customer gives 2 stars, a tag and a comment on the full-screen rating screen; the manager's tablet shows
 * the complaint with the ticket, the clerk and the words, and the report's 满意度 block counts the rating.
 * In Chinese and in English (the customer's screen is bilingual, Chinese first, either way).
 */
import { expect, test } from '@playwright/test';
import { STAFF } from '../support/config.ts';
import { hallUrl as hallUrlOf } from './support/hall-host.ts';
import { HALL_LAUNCH, openHall, SCREENSHOTS, type Hall } from './pages/staff.ts';
import { expectAccessible } from './support/axe.ts';

test.use({ launchOptions: HALL_LAUNCH });
test.setTimeout(150_000);

let hall: Hall;
test.afterEach(async () => hall?.close());

const TEXT = {
  zh: {
    offer: '请您评价',
    complaint: '客户投诉/差评',
    served: '办理：张伟',
    stars: '2星',
    signIn: { id: '工号', pin: '密码', go: '登录' },
    satisfaction: '满意度',
  },
  en: {
    offer: 'Ask for a rating',
    complaint: 'Complaint',
    served: 'served by 张伟',
    stars: '2 stars',
    signIn: { id: 'Staff id', pin: 'PIN', go: 'Sign in' },
    satisfaction: 'Satisfaction',
  },
} as const;

for (const lang of ['zh', 'en'] as const) {
  test(`complete → 请您评价 → 2 stars and a comment → the manager sees the complaint; the report counts it (${lang})`, async ({
    browser,
  }) => {
    const words = TEXT[lang];
    hall = await openHall(browser, { byHallHost: true });
    const clerk = await hall.tablet({ lang });
    const manager = await hall.tablet({ lang });
    await clerk.signIn(STAFF.counter.staffId, STAFF.counter.pin);
    await manager.signIn(STAFF.manager.staffId, STAFF.manager.pin);
    const v = await hall.checkIn({ line: 'life' });
    await clerk.chooseCounter('2');
    await clerk.callNext();
    const card = clerk.counterCard(v.ticket);
    await card.locator('[data-action="start"]').click();
    await card.locator('[data-action="complete"]').click();
    await expect(card).toHaveCount(0);

    // The counter view offers the rating for the customer just served; the screen turns to the customer.
    const offer = clerk.page.getByTestId('rate-offer');
    await expect(offer).toContainText(v.ticket);
    await offer.getByRole('button', { name: words.offer }).click();
    const screen = clerk.page.getByTestId('rate-screen');
    await expect(screen).toBeVisible();
    await expect(screen.getByRole('heading')).toHaveText(/^请您评价\s*Please rate our service$/);
    // Submitting without stars asks for them first, nothing is sent.
    await screen.getByTestId('rate-submit').click();
    await expect(screen.getByTestId('rate-error')).toHaveText('请先选择星级 · Please choose the stars first');
    await screen.locator('[data-score="2"]').click();
    await expect(screen.locator('.rate-star.on')).toHaveCount(2);
    await screen.locator('[data-tag="long-wait"]').click();
    await expect(screen.locator('[data-tag="long-wait"]')).toHaveAttribute('aria-pressed', 'true');
    const comment = '等了很久才办理，柜台说明也不清楚';
    await screen.getByTestId('rate-comment').fill(comment);
    await expectAccessible(clerk.page, `counter rating screen (${lang})`);
    await clerk.page.screenshot({ path: `${SCREENSHOTS}/rating-counter-${lang}.png` });
    await screen.getByTestId('rate-submit').click();
    await expect(screen.getByTestId('rate-thanks')).toHaveText(/感谢您的评价！\s*Thank you for your rating!/);
    await expect(screen).toBeHidden({ timeout: 10_000 });

    // The manager's tablet: the complaint with the ticket, the stars, the clerk and the customer's words.
    const row = manager.page.locator(`[data-testid="complaint"][data-ticket="${v.ticket}"]`);
    await expect(row).toContainText(words.complaint);
    await expect(row).toContainText(words.stars);
    await expect(row).toContainText(words.served);
    await expect(row.getByTestId('complaint-comment')).toHaveText(comment);
    // The clerk (not a manager) gets no complaint list with the words.
    await expect(clerk.page.getByTestId('complaint')).toHaveCount(0);
    await manager.page.screenshot({ path: `${SCREENSHOTS}/rating-complaint-manager-${lang}.png` });
    // Acknowledged like a breach, it leaves the list.
    await row.locator('[data-action="ack-complaint"]').click();
    await expect(row).toHaveCount(0);

    // The report's 满意度: one rating of 2 stars.
    const report = await manager.context.newPage();
    await report.setViewportSize({ width: 1280, height: 1400 });
    await report.goto(hallUrlOf(hall.server.port, '/report/'));
    await report.getByLabel(words.signIn.id).fill(STAFF.manager.staffId);
    await report.getByLabel(words.signIn.pin).fill(STAFF.manager.pin);
    await report.getByRole('button', { name: words.signIn.go }).click();
    const block = report.locator('#satisfaction');
    await expect(block.locator('#satisfaction-average')).toHaveText('2.00');
    await expect(report.locator('#satisfaction-figure canvas')).toBeVisible();
    await expect(report.locator('#satisfaction-figure figcaption')).toHaveText(words.satisfaction);
    const firstTable = block.locator('table').first();
    await expect(firstTable.locator('tbody tr').first().locator('td')).toHaveText(
      lang === 'zh'
        ? ['全部评价', '1', '2.00', '0', '1', '0', '0', '0']
        : ['All ratings', '1', '2.00', '0', '1', '0', '0', '0'],
    );
    await expect(block.locator('table').nth(1)).toContainText('张伟 (c01)');
    await report.locator('#satisfaction-figure').scrollIntoViewIfNeeded();
    await report.screenshot({ path: `${SCREENSHOTS}/report-satisfaction-${lang}.png`, fullPage: true });
  });
}
