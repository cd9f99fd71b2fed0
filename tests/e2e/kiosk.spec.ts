/**
 * The entrance kiosk end to end: real Chromium, the real server, and each time the server's own record
 * of the visit (fields and clocks), because the customer's 5-minute clock starts at this tap.
 */
import { test, expect, type Page } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, OTHER_KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { KioskPage } from './pages/kiosk.ts';

const PORTRAIT = { width: 1080, height: 1920 };
const TABLET = { width: 1280, height: 800 };

let server: RunningServer;
let staffToken: string;

test.use({ viewport: PORTRAIT });

test.beforeAll(async () => {
  server = await startServer({ receptionSeconds: 300, vipSeconds: 180 });
  staffToken = await api(server.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
});

test.afterAll(async () => {
  await server?.kill();
});

async function readyKiosk(page: Page): Promise<KioskPage> {
  const kiosk = new KioskPage(page, server.url);
  await kiosk.open();
  await kiosk.setUp(KIOSK_TOKEN);
  return kiosk;
}

/** Today's visits of the test branch as staff see them. */
async function visits(): Promise<any[]> {
  const r = await api(server.url).get('/branches/t1/visits?state=all', staffToken);
  expect(r.status).toBe(200);
  return r.body.visits;
}

/** The server's full record of the visit with this ticket. */
async function visitByTicket(ticket: string): Promise<any> {
  const found = (await visits()).filter((v) => v.ticket === ticket);
  expect(found, `exactly one visit has ticket ${ticket}`).toHaveLength(1);
  const r = await api(server.url).get(`/branches/t1/visits/${found[0].id}`, staffToken);
  expect(r.status).toBe(200);
  return r.body.visit;
}

function expectNear(iso: string, at: number, label: string): void {
  expect(
    Math.abs(Date.parse(iso) - at),
    `${label} (${iso}) within 2 s of ${new Date(at).toISOString()}`,
  ).toBeLessThanOrEqual(2000);
}

test('set-up refuses a wrong token on screen, keeps the kiosk token and shows the branch', async ({ page }) => {
  const kiosk = new KioskPage(page, server.url);
  await kiosk.open();
  await expect(page.getByRole('heading', { name: '取号机设置' })).toBeVisible();
  await kiosk.shoot('kiosk-setup');

  await kiosk.enterToken('not-a-token-at-all');
  await expect(kiosk.error).toHaveText('令牌无效，请核对后重新输入');
  await kiosk.enterToken(WALL_TOKEN);
  await expect(kiosk.error).toHaveText('这个令牌不属于取号机，请使用取号机的令牌');
  await expect(page.getByRole('heading', { name: '欢迎光临' })).toHaveCount(0);

  await kiosk.setUp(KIOSK_TOKEN);
  await expect(kiosk.branchName).toHaveText('测试营业厅');
  for (const name of ['太平财险', '太平人寿', '太平养老']) await expect(kiosk.line(name)).toBeVisible();

  // Kept on the device: a reload goes straight to the start screen.
  await page.reload();
  await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
  await expect(kiosk.branchName).toHaveText('测试营业厅');
});

test('plain check-in: line then confirm (two taps) gives a ticket; the reception clock starts at that tap', async ({
  page,
}) => {
  // Count the page's calls to print (the real print still runs; headless Chromium has no dialog).
  await page.addInitScript(() => {
    const print = window.print.bind(window);
    (window as unknown as { prints: number }).prints = 0;
    window.print = () => {
      (window as unknown as { prints: number }).prints += 1;
      print();
    };
  });
  const prints = () => page.evaluate(() => (window as unknown as { prints: number }).prints);
  // The kiosk's own clock runs as usual until the test moves it on (its idle countdown, below).
  await page.clock.install();
  const kiosk = await readyKiosk(page);
  await kiosk.shoot('kiosk-start-portrait');
  await kiosk.chooseLine('太平财险');
  await kiosk.shoot('kiosk-confirm-portrait');
  const tapped = Date.now();
  await kiosk.confirm();

  const ticket = (await kiosk.ticketNumber.textContent())!;
  expect(ticket).toMatch(/^A\d{3}$/);
  await expect(page.getByTestId('ticket-line')).toHaveText('业务：太平财险');
  await expect(page.getByTestId('ticket-ahead')).toHaveText(/^前面还有 \d+ 位$/);
  await expect(page.getByTestId('ticket-wait')).toHaveText('预计等候：—'); // no history yet today
  await expect(page.getByTestId('greeting')).toHaveText('欢迎光临，请稍候，工作人员将尽快为您服务');
  await kiosk.shoot('kiosk-ticket-portrait');
  await expect.poll(prints, { message: 'the ticket is sent to the printer once' }).toBe(1);
  await kiosk.switchLanguage();
  await kiosk.switchLanguage();
  expect(await prints(), 'redrawing the ticket does not print it again').toBe(1);

  const visit = await visitByTicket(ticket);
  expect(visit).toMatchObject({
    line: 'property',
    vip: false,
    memberNo: null,
    vipIdentifiedAt: null,
    specialNeeds: [],
    state: 'waiting',
    greetedAt: null,
  });
  expectNear(visit.arrivedAt, tapped, 'arrivedAt');
  const reception = visit.rules.find((r: any) => r.id === 'reception');
  expect(reception).toMatchObject({
    startedAt: visit.arrivedAt,
    outcome: 'running',
    targetSeconds: 300,
    stoppedAt: null,
  });
  expect(Date.parse(reception.dueAt) - Date.parse(visit.arrivedAt)).toBe(300_000);
  expect(visit.rules.map((r: any) => r.id)).toEqual(['reception']);

  // The 80 mm print layout: the slip only, no header or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.bar')).toBeHidden();
  await expect(page.getByTestId('done')).toBeHidden();
  await expect(kiosk.ticketNumber).toBeVisible();
  await expect(page.locator('.slip-branch')).toHaveText('测试营业厅');
  await kiosk.shoot('kiosk-ticket-print');
  await page.emulateMedia({ media: 'screen' });

  // Left alone, the ticket screen returns to the start for the next customer within its 12 seconds.
  await page.clock.runFor(12_000);
  await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
});

test('the ticket says how many wait ahead and the estimated wait from the line’s recent waits', async ({ page }) => {
  const kiosk = await readyKiosk(page);
  const a = api(server.url);
  const counterToken = await a.login(STAFF.counter.staffId, STAFF.counter.pin);
  // Clear the hall (counters call from every line, so everyone waiting counts ahead), then give the
  // pension line one known wait: a customer called after about 2 seconds.
  for (const v of (await visits()).filter((v) => v.endedAt === null)) {
    await a.post(`/branches/t1/visits/${v.id}/cancel`, {}, staffToken);
  }
  const first = await a.post('/branches/t1/visits', { line: 'pension' }, KIOSK_TOKEN);
  expect(first.status).toBe(201);
  await page.waitForTimeout(2100);
  expect((await a.post(`/branches/t1/visits/${first.body.visit.id}/call`, { counter: '1' }, counterToken)).status).toBe(
    200,
  );
  const second = await a.post('/branches/t1/visits', { line: 'pension' }, KIOSK_TOKEN);
  expect(second.status).toBe(201);

  await kiosk.chooseLine('太平养老');
  await kiosk.confirm();
  await expect(page.getByTestId('ticket-ahead')).toHaveText('前面还有 1 位');
  // One wait of about 2 s on record: shown as the nearest whole minute up.
  await expect(page.getByTestId('ticket-wait')).toHaveText('预计等候约 1 分钟');

  const status = await a.get('/branches/t1/lines/status', KIOSK_TOKEN);
  expect(status.status).toBe(200);
  const pension = status.body.lines.find((l: any) => l.line === 'pension');
  expect(pension.waiting).toBe(2);
  expect(pension.estimatedWaitSeconds).toBeGreaterThanOrEqual(2);
  expect(status.body.lines.find((l: any) => l.line === 'life').estimatedWaitSeconds).toBeNull();
});

test('VIP at check-in: the member number is shown masked and the VIP clock starts with the arrival', async ({
  page,
}) => {
  const kiosk = await readyKiosk(page);
  await kiosk.chooseLine('太平人寿');
  await page.getByTestId('vip-button').click();
  await kiosk.typeOnKeypad('6222021234567890');
  await expect(page.getByText('已输入：•••• •••• •••• 7890')).toBeVisible();
  await expect(page.getByLabel('会员号或卡号')).toHaveCSS('-webkit-text-security', 'disc');
  await kiosk.shoot('kiosk-vip-portrait');
  await page.getByTestId('vip-ok').click();
  await expect(page.getByTestId('vip-number')).toHaveText('VIP 会员号 •••• •••• •••• 7890');
  const tapped = Date.now();
  await kiosk.confirm();
  const ticket = (await kiosk.ticketNumber.textContent())!;
  expect(ticket).toMatch(/^V\d{3}$/);
  await expect(page.getByText('VIP 专人将尽快为您服务')).toBeVisible();

  const visit = await visitByTicket(ticket);
  expect(visit).toMatchObject({ line: 'life', vip: true, memberNo: '************7890', state: 'waiting' });
  expectNear(visit.arrivedAt, tapped, 'arrivedAt');
  expect(visit.vipIdentifiedAt).toBe(visit.arrivedAt);
  const vipClock = visit.rules.find((r: any) => r.id === 'vip-reception');
  expect(vipClock).toMatchObject({ startedAt: visit.arrivedAt, targetSeconds: 180, outcome: 'running' });
});

test('VIP later: ticket number and member number start the VIP clock at that moment', async ({ page }) => {
  const kiosk = await readyKiosk(page);
  await kiosk.chooseLine('太平财险');
  await kiosk.confirm();
  const ticket = (await kiosk.ticketNumber.textContent())!;
  await kiosk.done();

  await page.getByTestId('vip-later').click();
  await expect(page.getByRole('heading', { name: 'VIP 身份登记' })).toBeVisible();
  // A ticket nobody holds today: a calm message, and the customer can correct it.
  await page.getByLabel(/号票号码/).fill('A999');
  await page.getByLabel('会员号或卡号').fill('88776655');
  await page.getByTestId('later-submit').click();
  await expect(kiosk.error).toHaveText('没有找到今天等候中的这个号码，请核对号票上的号码');

  // Typed on the on-screen keypad: the letter key, then the digits.
  await page.getByLabel(/号票号码/).fill('');
  await page.getByLabel(/号票号码/).focus();
  await kiosk.typeOnKeypad(ticket);
  await expect(page.getByLabel(/号票号码/)).toHaveValue(ticket);
  await kiosk.shoot('kiosk-vip-later-portrait');
  await page.waitForTimeout(1500); // so identification and arrival are visibly different instants
  const tapped = Date.now();
  await page.getByTestId('later-submit').click();
  await expect(page.getByTestId('later-message')).toHaveText(`号码 ${ticket}：VIP 专人将尽快为您服务`);

  const visit = await visitByTicket(ticket);
  expect(visit).toMatchObject({ vip: true, memberNo: '****6655', line: 'property' });
  expectNear(visit.vipIdentifiedAt, tapped, 'vipIdentifiedAt');
  expect(Date.parse(visit.vipIdentifiedAt)).toBeGreaterThan(Date.parse(visit.arrivedAt));
  const vipClock = visit.rules.find((r: any) => r.id === 'vip-reception');
  expect(vipClock).toMatchObject({ startedAt: visit.vipIdentifiedAt, targetSeconds: 180, outcome: 'running' });
  expect(visit.rules.find((r: any) => r.id === 'reception').startedAt).toBe(visit.arrivedAt);

  // A second try for the same ticket is refused calmly: it is already VIP.
  await kiosk.done();
  await page.getByTestId('vip-later').click();
  await page.getByLabel(/号票号码/).fill(ticket);
  await page.getByLabel('会员号或卡号').fill('88776655');
  await page.getByTestId('later-submit').click();
  await expect(kiosk.error).toHaveText('该客户已登记为VIP');
});

test('special needs are recorded with the visit and the ticket promises help first', async ({ page }) => {
  const kiosk = await readyKiosk(page);
  await kiosk.chooseLine('太平养老');
  await kiosk.need('孕妇').click();
  await kiosk.need('行动不便的老年人').click();
  await expect(kiosk.need('孕妇')).toHaveAttribute('aria-pressed', 'true');
  await kiosk.need('其他需要帮助').click();
  await kiosk.need('其他需要帮助').click(); // changed their mind
  await expect(kiosk.need('其他需要帮助')).toHaveAttribute('aria-pressed', 'false');
  const tapped = Date.now();
  await kiosk.confirm();
  await expect(page.getByText('工作人员将优先为您提供帮助')).toBeVisible();
  const ticket = (await kiosk.ticketNumber.textContent())!;

  const visit = await visitByTicket(ticket);
  expect(visit).toMatchObject({ line: 'pension', vip: false });
  expect([...visit.specialNeeds].sort()).toEqual(['elderly', 'pregnant']);
  expectNear(visit.arrivedAt, tapped, 'arrivedAt');
});

test('language: one tap to English and back; the next customer starts in Chinese', async ({ page }) => {
  const kiosk = await readyKiosk(page);
  await expect(kiosk.langButton).toHaveText('English');
  await kiosk.switchLanguage();
  await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(kiosk.branchName).toHaveText('Test Hall');
  await kiosk.line('Taiping Life').click();
  await kiosk.need('Pregnant').click();
  await expect(page.getByTestId('submit')).toHaveText('Get my ticket');
  const tapped = Date.now();
  await kiosk.confirm();
  await expect(page.getByRole('heading', { name: 'Your number' })).toBeVisible();
  await expect(page.getByTestId('ticket-line')).toHaveText('Business: Taiping Life');
  await expect(page.getByTestId('greeting')).toHaveText(
    'Welcome! Please take a seat; our staff will be with you shortly',
  );
  await kiosk.shoot('kiosk-ticket-english');
  const ticket = (await kiosk.ticketNumber.textContent())!;

  // And back: the same ticket, now in Chinese.
  await kiosk.switchLanguage();
  await expect(page.getByRole('heading', { name: '您的号码' })).toBeVisible();
  await expect(kiosk.ticketNumber).toHaveText(ticket);
  await expect(page.getByTestId('ticket-line')).toHaveText('业务：太平人寿');

  await kiosk.switchLanguage();
  await kiosk.done();
  await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
  await expect(kiosk.langButton).toHaveText('English');

  const visit = await visitByTicket(ticket);
  expect(visit).toMatchObject({ line: 'life', specialNeeds: ['pregnant'] });
  expectNear(visit.arrivedAt, tapped, 'arrivedAt');
});

test('a malformed member number shows a message and creates nothing', async ({ page }) => {
  const kiosk = await readyKiosk(page);
  const before = (await visits()).length;
  await kiosk.chooseLine('太平人寿');
  await kiosk.identifyAsVip('12345');
  await expect(kiosk.error).toHaveText('会员号或卡号应为6至20位数字，请核对后重新输入');
  await expect(page.getByLabel('会员号或卡号')).toHaveAttribute('aria-invalid', 'true');
  await kiosk.shoot('kiosk-vip-error');
  // Letters typed on a keyboard are refused the same way.
  await page.getByLabel('会员号或卡号').fill('1234abcd');
  await page.getByLabel('会员号或卡号').press('Enter');
  await expect(kiosk.error).toBeVisible();
  // The way back: to the confirm screen, still not VIP.
  await page.getByTestId('back').click();
  await expect(page.getByTestId('vip-button')).toBeVisible();
  await page.getByTestId('back').click();
  await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
  expect((await visits()).length).toBe(before);
});

test('keyboard only: every step reachable and labelled, taps at least 64 px, no small text', async ({ page }) => {
  await readyKiosk(page);
  const checkSizes = async () => {
    const small = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('button, input')) {
        const r = el.getBoundingClientRect();
        if (r.height < 64 || r.width < 64) out.push(`${el.textContent || el.id}: ${r.width}×${r.height}`);
      }
      for (const el of document.querySelectorAll<HTMLElement>('main *, header *')) {
        if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
          continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 22) out.push(`text "${el.textContent}" at ${size}px`);
      }
      return out;
    });
    expect(small).toEqual([]);
  };
  await checkSizes();
  // Tab from the heading to the second line and choose it with Enter.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('太平人寿');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '请确认' })).toBeFocused();
  await checkSizes();
  await page.getByTestId('vip-button').click();
  await checkSizes();
  await page.getByTestId('back').click();
  await page.getByTestId('submit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket')).toBeVisible();
  await checkSizes();
  await expect(page.getByRole('region', { name: '您的号码' })).toBeVisible();
});

