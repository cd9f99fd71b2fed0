/** The report page in Chromium shows the same numbers as the JSON, prints, and exports the CSV. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer } from '../support/server.ts';

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

async function signIn(page: Page, url: string, who: { staffId: string; pin: string }) {
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
  expect(json.rules.reception).toMatchObject({
    eligible: 4,
    met: 2,
    breached: 1,
    excluded: 1,
    compliance: { numerator: 2, denominator: 3 },
  });

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
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /导出 Excel/ }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
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

/** A4 is 210 mm wide; the page's print margins are 12 mm each side: 186 mm of paper for the report. */
const A4_CONTENT_PX = Math.floor((186 / 25.4) * 96);

/** Elements whose right edge passes the given width (what would be cut off on paper). */
async function wider(page: Page, width: number): Promise<string[]> {
  return page.evaluate((w) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > w + 0.5)
        out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} right ${Math.round(r.right)}`);
    }
    if (document.documentElement.scrollWidth > w) out.push(`page ${document.documentElement.scrollWidth} px wide`);
    return out;
  }, width);
}

const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

test('the report opens on today, with the sign-in card gone once signed in', async ({ page, server }) => {
  const http = api(server.url);
  expect((await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).status).toBe(201);
  await page.goto(`${server.url}/report/`);
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await expect(page.locator('#date')).toHaveValue(today);
  await expect(page.locator('#heading')).toContainText(today);
  await expect(page.locator('#sign-in')).toBeHidden();
  await expect(page.getByRole('heading', { name: '经理登录' })).toBeHidden();
  await expect(page.locator('[data-rule="reception"] [data-figure="eligible"]')).toHaveText('1');
  await expect(page.locator('#status')).not.toHaveText(/没有客户/);
  // Labels as a hall manager reads them: no accounting words.
  await expect(page.locator('[data-rule="reception"] .figures')).toContainText('纳入考核的客户');
  await expect(page.locator('[data-rule="reception"] .figures')).not.toContainText('应计');
});

test('a busy morning prints on A4 with nothing cut, and the summary prints on one page', async ({ page, server }) => {
  // 60 customers greeted 6 minutes after arriving on 2024-03-05: 60 breaches to list.
  const rows = Array.from({ length: 60 }, (_, i) => {
    const at = new Date(Date.parse('2024-03-05T09:00:00+08:00') + i * 120_000);
    const iso = (d: Date) =>
      new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00').replace('.000', '');
    return `busy-${i},${['property', 'life', 'pension'][i % 3]},${iso(at)},,${iso(new Date(at.getTime() + 360_000))},g01,greeter,,,${iso(new Date(at.getTime() + 900_000))},,`;
  });
  const manager = await api(server.url).login(STAFF.manager.staffId, STAFF.manager.pin);
  const res = await fetch(`${server.url}/api/v1/branches/t1/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'text/csv' },
    body: [CSV.split('\n')[0], ...rows].join('\n'),
  });
  expect(res.status).toBe(200);

  // A printer lays the page out again at paper width without telling the charts (no resize reaches
  // Chart.js): so here the charts are not told either, and keep the size they were drawn at on screen.
  await page.addInitScript(() => {
    const Real = window.ResizeObserver;
    const w = window as unknown as { ResizeObserver: unknown; printing?: boolean };
    w.ResizeObserver = class extends Real {
      constructor(callback: ResizeObserverCallback) {
        super((entries, observer) => (w.printing ? undefined : callback(entries, observer)));
      }
    };
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}/report/?date=2024-03-05`);
  await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
  await page.getByLabel(/密码/).fill(STAFF.manager.pin);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('#breaches tbody tr')).toHaveCount(60);
  await expect(page.locator('#days-chart')).toBeVisible();

  // On paper: the A4 width between the margins holds everything, charts included.
  await page.evaluate(() => ((window as unknown as { printing: boolean }).printing = true));
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
  await expect(page.locator('#pick')).toBeHidden();
  expect(await wider(page, A4_CONTENT_PX)).toEqual([]);
  const chart = await page.locator('#days-chart').boundingBox();
  expect(chart!.x + chart!.width).toBeLessThanOrEqual(A4_CONTENT_PX);
  const full = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdfPages(full), 'the full report lists every breach').toBeGreaterThan(1);

  // The summary-only choice: headline figures and charts, one page.
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('只打印摘要（一页）').check();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
  await expect(page.locator('#breaches')).toBeHidden();
  await expect(page.locator('[data-rule="reception"] .compliance')).toHaveText('0.0%');
  expect(await wider(page, A4_CONTENT_PX)).toEqual([]);
  await page.screenshot({
    path: `${process.env.YINGBIN_SCREENSHOTS ?? 'test-results/screenshots'}/report-print-summary.png`,
    fullPage: true,
  });
  const summary = await page.pdf({ format: 'A4', printBackground: true, path: 'test-results/report-summary.pdf' });
  expect(pdfPages(summary)).toBe(1);
});

test('rule headings follow the configured targets, on the page and in the CSV', async ({ page }) => {
  const server = await startServer({ receptionSeconds: 240, vipSeconds: 120 });
  try {
    const http = api(server.url);
    expect((await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).status).toBe(201);
    await page.goto(`${server.url}/report/`);
    await page.getByLabel(/工号/).fill(STAFF.manager.staffId);
    await page.getByLabel(/密码/).fill(STAFF.manager.pin);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.locator('[data-rule="reception"] h3')).toHaveText('进厅4分钟内接待引导');
    await expect(page.locator('[data-rule="vip-reception"] h3')).toHaveText('VIP表明身份2分钟内专人接待');
    await expect(page.locator('#days thead')).toContainText('进厅4分钟内接待引导');
    await expect(page.locator('body')).not.toContainText('5分钟');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('[data-rule="reception"] h3')).toHaveText('Greeted within 4 minutes of arrival');

    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const csv = await (
      await fetch(`${server.url}/api/v1/branches/t1/reports/daily?date=${today}&format=csv`, {
        headers: { Authorization: `Bearer ${manager}` },
      })
    ).text();
    expect(csv).toContain('进厅4分钟内接待引导');
    expect(csv).toContain('VIP表明身份2分钟内专人接待');
    expect(csv).not.toContain('5分钟');
  } finally {
    await server.kill();
  }
});
