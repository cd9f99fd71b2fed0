/**
 * The manager's channels page in Chromium, opened by the hall's host name over plain HTTP: from the staff
 * tablet's 通知渠道 button, each channel with its masked address; 发送测试消息 shows 正在发送… and then the
 * outcome, and a real receiver on 127.0.0.1 gets a post whose signature it verifies. A failing robot's
 * reason is shown; English works the same; a greeter is told the page is for managers; a hall with no
 * channel is told how to add one.
 */
import { test, expect, type Browser } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { STAFF, testConfig } from '../support/config.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { ChannelsPage } from './pages/channels.ts';
import { SCREENSHOTS, StaffTablet } from './pages/staff.ts';
import { hallLaunchOptions, hallUrl } from './support/hall-host.ts';
import { expectAccessible } from './support/axe.ts';

test.use({ launchOptions: hallLaunchOptions });
test.describe.configure({ mode: 'serial' });

const SECRET = 'SECe2e-ding-secret-0123456789';
let server: RunningServer;
let ding: Receiver;
let hook: Receiver;
let base: string;

test.beforeAll(async () => {
  ding = await startReceiver('dingtalk', { secret: SECRET });
  hook = await startReceiver('webhook', { secret: 'hook-secret-0001', failFirst: 1 });
  server = await startServer({
    config: {
      ...testConfig(),
      notify: {
        publicUrl: 'http://hall.yingbin.test:8080',
        channels: [
          { id: 'hall-ding', kind: 'dingtalk', url: ding.url, events: ['breach', 'escalation'] },
          { id: 'ops-hook', kind: 'webhook', url: hook.url, secret: 'hook-secret-0001', branches: ['t1'] },
        ],
      },
    },
    env: { YINGBIN_SECRET_HALL_DING: SECRET },
  });
  base = hallUrl(server.port, '');
});
test.afterAll(async () => {
  await server?.kill();
  await ding?.close();
  await hook?.close();
});

/** The screenshots the README shows are refreshed from these runs. */
function publish(name: string): void {
  mkdirSync('docs/screenshots', { recursive: true });
  copyFileSync(`${SCREENSHOTS}/${name}.png`, `docs/screenshots/${name}.png`);
}

async function managerFromTablet(browser: Browser, lang: 'zh' | 'en' = 'zh') {
  const tablet = await StaffTablet.open(browser, base, { lang });
  await tablet.signIn(STAFF.manager.staffId, STAFF.manager.pin);
  await expect(tablet.page.getByTestId('channels-link')).toHaveText(lang === 'zh' ? '通知渠道' : 'Channels');
  await tablet.page.screenshot({ path: `${SCREENSHOTS}/channels-tablet-${lang}.png` });
  await tablet.page.getByTestId('channels-link').click();
  await expect(tablet.page).toHaveURL(`${base}/channels/`);
  return { tablet, channels: new ChannelsPage(tablet.page) };
}

test('from the manager’s tablet: the channels, a test message sent and verified, a failure’s reason', async ({
  browser,
}) => {
  const { tablet, channels } = await managerFromTablet(browser);
  const page = tablet.page;
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await expect(page.getByRole('heading', { name: '通知渠道' })).toBeVisible();
  const card = channels.card('hall-ding');
  await expect(card).toContainText('钉钉');
  await expect(card).toContainText('超时、超时升级');
  await expect(card.getByTestId('secret')).toHaveText('已设置');
  await expect(card.getByTestId('url')).toHaveText(/access_token=[0-9a-f]{4}\*\*\*\*$/);
  await expect(card.getByTestId('no-posts')).toHaveText('尚无发送记录');
  expect(await page.content()).not.toContain(SECRET);

  // Hold the test request until the page has said it is sending.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/notify/channels/hall-ding/test', async (route) => {
    await held;
    await route.continue();
  });
  await channels.testButton('hall-ding').click();
  await expect(channels.outcome('hall-ding')).toHaveText('正在发送…');
  await expect(channels.testButton('hall-ding')).toBeDisabled();
  release();
  await expect(channels.outcome('hall-ding')).toHaveText('✓ 已送达');
  await page.unroute('**/api/v1/notify/channels/hall-ding/test');

  expect(ding.posts).toHaveLength(1);
  expect(ding.posts[0]!.verified).toBe(true);
  const words = (ding.posts[0]!.body as { markdown: { text: string } }).markdown.text;
  expect(words).toContain('【测试消息】');
  expect(words).toContain('赵敏（m01）');
  await expect(channels.posts('hall-ding')).toHaveCount(1);
  await expect(channels.posts('hall-ding').first()).toContainText('测试消息');
  await expect(channels.posts('hall-ding').first()).toContainText('成功');

  await channels.testButton('ops-hook').click();
  await expect(channels.outcome('ops-hook')).toHaveText(/^发送失败：HTTP 500/);
  await expect(channels.card('ops-hook').getByTestId('failures')).toHaveText('1 次');
  await expect(channels.posts('ops-hook').first()).toContainText('发送失败：HTTP 500');
  await expectAccessible(page, 'channels (zh)');
  await page.screenshot({ path: `${SCREENSHOTS}/channels-zh.png`, fullPage: true });
  publish('channels-zh');

  await channels.testButton('ops-hook').click();
  await expect(channels.outcome('ops-hook')).toHaveText('✓ 已送达');
  expect(hook.posts.map((p) => p.verified)).toEqual([true, true]);
  await tablet.context.close();
});

test('in English, the same page and the same test', async ({ browser }) => {
  const { tablet, channels } = await managerFromTablet(browser, 'en');
  await expect(tablet.page.getByRole('heading', { name: 'Notification channels' })).toBeVisible();
  await expect(channels.card('hall-ding')).toContainText('DingTalk');
  await expect(channels.card('hall-ding').getByTestId('secret')).toHaveText('set');
  await channels.testButton('hall-ding').click();
  await expect(channels.outcome('hall-ding')).toHaveText('✓ Delivered');
  await expect(channels.posts('hall-ding').first()).toContainText('Test message');
  expect(ding.posts.at(-1)!.verified).toBe(true);
  await expectAccessible(tablet.page, 'channels (en)');
  await tablet.page.screenshot({ path: `${SCREENSHOTS}/channels-en.png`, fullPage: true });
  publish('channels-en');
  await tablet.context.close();
});

test('a greeter’s tablet session is refused by the server and the page says the page is for managers', async ({
  browser,
}) => {
  const tablet = await StaffTablet.open(browser, base);
  await tablet.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await expect(tablet.page.getByTestId('channels-link')).toHaveCount(0);
  const forbidden = tablet.page.waitForResponse((r) => r.url().endsWith('/api/v1/notify/channels'));
  await tablet.page.goto(`${base}/channels/`);
  expect((await forbidden).status()).toBe(403);
  const channels = new ChannelsPage(tablet.page);
  await expect(channels.signInNote).toHaveText('通知渠道仅限主管查看和测试，请使用主管账号登录');
  // A manager may sign in right there.
  await channels.signIn(STAFF.manager.staffId, STAFF.manager.pin);
  await expect(channels.card('hall-ding')).toBeVisible();
  await tablet.context.close();
});

test('a hall with no channel is told how to add one', async ({ browser }) => {
  const bare = await startServer();
  try {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(hallUrl(bare.port, '/channels/'));
    const channels = new ChannelsPage(page);
    await channels.signIn(STAFF.manager.staffId, STAFF.manager.pin);
    await expect(channels.noChannels).toContainText('尚未配置通知渠道');
    await expect(channels.noChannels).toContainText('notify.channels');
    await context.close();
  } finally {
    await bare.kill();
  }
});