test('tablet 1280×800: the same flow fits the screen', async ({ page }) => {
  await page.setViewportSize(TABLET);
  const kiosk = await readyKiosk(page);
  await kiosk.shoot('kiosk-start-tablet');
  await kiosk.chooseLine('太平财险');
  await kiosk.need('残疾人士').click();
  await page.getByTestId('vip-button').click();
  await kiosk.typeOnKeypad('1234567890');
  await kiosk.shoot('kiosk-vip-tablet');
  await page.getByTestId('vip-ok').click();
  await expect(page.getByTestId('vip-number')).toHaveText('VIP 会员号 •• •••• 7890');
  await kiosk.shoot('kiosk-confirm-tablet');
  // Everything the customer needs is on screen without scrolling.
  for (const id of ['submit', 'back', 'vip-number']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.y + box.height, `${id} is within the 800 px screen`).toBeLessThanOrEqual(800);
  }
  await kiosk.confirm();
  await kiosk.shoot('kiosk-ticket-tablet');
  for (const target of [page.getByTestId('done'), page.locator('.slip')]) {
    const box = (await target.boundingBox())!;
    expect(box.y + box.height, 'the ticket and its button are within the 800 px screen').toBeLessThanOrEqual(800);
  }
  const visit = await visitByTicket((await kiosk.ticketNumber.textContent())!);
  expect(visit).toMatchObject({ vip: true, specialNeeds: ['disability'], line: 'property' });
});

