/**
 * The regional wall (/region/) at a head office's 1920×1080 screen, opened by a host name over plain HTTP:
 * 24 halls, some with customers long past due (checked in as a kiosk replays an outage), the worst first,
 * totals exact, as many rows as fit and the rest counted; a breach in a quiet hall moves it to the top live.
 * Chinese and English; a manager without a region is told so.
 */
import { expect, test, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { SCREENSHOTS } from './pages/staff.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';

test.use({ launchOptions: hallLaunchOptions, viewport: { width: 1920, height: 1080 } });
test.describe.configure({ mode: 'serial' });

const HALLS = 24;
const id = (i: number) => `r${String(i).padStart(2, '0')}`;
const kiosk = (i: number) => `region-kiosk-token-${id(i)}-0000`;
/** Customers past due in each hall: the first five halls are in trouble, hall 1 the most. */
const pastDue = (i: number) => (i <= 5 ? 7 - i : 0);
const waitingFine = (i: number) => i % 3;

function config() {
  const base = testConfig({ receptionSeconds: 240, warnAt: [0.5] });
  const halls = Array.from({ length: HALLS }, (_, k) => k + 1);
  return {
    ...base,
    branches: [
      ...base.branches,
      ...halls.map((i) => ({
        id: id(i),
        name: { zh: `第${i}营业厅`, en: `Hall ${i}` },
        lines: [{ id: 'life', name: { zh: '太平人寿', en: 'Taiping Life' }, prefix: 'B' }],
        counters: ['1'],
        rules: { reception: { targetSeconds: 240, warnAt: [0.5] } },
      })),
    ],
    staff: [
      ...base.staff,
      { id: 'h01', name: '钱总', branch: 't1', roles: ['manager'], regions: ['east'], pin: '5555' },
    ],
    devices: [
      ...base.devices,
      ...halls.map((i) => ({ id: `kiosk-${id(i)}`, branch: id(i), role: 'kiosk', token: kiosk(i) })),
    ],
    regions: [{ id: 'east', name: { zh: '华东区', en: 'East region' }, branches: halls.map(id) }],
  };
}

let server: RunningServer;
let http: ReturnType<typeof api>;

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
const checkIn = async (i: number, occurredAt?: string) => {
  const r = await http.post(
    `/branches/${id(i)}/visits`,
    { line: 'life', ...(occurredAt ? { occurredAt } : {}) },
    kiosk(i),
  );
  expect(r.status).toBe(201);
};

test.beforeAll(async () => {
  server = await startServer({ config: config() });
  http = api(server.url);
  for (let i = 1; i <= HALLS; i++) {
    for (let k = 0; k < pastDue(i); k++) await checkIn(i, ago(600 + k * 20));
    for (let k = 0; k < waitingFine(i); k++) await checkIn(i);
  }
});
test.afterAll(() => server.kill());

async function signIn(page: Page, who = 'h01', pin = '5555'): Promise<void> {
  await page.goto(hallUrl(server.port, '/region/'));
  await page.fill('#staff-id', who);
  await page.fill('#pin', pin);
  await page.click('#sign-in button[type=submit]');
}

for (const lang of ['zh', 'en'] as const) {
  test(`shows the region worst first, exact totals, as many halls as fit (${lang})`, async ({ page }) => {
    await page.addInitScript((l) => localStorage.setItem('yingbin.lang', l), lang);
    await signIn(page);
    const rows = page.locator('#rows tr');
    await expect(rows.first()).toHaveAttribute('data-branch', 'r01');
    const order = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.branch));
    expect(order.slice(0, 5)).toEqual(['r01', 'r02', 'r03', 'r04', 'r05']);
    await expect(rows.first().locator('td.count').first()).toHaveText('6');
    const breaches = [1, 2, 3, 4, 5].reduce((n, i) => n + pastDue(i), 0);
    await expect(page.locator('#totals')).toHaveText(
      lang === 'zh'
        ? `共 ${HALLS} 个营业厅 · 当前超时 ${breaches} 人次 · 0 个营业厅人手不足`
        : `${HALLS} branches · ${breaches} past due now · 0 branches short of staff`,
    );
    // Every row on screen, none cut; the halls that did not fit are counted.
    const shown = await rows.count();
    const box = await rows.last().boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(1080);
    if (shown < HALLS)
      await expect(page.locator('#more')).toContainText(
        lang === 'zh' ? `另有 ${HALLS - shown} 个营业厅` : `${HALLS - shown} more`,
      );
    await expect(rows.first()).toContainText(lang === 'zh' ? '第1营业厅' : 'Hall 1');
    await expect(rows.first()).toContainText(lang === 'zh' ? '4分钟接待' : '4 min');
    await page.screenshot({ path: `${SCREENSHOTS}/region-${lang}.png` });
  });
}

test('moves a quiet hall to the top the moment its customers are past due', async ({ page }) => {
  await signIn(page);
  const rows = page.locator('#rows tr');
  await expect(rows.first()).toHaveAttribute('data-branch', 'r01');
  for (let k = 0; k < 8; k++) await checkIn(20, ago(700 + k * 10));
  await expect(rows.first()).toHaveAttribute('data-branch', 'r20', { timeout: 2000 });
  await expect(rows.first().locator('td.count').first()).toHaveText('8');
});

test('tells a manager without a region what to ask for', async ({ page }) => {
  await signIn(page, 'm01', '9999');
  await expect(page.locator('#message')).toContainText('staff[].regions');
});
