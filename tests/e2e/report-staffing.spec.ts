/**
 * The report page's staffing by hour (issue 17), opened as the hall opens it — by a hall host name over plain
 * HTTP — on the month of tests/support/report-staffing.ts: the chart and the table set arrivals against the
 * forecast and on duty against needed, the two hours a greeter was missing marked short beside their breaches,
 * in Chinese and in English.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { STAFF } from '../support/config.ts';
import { DAY, seedStaffingMonth, staffingConfig } from '../support/report-staffing.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';

const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer({ config: staffingConfig() });
      const manager = await api(server.url).login(STAFF.manager.staffId, STAFF.manager.pin);
      await seedStaffingMonth(server, manager);
      await use(server);
      await server.kill();
    },
    { scope: 'worker' },
  ],
});
test.use({ launchOptions: hallLaunchOptions });

const shots = process.env.YINGBIN_SCREENSHOTS ?? 'test-results/screenshots';

/** The table's rows as text, cell by cell. */
const rows = (page: Page) =>
  page
    .locator('#staffing tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));

test('staffing by hour: arrivals vs forecast, on duty vs needed, short hours beside their breaches', async ({
  page,
  server,
}) => {
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(hallUrl(server.port, `/report/?date=${DAY}`));
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();

  const figure = page.locator('#staffing-figure');
  await expect(figure.locator('figcaption')).toHaveText('人手与超时（分时段）');
  await expect(figure.locator('canvas')).toBeVisible();
  await expect(page.locator('#staffing thead')).toContainText('在岗引导员 / 需要引导员');
  await expect(page.locator('#staffing thead')).toContainText('在岗VIP专人 / 需要VIP专人');
  // From the first to the last hour with anything in it: 09:00 to 11:00.
  await expect
    .poll(() => rows(page))
    .toEqual([
      ['09:00', '4', '4', '2 / 2', '1 / 0', '0'],
      ['10:00', '10', '8', '1 / 2', '1 / 0', '4'],
      ['11:00', '6', '6', '1 / 3', '1 / 0', '6'],
    ]);
  // Greeters short at 10:00 and 11:00 (red), not at 09:00; VIP hosts never.
  const greeters = page.locator('#staffing tbody tr td:nth-child(4)');
  await expect(greeters.nth(0)).not.toHaveClass(/short/);
  await expect(greeters.nth(1)).toHaveClass(/short/);
  await expect(greeters.nth(2)).toHaveClass(/short/);
  await expect(page.locator('#staffing tbody td.short')).toHaveCount(2);
  await figure.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/report-staffing-zh.png`, fullPage: true });

  await page.getByRole('button', { name: 'English' }).click();
  await expect(figure.locator('figcaption')).toHaveText('Staffing and breaches by hour');
  await expect(page.locator('#staffing thead')).toContainText('Greeters on duty / Greeters needed');
  await expect(page.locator('#staffing thead')).toContainText('VIP hosts on duty / VIP hosts needed');
  await expect
    .poll(() => rows(page))
    .toEqual([
      ['09:00', '4', '4', '2 / 2', '1 / 0', '0'],
      ['10:00', '10', '8', '1 / 2', '1 / 0', '4'],
      ['11:00', '6', '6', '1 / 3', '1 / 0', '6'],
    ]);
  await page.screenshot({ path: `${shots}/report-staffing-en.png`, fullPage: true });
});