test('the kiosk routes check what they are given and who asks, and change nothing when they refuse', async () => {
  const a = api(server.url);
  const made = await a.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
  const ticket = made.body.visit.ticket as string;
  const vipOf = async () => (await a.get(`/branches/t1/visits/${made.body.visit.id}`, staffToken)).body.visit.vip;

  const badNumber = await a.post(`/branches/t1/tickets/${ticket}/vip`, { memberNo: '12ab' }, KIOSK_TOKEN);
  expect(badNumber.status).toBe(400);
  expect(badNumber.body.error).toMatchObject({ code: 'invalid', field: 'memberNo' });
  const badTicket = await a.post('/branches/t1/tickets/12-x/vip', { memberNo: '123456' }, KIOSK_TOKEN);
  expect(badTicket.body.error).toMatchObject({ code: 'invalid', field: 'ticket' });
  expect((await a.post(`/branches/t1/tickets/${ticket}/vip`, { memberNo: '123456' }, WALL_TOKEN)).status).toBe(403);
  expect((await a.post(`/branches/t1/tickets/${ticket}/vip`, { memberNo: '123456' })).status).toBe(401);
  expect(await vipOf()).toBe(false);

  // Lower case as typed is the same ticket; the same key twice is one identification.
  const first = await a.post(
    `/branches/t1/tickets/${ticket.toLowerCase()}/vip`,
    { memberNo: '123456' },
    KIOSK_TOKEN,
    'vip-later-key-1',
  );
  const again = await a.post(
    `/branches/t1/tickets/${ticket.toLowerCase()}/vip`,
    { memberNo: '123456' },
    KIOSK_TOKEN,
    'vip-later-key-1',
  );
  expect(first.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect(await vipOf()).toBe(true);

  // The wall may read the line status too (it is public in the branch); another branch's kiosk may not.
  const status = await a.get('/branches/t1/lines/status', WALL_TOKEN);
  expect(status.status).toBe(200);
  expect(status.body.lines.map((l: any) => l.line)).toEqual(['property', 'life', 'pension']);
  expect((await a.get('/branches/t1/lines/status', OTHER_KIOSK_TOKEN)).status).toBe(403);
});

test.describe('hall closed', () => {
  let closed: RunningServer;
  test.beforeAll(async () => {
    // Opening hours that do not include now (Shanghai time), whatever the hour the test runs at.
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(
        new Date(),
      ),
    );
    const hh = (n: number) => `${String(n).padStart(2, '0')}:00`;
    const opens = (hour + 2) % 24;
    closed = await startServer({ opens: hh(opens), closes: opens === 23 ? '23:59' : hh(opens + 1) });
  });
  test.afterAll(async () => {
    await closed?.kill();
  });

  test('outside opening hours the kiosk says so calmly, with the hours, and creates nothing', async ({ page }) => {
    const kiosk = new KioskPage(page, closed.url);
    await kiosk.open();
    await kiosk.setUp(KIOSK_TOKEN);
    await kiosk.chooseLine('太平财险');
    await page.getByTestId('submit').click();
    await expect(kiosk.problem).toHaveText('营业厅现在不在营业时间内，暂停取号');
    await expect(page.getByText(/^营业时间 \d\d:\d\d–\d\d:\d\d，欢迎届时光临$/)).toBeVisible();
    await kiosk.shoot('kiosk-hall-closed');
    await page.getByTestId('home').click();
    await expect(page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
    const token = await api(closed.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
    expect((await api(closed.url).get('/branches/t1/visits?state=all', token)).body.visits).toEqual([]);
    // And nothing was kept for later either: the hall being closed is an answer, not an outage.
    await expect(kiosk.pendingBadge).toHaveCount(0);
  });
});
