/**
 * Pairing a wall and a kiosk in Chromium, over the hall's network (http://hall.yingbin.test, no secure
 * context): the manager opens 添加设备 on the staff console and reads the code; the device's set-up
 * screen takes it and starts working; the same code never pairs twice; the QR's address pairs by itself.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { api } from '../support/api.ts';
import { STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';
import { SCREENSHOTS, StaffTablet } from './pages/staff.ts';
import { WallPage } from './pages/wall.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';

test.use({ launchOptions: hallLaunchOptions });
test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let http: ReturnType<typeof api>;
let base: string;
let manager: StaffTablet;

test.beforeAll(async ({ browser }) => {
  server = await startServer();
  http = api(server.url);
  base = hallUrl(server.port, '');
  manager = await StaffTablet.open(browser, base);
  await manager.signIn(STAFF.manager.staffId, STAFF.manager.pin);
});
test.afterAll(async () => {
  await manager?.context.close();
  await server.kill();
});

/** The screenshots the README shows are refreshed from these runs. */
function publish(name: string): void {
  mkdirSync('docs/screenshots', { recursive: true });
  copyFileSync(`${SCREENSHOTS}/${name}.png`, `docs/screenshots/${name}.png`);
}

/** On the manager's console: 添加设备 → the device type (and name) → the code as the dialog shows it. */
async function makeCode(role: '取号机' | '大堂看板', label?: string): Promise<string> {
  const page = manager.page;
  await page.getByTestId('add-device').click();
  const dialog = page.getByTestId('pairing-dialog');
  await expect(dialog.getByRole('heading', { name: '添加设备' })).toBeVisible();
  await dialog.getByRole('radio', { name: role }).click();
  if (label) await dialog.getByLabel('设备名称（可选）').fill(label);
  await dialog.getByRole('button', { name: '生成配对码' }).click();
  const code = dialog.getByTestId('pairing-code');
  await expect(code).toHaveText(/^\d{6}$/);
  await expect(dialog.getByTestId('pairing-expiry')).toContainText('只能使用一次');
  await expect(dialog.getByTestId('pairing-qr')).toBeVisible();
  return (await code.textContent())!;
}

async function closeDialog(): Promise<void> {
  await manager.page.getByTestId('pairing-dialog').getByRole('button', { name: '完成' }).click();
  await expect(manager.page.getByTestId('pairing-dialog')).toHaveCount(0);
}

async function wallPage(browser: Browser): Promise<{ page: Page; wall: WallPage }> {
  const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const wall = new WallPage(page, base);
  return { page, wall };
}

test('a manager pairs a wall by code: the wall goes live, shows pushes, and keeps its token', async ({ browser }) => {
  const code = await makeCode('大堂看板', '大堂东侧看板');
  await expect(manager.page.getByTestId('pairing-dialog')).toContainText(`在大堂看板上打开 ${base}/wall/`);
  await manager.page.screenshot({ path: `${SCREENSHOTS}/device-pairing-console.png` });
  publish('device-pairing-console');

  const { page, wall } = await wallPage(browser);
  await wall.open();
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await page.getByLabel('配对码').fill(code);
  await page.screenshot({ path: `${SCREENSHOTS}/device-pairing-wall.png` });
  publish('device-pairing-wall');
  await page.getByRole('button', { name: '配对并开始' }).click();
  await wall.waitLive();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('测试营业厅');
  // The manager's dialog, still open, says the code has been taken and by which device.
  await expect(manager.page.getByTestId('pairing-expiry')).toHaveText('✓ 已配对：大堂东侧看板');
  await expect(manager.page.getByTestId('pairing-qr')).toBeHidden();
  await manager.page.screenshot({ path: `${SCREENSHOTS}/device-pairing-paired.png` });
  publish('device-pairing-paired');
  await closeDialog();

  // It works: a check-in made on the console's branch is pushed to it.
  const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  const v = (await http.post('/branches/t1/visits', { line: 'life' }, greeter)).body.visit as { ticket: string };
  await expect(wall.riskRow(v.ticket)).toBeVisible();
  // A reload keeps the paired token: no question again.
  await page.reload();
  await wall.waitLive();
  await expect(page.locator('#token-dialog')).not.toBeVisible();

  // The device is listed under its name, made by the manager.
  const token = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const devices = (await http.get('/branches/t1/devices', token)).body.devices as {
    role: string;
    label: string | null;
    createdBy: string;
  }[];
  expect(devices).toContainEqual(expect.objectContaining({ role: 'wall', label: '大堂东侧看板', createdBy: 'm01' }));

  // The same code on another screen is refused with the reason.
  const second = await wallPage(browser);
  await second.wall.open();
  await second.page.getByLabel('配对码').fill(code);
  await second.page.getByRole('button', { name: '配对并开始' }).click();
  await expect(second.wall.tokenError).toHaveText('该配对码已被其他设备使用，请主管重新生成');
  await page.context().close();
  await second.page.context().close();
});

test('a manager pairs a kiosk by code: it checks a customer in; a wrong code is refused on screen', async ({
  browser,
}) => {
  const code = await makeCode('取号机');
  await closeDialog();
  const ctx = await browser.newContext({
    viewport: { width: 1080, height: 1920 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await ctx.newPage();
  const kiosk = new KioskPage(page, base);
  await kiosk.open();
  await page.getByLabel('配对码').fill(code);
  await kiosk.shoot('device-pairing-kiosk');
  publish('device-pairing-kiosk');
  const wrong = code === '000000' ? '000001' : '000000';
  await page.getByLabel('配对码').fill(wrong);
  await page.getByRole('button', { name: '配对并开始' }).click();
  await expect(kiosk.error).toHaveText('配对码不正确，请核对6位数字，或请主管重新生成');
  await expect(page.getByLabel('配对码')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('配对码').fill(`${code.slice(0, 3)} ${code.slice(3)}`); // typed with a space, as the console spaces it
  await page.getByRole('button', { name: '配对并开始' }).click();
  await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
  await kiosk.chooseLine('太平养老');
  await kiosk.confirm();
  await expect(kiosk.ticketNumber).toHaveText(/^C\d{3}$/);
  await ctx.close();
});

test('the address in the QR pairs a wall by itself and drops the code from the address', async ({ browser }) => {
  const code = await makeCode('大堂看板');
  // What the QR encodes (the image itself is not decoded here; the API test checks the address it is made from).
  const url = (await manager.page.getByTestId('pairing-qr').getAttribute('data-url'))!;
  expect(url).toBe(`${base}/wall/?pair=${code}`);
  await closeDialog();
  const { page, wall } = await wallPage(browser);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(url);
  await wall.waitLive();
  expect(new URL(page.url()).search).toBe('');
  await page.reload();
  await wall.waitLive();
  await page.context().close();
});
