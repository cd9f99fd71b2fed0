/**
 * The console's offline shell: on https or localhost a service worker keeps the page, so a tablet that
 * reloads while the server is away opens the console (not the browser's error page), says it is offline
 * and does not pretend nobody is waiting; when the server is back it is live again by itself.
 * (At the hall's plain-HTTP host name there is no service worker; staff-safety.spec.ts covers that host.)
 */
import { expect, test } from '@playwright/test';
import { STAFF } from '../support/config.ts';
import { openHall, SCREENSHOTS, type Hall } from './pages/staff.ts';

test.setTimeout(120_000);

let hall: Hall;
test.afterEach(async () => hall?.close());

test('a reload while the server is away opens the console from its offline shell, honest about it', async ({
  browser,
}) => {
  hall = await openHall(browser);
  const a = await hall.tablet();
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await expect(a.page.locator('body[data-offline-ready="true"]')).toHaveCount(1, { timeout: 15_000 });
  const port = hall.server.port;

  await hall.server.kill();
  await a.page.reload();
  await expect(a.page.getByTestId('me')).toHaveText('王芳（g01）');
  await expect(a.connection).toHaveAttribute('data-connected', 'false');
  await expect(a.connection).not.toHaveText(/实时/);
  await expect(a.page.getByText('尚未连上服务器，名单暂不可用').first()).toBeVisible();
  await expect(a.page.getByText('暂无待接待的客户')).toHaveCount(0);
  await expect(a.page.getByTestId('waiting-count')).toHaveText('—');
  await a.page.screenshot({ path: `${SCREENSHOTS}/staff-offline-reload.png` });

  hall.server = await hall.server.restart({ port });
  const v = await hall.checkIn({ line: 'life' });
  await expect(a.connection).toHaveText('● 实时', { timeout: 30_000 });
  await expect(a.waitingCard(v.ticket)).toBeVisible();
});
