/**
 * 一次性告知 on the kiosk (issue 19 item 2), as the hall runs it — by the hall host name at 1080×1920, in
 * Chinese and English: the confirm screen tells the chosen line's steps and papers at once, the printed
 * ticket lists them compactly, and an edit of the configuration reaches the running kiosk.
 */
import { expect, test } from '@playwright/test';
import { editConfig } from '../support/live.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { hallLaunchOptions } from './support/hall-host.ts';
import { LIFE_GUIDE, customerHallConfig, expectFits, openKiosk } from './support/kiosk-customer.ts';

test.use({ launchOptions: hallLaunchOptions });
test.setTimeout(120_000);

let server: RunningServer;
test.beforeEach(async () => {
  server = await startServer({ config: customerHallConfig() });
});
test.afterEach(async () => server?.kill());

for (const lang of ['zh', 'en'] as const) {
  test(`the confirm screen and the printed ticket tell the line's steps and papers (${lang})`, async ({ browser }) => {
    const kiosk = await openKiosk(browser, server.port, lang);
    const page = kiosk.page;
    const words = LIFE_GUIDE;
    await kiosk.chooseLine(lang === 'zh' ? '太平人寿' : 'Taiping Life');
    const guide = page.getByTestId('guide');
    await expect(guide.getByRole('heading', { level: 2 })).toHaveText(
      lang === 'zh' ? '办理须知（一次告知）' : 'Before you start: everything at once',
    );
    await expect(guide.getByTestId('guide-steps').locator('li')).toHaveText(words.steps[lang]);
    await expect(guide.getByTestId('guide-papers').locator('li')).toHaveText(words.papers[lang]);
    await expectFits(page, 'confirm with a guide');
    await kiosk.shoot(`kiosk-guide-confirm-${lang}`);

    // The slip: hidden on the screen (the customer has just read it), printed under the number.
    await kiosk.confirm();
    const slip = page.getByTestId('slip-guide');
    await expect(slip).toBeHidden();
    await page.emulateMedia({ media: 'print' });
    await expect(slip).toBeVisible();
    await expect(slip.locator('.slip-papers')).toHaveText(
      lang === 'zh'
        ? '请携带：身份证原件、保险合同、银行卡（本人）'
        : 'Please bring: Your ID card (original), The policy, Your own bank card',
    );
    await expect(slip.locator('.slip-step')).toHaveText(words.steps[lang].map((s, i) => `${i + 1}. ${s}`));
    await kiosk.shoot(`kiosk-guide-print-${lang}`);
    await page.emulateMedia({ media: 'screen' });

    // A line without a guide shows none.
    await kiosk.done();
    if (lang === 'en') await kiosk.switchLanguage();
    await kiosk.chooseLine(lang === 'zh' ? '太平财险' : 'Taiping General Insurance');
    await expect(page.getByTestId('guide')).toHaveCount(0);
    await page.context().close();
  });
}

test('a guide edited in the configuration file reaches the running kiosk without a restart', async ({ browser }) => {
  const kiosk = await openKiosk(browser, server.port);
  const page = kiosk.page;
  await kiosk.chooseLine('太平人寿');
  await expect(page.getByTestId('guide-papers').locator('li')).toHaveText(LIFE_GUIDE.papers.zh);
  editConfig(server, (c) => {
    c.branches[0].lines[1].guide.papers = {
      zh: ['身份证原件', '户口本'],
      en: ['Your ID card (original)', 'Household register'],
    };
    c.branches[0].lines[0].guide = { steps: { zh: ['先到一号窗口登记'], en: ['Register at counter 1 first'] } };
  });
  // The kiosk fetches its branch with each ping (10 s): the screen in front of the customer changes by itself.
  await expect(page.getByTestId('guide-papers').locator('li')).toHaveText(['身份证原件', '户口本'], {
    timeout: 30_000,
  });
  await kiosk.page.getByTestId('back').click();
  await kiosk.chooseLine('太平财险');
  await expect(page.getByTestId('guide-steps').locator('li')).toHaveText(['先到一号窗口登记']);
  await page.context().close();
});
