/** The report page in Chromium shows the same numbers as the JSON, prints, and exports the CSV. */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { api } from '../support/api.ts';
import { STAFF } from '../support/config.ts';

const CSV = [
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs',
  'e2e-1,property,2024-03-01T09:00:00+08:00,,2024-03-01T09:05:00+08:00,g01,greeter,,,2024-03-01T09:20:00+08:00,,',
  'e2e-2,property,2024-03-01T09:10:00+08:00,,2024-03-01T09:15:01+08:00,g02,greeter,,,2024-03-01T09:30:00+08:00,,',
  'e2e-3,life,2024-03-01T10:00:00+08:00,,,,,,,,2024-03-01T10:04:00+08:00,',
  'e2e-4,life,2024-03-01T10:00:00+08:00,2024-03-01T10:00:00+08:00,2024-03-01T10:02:00+08:00,v01,vip-host,,,2024-03-01T10:20:00+08:00,,elderly',
  'e2e-5,pension,2024-02-28T11:00:00+08:00,,2024-02-28T11:01:00+08:00,g01,greeter,,,2024-02-28T11:20:00+08:00,,',
].join('\n');

test.beforeAll(async ({ server }) => {
  const http = api(server.url);
  const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const res = await fetch(`${server.url}/api/v1/branches/t1/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'text/csv' },
    body: CSV,
  });
  expect(res.status).toBe(200);
});

async function signIn(page: import('@playwright/test').Page, url: string, who: { staffId: string; pin: string }) {
  await page.goto(`${url}/report/?date=2024-03-01`);
  await page.getByLabel(/工号/).fill(who.staffId);
  await page.getByLabel(/密码/).fill(who.pin);
  await page.getByRole('button', { name: '登录' }).click();
}

test('the page shows the numbers of the JSON report', async ({ page, server }) => {
  const http = api(server.url);
  const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const json = (await http.get('/branches/t1/reports/daily?date=2024-03-01', manager)).body;
  // Worked out by hand: met 300 s (inclusive) and 120 s, breached 301 s, excluded → 2/3.
  expect(json.rules.reception).toMatchObject({ eligible: 4, met: 2, breached: 1, excluded: 1, compliance: { numerator: 2, denominator: 3 } });

  await signIn(page, server.url, STAFF.manager);
  const reception = page.locator('[data-rule="reception"]');
  // 2/3 = 66.66… % shown rounded DOWN: 66.6 %.
  await expect(reception.locator('.compliance')).toHaveText('66.6%');
  for (const key of ['eligible', 'met', 'breached', 'excluded'] as const) {
    await expect(reception.locator(`[data-figure="${key}"]`)).toHaveText(String(json.rules.reception[key]));
  }
  await expect(reception.locator('[data-figure="median"]')).toHaveText(`${json.rules.reception.timeToGreet.median} 秒`);
  await expect(reception.locator('[data-figure="p90"]')).toHaveText(`${json.rules.reception.timeToGreet.p90} 秒`);
  const vip = page.locator('[data-rule="vip-reception"]');
  await expect(vip.locator('.compliance')).toHaveText('100.0%');
  const breachRows = page.locator('#breaches tbody tr');
  await expect(breachRows).toHaveCount(json.breaches.length);
  await expect(breachRows.first()).toContainText('e2e-2');
  await expect(breachRows.first()).toContainText('09:15:01');
  await expect(page.locator('#heading')).toContainText('2024-03-01');
  // The previous 7 days: 02-28 had one met greeting (1/1 = 100.0%); 02-29 had nobody (—).
  await expect(page.locator('#days tbody tr').filter({ hasText: '2024-02-28' })).toContainText('100.0%');
  await expect(page.locator('#days tbody tr').filter({ hasText: '2024-02-29' })).toContainText('—');
  await expect(page.locator('#hours-chart')).toBeVisible();

  // English switch: the same numbers, other words.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('End-of-day report · reception times');
  await expect(reception.locator('.compliance')).toHaveText('66.6%');
});

test('the CSV export downloads the report with a BOM', async ({ page, server }) => {
  await signIn(page, server.url, STAFF.manager);
  await expect(page.locator('[data-rule="reception"] .compliance')).toHaveText('66.6%');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /CSV/ }).click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('2/3 (66.6%)');
  // Print: the controls are hidden on paper.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#pick')).toBeHidden();
  await expect(page.locator('[data-rule="reception"] .compliance')).toBeVisible();
});

test('a greeter is told the report is for managers', async ({ page, server }) => {
  await signIn(page, server.url, STAFF.greeter);
  await expect(page.getByRole('alert')).toContainText('仅限经理');
  await expect(page.locator('#report')).toBeHidden();
});
