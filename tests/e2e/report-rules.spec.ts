/**
 * The report page with a rule beyond the two built-ins (docs/rules.md §6: the example special-needs-help, clocks written by
 * tests/support/third-rule.ts), opened as the hall opens it — by a hall host name over plain HTTP: the
 * rule has its own card named as configured, in Chinese and English, and a column in the hourly table.
 */
import { test as base, expect } from '@playwright/test';
import { STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { THIRD_RULE, thirdRuleDay, writeVisits } from '../support/third-rule.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';

const DAY = '2024-03-01';
const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await writeVisits(server, thirdRuleDay(DAY));
      await use(server);
      await server.kill();
    },
    { scope: 'worker' },
  ],
});
test.use({ launchOptions: hallLaunchOptions });

test('a configured third rule has its own card and column, named as configured', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(hallUrl(server.port, `/report/?date=${DAY}`));
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();

  const card = page.locator(`[data-rule="${THIRD_RULE.id}"]`);
  await expect(card.locator('h3')).toHaveText(THIRD_RULE.name.zh);
  // Met 1, breached 1, excluded 1: 1/2 = 50.0 %.
  await expect(card.locator('.compliance')).toHaveText('50.0%');
  await expect(card.locator('[data-figure="eligible"]')).toHaveText('3');
  await expect(card.locator('[data-figure="median"]')).toHaveText('60 秒');
  await expect(page.locator('[data-rule="reception"] h3')).toHaveText('进厅5分钟内接待引导');
  await expect(page.locator('#hours thead')).toContainText(`达标率 · ${THIRD_RULE.name.zh}`);
  await expect(page.locator('#breaches tbody tr').first()).toContainText(THIRD_RULE.name.zh);
  await page.screenshot({ path: 'docs/screenshots/report-third-rule-zh.png', fullPage: true });

  await page.getByRole('button', { name: 'English' }).click();
  await expect(card.locator('h3')).toHaveText(THIRD_RULE.name.en);
  await expect(page.locator('#hours thead')).toContainText(THIRD_RULE.name.en);
});
