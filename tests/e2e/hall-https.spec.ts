/**
 * What HTTPS is for: the kiosk opened by the hall's name over https (npm run cert's certificate) is a
 * secure context, keeps itself for offline reloads (service worker), and still opens when the server is
 * away. Chromium accepts the hall certificate the way a tablet that trusts the hall CA does — here by
 * the certificate's public-key pin, as Chromium on Linux has no per-launch CA option.
 */
import { test, expect, chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KIOSK_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';
import { HALL_HOST, hallLaunchOptions } from './support/hall-host.ts';

let server: RunningServer;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yingbin-e2e-tls-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/cert.ts', HALL_HOST, '--out', dir], {
    stdio: 'ignore',
  });
  server = await startServer({
    env: { YINGBIN_TLS_CERT: join(dir, 'server.crt'), YINGBIN_TLS_KEY: join(dir, 'server.key') },
  });
});
test.afterAll(() => server?.kill());

test('over https on the hall name the kiosk is a secure context, keeps itself offline and reopens without the server', async () => {
  const spki = new X509Certificate(readFileSync(join(dir, 'server.crt'))).publicKey.export({
    type: 'spki',
    format: 'der',
  });
  const pin = createHash('sha256').update(spki).digest('base64');
  const browser = await chromium.launch({
    ...hallLaunchOptions,
    args: [...hallLaunchOptions.args!, `--ignore-certificate-errors-spki-list=${pin}`],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1080, height: 1920 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const kiosk = new KioskPage(page, `https://${HALL_HOST}:${server.port}`);
    await kiosk.open();
    expect(await page.evaluate(() => ({ secure: window.isSecureContext, protocol: location.protocol }))).toEqual({
      secure: true,
      protocol: 'https:',
    });
    await kiosk.setUp(KIOSK_TOKEN);
    await kiosk.waitUntilOfflineReady();
    await server.kill();
    await page.reload();
    await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
    await expect(kiosk.branchName).toHaveText('测试营业厅');
  } finally {
    await browser.close();
  }
});
