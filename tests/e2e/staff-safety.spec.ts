/**
 * Staff safety on the tablet: irreversible steps (取消此号, 客户已离开, 过号) wait 5 seconds for an undo;
 * a second tap while offline adds nothing (one event on the server); the badge says offline when it is;
 * the console reloads without network from its offline shell; the last PIN attempt is announced.
 */
import { expect, test } from '@playwright/test';
import { STAFF } from '../support/config.ts';
import { HALL_LAUNCH, openHall, type Hall } from './pages/staff.ts';

test.use({ launchOptions: HALL_LAUNCH });
test.setTimeout(120_000);

let hall: Hall;
test.afterEach(async () => hall?.close());

async function eventsOf(h: Hall, visitId: string): Promise<{ type: string }[]> {
  const token = await h.http.login(STAFF.manager.staffId, STAFF.manager.pin);
  return (await h.http.get(`/branches/t1/visits/${visitId}`, token)).body.events;
}
const stateOf = async (h: Hall, visitId: string) => {
  const token = await h.http.login(STAFF.manager.staffId, STAFF.manager.pin);
  return (await h.http.get(`/branches/t1/visits/${visitId}`, token)).body.visit.state as string;
};

test('过号, 客户已离开 and 取消此号 each wait 5 seconds with an undo; undone, nothing reaches the server', async ({
  browser,
}) => {
  hall = await openHall(browser, { byHallHost: true });
  const clerk = await hall.tablet();
  await clerk.signIn(STAFF.counter.staffId, STAFF.counter.pin);
  const called = await hall.checkIn({ line: 'life' });
  const waiting = await hall.checkIn({ line: 'property' });
  await clerk.chooseCounter('1');
  await clerk.callNext();
  const card = clerk.counterCard(called.ticket);
  await expect(card).toBeVisible();
  // Within each undo window the tablet's clock stands still: its seconds pass only as the test moves it on
  // (runFor also runs the page's own zero-delay renders).
  await clerk.page.clock.install();
  // Paused a second ahead of the running page clock (pausing at a past instant is refused).
  const stopClock = async () => clerk.page.clock.pauseAt(await clerk.page.evaluate(() => Date.now() + 1000));

  // 过号, then 撤销 within the 5 seconds: the customer is still called, nothing was sent.
  await stopClock();
  await card.locator('[data-action="no-show"]').click();
  await clerk.page.clock.runFor(1);
  const undo = clerk.undoToast(`${called.ticket} 过号`);
  await expect(undo).toContainText(/秒后生效/);
  await expect(card.locator('[data-action="start"]')).toBeDisabled();
  await clerk.page.clock.runFor(4_000);
  await undo.locator('[data-action="undo"]').click();
  await clerk.page.clock.runFor(1);
  await expect(clerk.toast(`已撤销：${called.ticket} 过号`)).toBeVisible();
  await expect(card.locator('[data-action="start"]')).toBeEnabled();
  await clerk.page.clock.runFor(6_000); // well past the 5 seconds: still nothing sent
  expect(await stateOf(hall, called.id)).toBe('called');
  expect((await eventsOf(hall, called.id)).map((e) => e.type)).not.toContain('no-show');
  await clerk.page.clock.resume();

  // 客户已离开 from the sheet, undone the same way.
  await clerk.openSheet(waiting.ticket);
  await stopClock();
  await clerk.sheet.locator('[data-action="leave"]').click();
  await clerk.page.clock.runFor(1);
  await clerk.undoToast(`${waiting.ticket} 已离开`).locator('[data-action="undo"]').click();
  await clerk.page.clock.runFor(6_000);
  expect(await stateOf(hall, waiting.id)).toBe('waiting');
  await clerk.page.clock.resume();

  // 取消此号 left alone: nothing a moment before the 5 seconds are up, then sent, exactly once.
  await clerk.openSheet(waiting.ticket);
  await stopClock();
  await clerk.sheet.locator('[data-action="cancel"]').click();
  await clerk.page.clock.runFor(1);
  await expect(clerk.undoToast(`取消 ${waiting.ticket}`)).toBeVisible();
  await clerk.page.clock.runFor(4_899);
  await expect(clerk.undoToast(`取消 ${waiting.ticket}`)).toBeVisible();
  expect(await stateOf(hall, waiting.id)).toBe('waiting');
  await clerk.page.clock.runFor(100);
  await expect.poll(() => stateOf(hall, waiting.id)).toBe('cancelled');
  await expect(clerk.toast(`已完成：取消 ${waiting.ticket}`)).toBeVisible();
  expect((await eventsOf(hall, waiting.id)).filter((e) => e.type === 'cancelled')).toHaveLength(1);
  await clerk.page.clock.resume();

  // And 过号 left alone goes through too.
  await stopClock();
  await card.locator('[data-action="no-show"]').click();
  await clerk.page.clock.runFor(5_000);
  await expect.poll(() => stateOf(hall, called.id)).toBe('no-show');
  await clerk.page.clock.resume();
  await expect(card).toHaveCount(0);
});

test('offline: the badge says so, a second tap on 接待 adds nothing, and the greeting is applied once when back', async ({
  browser,
}) => {
  hall = await openHall(browser, { byHallHost: true });
  const a = await hall.tablet();
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  const v = await hall.checkIn({ line: 'life' });
  await expect(a.waitingCard(v.ticket)).toBeVisible();

  await a.context.setOffline(true);
  await expect(a.connection).toHaveText(/^离线 · 正在重连 · 最后更新 \d\d:\d\d:\d\d$/);
  await expect(a.connection).toHaveAttribute('data-connected', 'false');
  const greet = a.waitingCard(v.ticket).locator('[data-action="greet"]');
  await greet.click();
  await expect(a.pending).toContainText('1 项操作待发送');
  // The button rests while its tap is on its way; a tap on it again does nothing.
  await expect(greet).toBeDisabled();
  await expect(greet).toHaveText('发送中…');
  await greet.dispatchEvent('click');
  await a.page.waitForTimeout(1500);
  await expect(a.pending).toContainText('1 项操作待发送');
  await expect(a.connection).toHaveAttribute('data-connected', 'false');

  await a.context.setOffline(false);
  await expect(a.pending).toBeHidden({ timeout: 15_000 });
  await expect(a.connection).toHaveText('● 实时', { timeout: 15_000 });
  await expect(a.mineCard(v.ticket)).toBeVisible();
  expect((await eventsOf(hall, v.id)).filter((e) => e.type === 'greeted')).toHaveLength(1);
});

test('the last PIN attempt is announced before it locks', async ({ browser }) => {
  hall = await openHall(browser, { byHallHost: true });
  const a = await hall.tablet();
  for (let i = 1; i <= 3; i++) {
    await a.enter(STAFF.manager.staffId, '0000');
    await expect(a.signInMessage).toHaveText(`工号或密码错误，还可再试 ${5 - i} 次`);
  }
  await a.enter(STAFF.manager.staffId, '0000');
  await expect(a.signInMessage).toHaveText('工号或密码错误，还可再试 1 次，再错将锁定 5 分钟');
  await a.enter(STAFF.manager.staffId, '0000');
  await expect(a.signInMessage).toHaveText(/^密码错误次数过多[,，]账号已锁定 5 分钟$/);
});
