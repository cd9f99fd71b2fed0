/**
 * The kiosk loses no arrival when the server is away: check-ins are kept in IndexedDB with the moment
 * they happened, survive a reload, and reach the server exactly once, oldest first, with their real
 * arrival times, when it comes back on the same address.
 */
import { test, expect } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';

let server: RunningServer;

test.use({ viewport: { width: 1080, height: 1920 } });
test.setTimeout(180_000);

test.beforeEach(async () => {
  server = await startServer({ receptionSeconds: 300, vipSeconds: 180 });
});

test.afterEach(async () => {
  await server?.kill();
});

test('three check-ins while the server is down (one after a reload) arrive exactly once with their real times', async ({
  page,
}) => {
  const kiosk = new KioskPage(page, server.url);
  await kiosk.open();
  await kiosk.setUp(KIOSK_TOKEN);
  await kiosk.waitUntilOfflineReady();
  const port = server.port;

  await server.kill();

  // 1: a plain check-in.
  await kiosk.chooseLine('太平财险');
  const first = Date.now();
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('临-001');
  await expect(page.getByTestId('kept-message')).toHaveText('已登记，工作人员会主动为您服务');
  await expect(kiosk.offlineBadge).toBeVisible();
  await expect(kiosk.pendingBadge).toHaveText('1 位登记待发送');
  await kiosk.shoot('kiosk-offline-ticket');
  await kiosk.done();

  // 2: a VIP with special needs: everything the customer said is kept, not only the line.
  await kiosk.chooseLine('太平人寿');
  await kiosk.identifyAsVip('66668888');
  await kiosk.need('孕妇').click();
  await page.waitForTimeout(1200); // distinct arrival instants
  const second = Date.now();
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('临-002');
  await expect(kiosk.pendingBadge).toHaveText('2 位登记待发送');
  await kiosk.done();

  // The kiosk page is reloaded while the server is still away: it opens, and forgets nothing.
  await page.reload();
  await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
  await expect(kiosk.branchName).toHaveText('测试营业厅');
  await expect(kiosk.pendingBadge).toHaveText('2 位登记待发送');

  // 3: after the reload.
  await kiosk.chooseLine('太平养老');
  await page.waitForTimeout(1200);
  const third = Date.now();
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('临-003');
  await expect(kiosk.offlineBadge).toBeVisible();
  await expect(kiosk.pendingBadge).toHaveText('3 位登记待发送');
  await kiosk.done();

  // Some time passes before the server is back, so a late arrival time would show.
  await page.waitForTimeout(4000);
  server = await server.restart({ port });
  expect(server.port).toBe(port);

  await expect(kiosk.pendingBadge).toHaveCount(0, { timeout: 30_000 });
  await expect(kiosk.offlineBadge).toHaveCount(0, { timeout: 30_000 });
  // Another retry round or two: still nothing doubled.
  await page.waitForTimeout(7000);

  const staff = await api(server.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
  const { body } = await api(server.url).get('/branches/t1/visits?state=all', staff);
  const visits = [...body.visits].sort((a: any, b: any) => Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt));
  expect(visits, 'exactly three visits, none lost, none doubled').toHaveLength(3);
  expect(new Set(visits.map((v: any) => v.arrivedAt)).size).toBe(3);

  const [v1, v2, v3] = visits;
  const near = (iso: string, at: number) =>
    expect(Math.abs(Date.parse(iso) - at), `${iso} vs ${new Date(at).toISOString()}`).toBeLessThanOrEqual(2000);
  near(v1.arrivedAt, first);
  near(v2.arrivedAt, second);
  near(v3.arrivedAt, third);
  expect(v1).toMatchObject({ line: 'property', vip: false, specialNeeds: [], state: 'waiting' });
  expect(v2).toMatchObject({ line: 'life', vip: true, memberNo: '****8888', specialNeeds: ['pregnant'] });
  expect(v2.vipIdentifiedAt).toBe(v2.arrivedAt);
  expect(v3).toMatchObject({ line: 'pension', vip: false });
  // Sent oldest first, so the real tickets follow the order of arrival within each series.
  expect(v1.ticket).toBe('A001');
  expect(v2.ticket).toBe('V001');
  expect(v3.ticket).toBe('C001');
  // Each visit keeps the provisional number its customer holds, for every screen and call.
  expect(visits.map((v: any) => v.provisionalTicket)).toEqual(['临-001', '临-002', '临-003']);

  // The clocks started at the real arrival; the server also kept when it received each one.
  for (const v of visits) {
    const details = await api(server.url).get(`/branches/t1/visits/${v.id}`, staff);
    const reception = details.body.visit.rules.find((r: any) => r.id === 'reception');
    expect(reception.startedAt).toBe(v.arrivedAt);
    const checkIn = details.body.events.find((e: any) => e.type === 'checked-in');
    expect(checkIn.recordedAt - checkIn.occurredAt, 'received well after it happened').toBeGreaterThan(3000);
  }

  // Back online, the next customer gets a real ticket at once.
  await kiosk.chooseLine('太平财险');
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText('A002');
});
