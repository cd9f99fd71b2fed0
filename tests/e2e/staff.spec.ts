/**
 * The staff tablet console in real Chromium against the real server: two greeters on two tablets, a
 * kiosk checking customers in through the API.
 */
import { expect, test } from '@playwright/test';
import { STAFF } from '../support/config.ts';
import { openHall, SCREENSHOTS, type Hall } from './pages/staff.ts';

let hall: Hall;
test.afterEach(async () => hall?.close());

test('signs in on the keypad, keeps the session over a reload, and signs out in one tap', async ({ browser }) => {
  hall = await openHall(browser);
  const a = await hall.tablet();
  await expect(a.page.getByRole('heading', { name: '迎宾 · 员工登录' })).toBeVisible();
  await a.page.screenshot({ path: `${SCREENSHOTS}/staff-signin.png` });
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await expect(a.page.getByTestId('me')).toHaveText('王芳（g01）');
  await a.page.reload();
  await expect(a.connection).toHaveText('● 实时');
  await expect(a.page.getByTestId('me')).toHaveText('王芳（g01）');
  const token = await a.page.evaluate(() => JSON.parse(localStorage.getItem('yingbin.staff.session')!).token as string);
  expect((await hall.http.get('/auth/me', token)).status).toBe(200);
  await a.page.getByTestId('sign-out').click();
  await expect(a.page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await a.page.reload();
  await expect(a.page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  // The session is over on the server too, not only forgotten by the tablet.
  await expect.poll(async () => (await hall.http.get('/auth/me', token)).status).toBe(401);
});

test('five wrong PINs lock the id for five minutes, and the screen says so', async ({ browser }) => {
  hall = await openHall(browser);
  const a = await hall.tablet();
  for (let i = 1; i <= 4; i++) {
    await a.enter(STAFF.manager.staffId, '0000');
    await expect(a.signInMessage).toContainText('工号或密码错误');
    await a.signInMessage.evaluate((el) => (el.textContent = ''));
  }
  await a.enter(STAFF.manager.staffId, '0000');
  await expect(a.signInMessage).toHaveText('密码错误次数过多，账号已锁定 5 分钟');
  // Even the right PIN is refused while the lock lasts.
  await a.enter(STAFF.manager.staffId, STAFF.manager.pin);
  await expect(a.signInMessage).toHaveText('密码错误次数过多，账号已锁定 5 分钟');
  await expect(a.connection).toHaveCount(0);
});

test('a check-in appears on both tablets, and a greeting on one shows on the other within a second', async ({
  browser,
}) => {
  hall = await openHall(browser);
  const [a, b] = [await hall.tablet(), await hall.tablet()];
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await b.signIn(STAFF.greeter2.staffId, STAFF.greeter2.pin);

  const plain = await hall.checkIn({ line: 'life' });
  const vip = await hall.checkIn({ line: 'property', vip: {} });
  const elderly = await hall.checkIn({ line: 'pension', specialNeeds: ['elderly'] });
  for (const t of [a, b]) {
    await expect(t.waitingCard(plain.ticket)).toBeVisible();
    await expect(t.waitingCard(plain.ticket)).toContainText('太平人寿');
    await expect(t.waitingCard(vip.ticket).getByTestId('mark-vip')).toBeVisible();
    await expect(t.waitingCard(elderly.ticket).getByTestId('mark-special')).toHaveText('行动不便的老年人');
    await expect(t.countdown(plain.ticket)).toHaveClass(/state-running/);
    await expect(t.countdown(plain.ticket)).toHaveText(/^剩余 [45]:\d\d$/);
  }
  await a.page.screenshot({ path: `${SCREENSHOTS}/staff-console.png` });

  await a.greet(plain.ticket);
  await expect(a.mineCard(plain.ticket)).toContainText('首问负责人：王芳（我）');
  await expect(b.waitingCard(plain.ticket)).toHaveCount(0, { timeout: 1000 });
  await expect(b.hallRow(plain.ticket)).toContainText('负责：王芳', { timeout: 1000 });
  await expect(a.waitingCard(plain.ticket)).toHaveCount(0);
});

test('two tablets greeting the same customer at the same moment make exactly one owner', async ({ browser }) => {
  hall = await openHall(browser);
  const [a, b] = [await hall.tablet(), await hall.tablet()];
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await b.signIn(STAFF.greeter2.staffId, STAFF.greeter2.pin);
  const v = await hall.checkIn({ line: 'life' });
  const buttons = [a, b].map((t) => t.waitingCard(v.ticket).locator('[data-action="greet"]'));
  for (const btn of buttons) await expect(btn).toBeVisible();
  // Both taps leave before either reply comes back (a detached button still delivers its tap).
  const handles = await Promise.all(buttons.map((btn) => btn.elementHandle()));
  await Promise.all(handles.map((el) => el.evaluate((e) => (e as HTMLButtonElement).click())));

  const token = await hall.http.login(STAFF.counter.staffId, STAFF.counter.pin);
  await expect
    .poll(async () => (await hall.http.get(`/branches/t1/visits/${v.id}`, token)).body.visit.owner)
    .not.toBeNull();
  const { visit, events } = (await hall.http.get(`/branches/t1/visits/${v.id}`, token)).body;
  expect(events.filter((e: { type: string }) => e.type === 'greeted')).toHaveLength(1);
  const [winner, loser] = visit.owner === 'g01' ? [a, b] : [b, a];
  const winnerName = visit.owner === 'g01' ? '王芳' : '李强';
  await expect(winner.mineCard(v.ticket)).toBeVisible();
  await expect(loser.toast(`${v.ticket} 已由 ${winnerName} 接待`)).toBeVisible();
  await expect(loser.mineCard(v.ticket)).toHaveCount(0);
  await expect(loser.hallRow(v.ticket)).toContainText(`负责：${winnerName}`);
});

test('call next takes VIPs, then special needs, then arrival order', async ({ browser }) => {
  hall = await openHall(browser);
  const a = await hall.tablet();
  await a.signIn(STAFF.counter.staffId, STAFF.counter.pin);
  const first = await hall.checkIn({ line: 'life' });
  const special = await hall.checkIn({ line: 'life', specialNeeds: ['pregnant'] });
  const second = await hall.checkIn({ line: 'property' });
  const vip = await hall.checkIn({ line: 'pension', vip: {} });
  await expect(a.waitingCard(vip.ticket)).toBeVisible();

  await a.callNext();
  await expect(a.toast('请先在顶部选择“我的窗口”')).toBeVisible();
  await a.chooseCounter('2');
  const order: string[] = [];
  for (const expected of [vip, special, first, second]) {
    await a.callNext();
    await expect(a.toast(`已叫 ${expected.ticket} 到 2 号窗口`)).toBeVisible();
    // Called to my counter: front and centre in the counter panel, with its counter steps.
    await expect(a.counterCard(expected.ticket)).toContainText('已叫号 · 在 2 号窗口');
    order.push(expected.ticket);
  }
  expect(order).toEqual([vip.ticket, special.ticket, first.ticket, second.ticket]);
  await a.callNext();
  await expect(a.toast('当前没有等候叫号的客户')).toBeVisible();

  // The called customer's next steps are on the counter card: start, then done.
  await a.counterCard(vip.ticket).locator('[data-action="start"]').click();
  await expect(a.counterCard(vip.ticket)).toContainText('办理中 · 在 2 号窗口');
  await a.counterCard(vip.ticket).locator('[data-action="complete"]').click();
  await expect(a.counterCard(vip.ticket)).toHaveCount(0);
});

test('a transfer to a colleague moves ownership and is recorded with its reason', async ({ browser }) => {
  hall = await openHall(browser);
  const [a, b] = [await hall.tablet(), await hall.tablet()];
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await b.signIn(STAFF.greeter2.staffId, STAFF.greeter2.pin);
  const v = await hall.checkIn({ line: 'life' });
  await a.greet(v.ticket);
  await expect(a.mineCard(v.ticket)).toBeVisible();

  await a.openSheet(v.ticket);
  await a.sheet.locator('[data-action="transfer"]').click();
  await expect(a.sheet.getByText('请选择转交给哪位同事或哪项业务')).toBeVisible();
  await a.sheet.getByTestId('transfer-target').selectOption({ label: '李强' });
  await a.sheet.locator('[data-action="transfer"]').click();
  await expect(a.sheet.getByText('请填写转交原因')).toBeVisible();
  await a.sheet.getByRole('button', { name: '需专业人员办理' }).click();
  await a.page.screenshot({ path: `${SCREENSHOTS}/staff-transfer.png` });
  await a.sheet.locator('[data-action="transfer"]').click();

  await expect(a.mineCard(v.ticket)).toHaveCount(0);
  await expect(a.hallRow(v.ticket)).toContainText('负责：李强');
  await expect(b.mineCard(v.ticket)).toContainText('首问负责人：李强（我）');
  const token = await hall.http.login(STAFF.counter.staffId, STAFF.counter.pin);
  const { events } = (await hall.http.get(`/branches/t1/visits/${v.id}`, token)).body;
  const transfer = events.find((e: { type: string }) => e.type === 'transferred');
  expect(transfer.payload).toMatchObject({ fromStaff: 'g01', toStaff: 'g02', reason: '需专业人员办理' });
  expect(transfer.actor.id).toBe('g01');

  // And to another line: the line changes, the owner stays.
  await b.transferTo(v.ticket, '太平养老', '客户要求');
  await expect(b.mineCard(v.ticket)).toContainText('太平养老');
});

test('the duty switch: on duty at sign-in, a break one tap away, seen by colleagues, off duty at sign-out', async ({
  browser,
}) => {
  hall = await openHall(browser);
  const [a, b] = [await hall.tablet(), await hall.tablet()];
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await expect(a.dutySwitch).toHaveText('在岗');
  await b.signIn(STAFF.greeter2.staffId, STAFF.greeter2.pin);
  await expect(b.dutyCounts).toHaveText('在岗 2 人 · 休息 0 人');

  await a.dutySwitch.click();
  await expect(a.dutySwitch).toHaveText('休息中');
  await expect(b.dutyCounts).toHaveText('在岗 1 人 · 休息 1 人');
  await a.page.reload();
  await expect(a.dutySwitch).toHaveText('休息中');

  await a.page.getByTestId('sign-out').click();
  await expect(b.dutyCounts).toHaveText('在岗 1 人 · 休息 0 人');
  const board = (await hall.http.get('/branches/t1/duty', await hall.http.login('m01', '9999'))).body.duty;
  expect(board.staff.find((s: { staffId: string }) => s.staffId === 'g01').status).toBe('off-duty');
});

test('the waiting list puts the most urgent first: overdue, then least time left, VIPs and special needs first when equal', async ({
  browser,
}) => {
  hall = await openHall(browser);
  const [a, host] = [await hall.tablet(), await hall.tablet()];
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await host.signIn(STAFF.vipHost.staffId, STAFF.vipHost.pin);
  // Arrivals replayed with their real times (as a kiosk does after an outage), so the clocks differ by design.
  const now = Date.now();
  const ago = (s: number) => new Date(now - s * 1000).toISOString();
  const plain = await hall.checkIn({ line: 'life', occurredAt: ago(10) });
  const overdue = await hall.checkIn({ line: 'life', occurredAt: ago(400) });
  const vipSame = await hall.checkIn({ line: 'life', vip: {}, occurredAt: ago(10) });
  const late = await hall.checkIn({ line: 'property', occurredAt: ago(200) });
  const specialSame = await hall.checkIn({ line: 'pension', specialNeeds: ['pregnant'], occurredAt: ago(10) });
  const overdueVip = await hall.checkIn({ line: 'life', vip: {}, occurredAt: ago(350) });
  const expected = [overdueVip, overdue, late, vipSame, specialSame, plain].map((v) => v.ticket);
  await expect.poll(() => a.waitingOrder()).toEqual(expected);
  await expect(a.countdown(overdue.ticket)).toHaveClass(/state-breached/);
  await expect(a.countdown(late.ticket)).toHaveClass(/state-running/);

  // A colleague greets a VIP: gone from a greeter's list, still on the VIP host's until a host receives them.
  const g02 = await hall.http.login(STAFF.greeter2.staffId, STAFF.greeter2.pin);
  expect((await hall.http.post(`/branches/t1/visits/${vipSame.id}/greet`, {}, g02)).status).toBe(200);
  await expect(a.waitingCard(vipSame.ticket)).toHaveCount(0);
  await expect(host.waitingCard(vipSame.ticket).getByTestId('greeted-by')).toHaveText('已由 李强 接待，待专人接待');
  await expect(host.waitingCard(vipSame.ticket)).toContainText('VIP 3分钟专人接待');
  await host.greet(vipSame.ticket);
  await expect(host.waitingCard(vipSame.ticket)).toHaveCount(0);
  await expect(host.toast(`已完成：接待 ${vipSame.ticket}`)).toBeVisible();
});

test('switches to English and back, on the sign-in screen and in the console', async ({ browser }) => {
  hall = await openHall(browser);
  const a = await hall.tablet();
  await a.page.getByRole('button', { name: 'English' }).click();
  await expect(a.page.getByRole('heading', { name: 'Yingbin · staff sign-in' })).toBeVisible();
  await a.page.getByRole('button', { name: '中文' }).click();
  await a.signIn(STAFF.greeter.staffId, STAFF.greeter.pin);
  await a.page.getByRole('button', { name: 'English' }).click();
  await expect(a.connection).toHaveText('● Live');
  await expect(a.page.getByRole('heading', { name: /Waiting to be greeted/ })).toBeVisible();
  await expect(a.dutySwitch).toHaveText('On duty');
  const v = await hall.checkIn({ line: 'life' });
  await expect(a.waitingCard(v.ticket)).toContainText('Taiping Life');
  await expect(a.countdown(v.ticket)).toHaveText(/^[45]:\d\d left$/);
  await a.page.getByRole('button', { name: '中文' }).click();
  await expect(a.countdown(v.ticket)).toHaveText(/^剩余 [45]:\d\d$/);
});
