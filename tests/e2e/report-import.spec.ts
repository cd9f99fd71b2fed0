/**
 * The report page's import section, the way a hall manager uses it: Chromium opens the page by the hall's
 * host name over plain HTTP, picks a CSV, and follows the import to its end — in Chinese and in English;
 * a file with bad rows lists each by line and imports nothing.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { STAFF, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const HOST = 'hall.yingbin.test';
const HEADER =
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs';

const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const config = testConfig();
      config.limits.bodyBytes = 0;
      const server = await startServer({ config });
      await use(server);
      await server.kill();
    },
    { scope: 'worker' },
  ],
});
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  },
});

/** `n` past visits of 2 March 2024, a minute apart from 08:00, each greeted within 4 minutes. */
function csv(n: number, prefix: string): string {
  const rows = [HEADER];
  for (let i = 0; i < n; i++) {
    const at = (min: number) =>
      new Date(Date.UTC(2024, 2, 2, 0, 0) + (i + min) * 60_000).toISOString().replace('Z', '+00:00');
    rows.push([`${prefix}-${i}`, 'life', at(0), '', at(4), 'g01', 'greeter', '', '', at(20), '', ''].join(','));
  }
  return rows.join('\n');
}

async function signIn(page: Page, server: RunningServer): Promise<void> {
  await page.goto(`http://${HOST}:${server.port}/report/?date=2024-03-02`);
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '导入历史数据' })).toBeVisible();
}

test('a manager imports a CSV from the report page and follows it to the end', async ({ page, server }) => {
  const file = { name: 'march.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(600, 'm')) };
  await signIn(page, server);
  await page.getByLabel('导入文件').setInputFiles(file);
  await page.getByRole('button', { name: '开始导入' }).click();
  const status = page.locator('#import-status');
  await expect(status).toHaveText('导入完成：新增 600 条，已存在 0 条，跳过有误的行 0 条。', { timeout: 60_000 });
  await expect(page.locator('#import-progress')).toHaveJSProperty('value', 600);
  await page.screenshot({ path: 'docs/screenshots/report-import-zh.png', fullPage: true });

  // The report shows the imported day.
  const http = api(server.url);
  const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  expect((await http.get('/branches/t1/reports/daily?date=2024-03-02', manager)).body.arrivals).toBe(600);

  // The same file again, in English: nothing new.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Import past visits' })).toBeVisible();
  await page.getByLabel('File to import').setInputFiles(file);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(status).toHaveText('Done: 0 imported, 600 already there, 0 bad rows skipped.', { timeout: 60_000 });
  await page.getByRole('button', { name: '中文' }).click();
});

test('a file with bad rows lists each by line and imports nothing', async ({ page, server }) => {
  const lines = csv(3, 'bad').split('\n');
  lines[2] = lines[2]!.replace('g01,greeter', 'x01,greeter'); // staff of the other branch
  lines.push('bad-9,life,2099-01-01T09:00:00+08:00,,,,,,,,2099-01-01T09:05:00+08:00,'); // in the future
  const file = { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) };
  await signIn(page, server);
  await page.getByLabel('导入文件').setInputFiles(file);
  await page.getByRole('button', { name: '开始导入' }).click();
  await expect(page.locator('#import-status')).toHaveText('文件中有 2 行有误，未导入任何数据。', { timeout: 60_000 });
  const errors = page.locator('#import-errors li');
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toContainText('第 3 行：greeted_by "x01" is staff of branch t2');
  await expect(errors.nth(1)).toContainText('第 5 行：arrived_at lies in the future');
  await page.screenshot({ path: 'docs/screenshots/report-import-refused.png', fullPage: true });
  const http = api(server.url);
  const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const visits = (await http.get('/branches/t1/visits?state=all&date=2024-03-02', manager)).body.visits as {
    ticket: string;
  }[];
  expect(visits.filter((v) => v.ticket.startsWith('bad-'))).toEqual([]);
});
