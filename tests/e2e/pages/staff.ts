/** The staff tablet console as a greeter sees it: sign-in keypad, the waiting list, my customers, the banner. */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { api } from '../../support/api.ts';
import { KIOSK_TOKEN, type TestConfigOptions } from '../../support/config.ts';
import { startServer, type RunningServer } from '../../support/server.ts';

export const TABLET = { width: 1280, height: 800 };

export class StaffTablet {
  readonly waitingList: Locator;
  readonly mineList: Locator;
  readonly hallList: Locator;
  readonly banner: Locator;
  readonly toasts: Locator;
  readonly connection: Locator;
  readonly pending: Locator;
  readonly signInMessage: Locator;
  readonly dutySwitch: Locator;
  readonly dutyCounts: Locator;
  readonly sheet: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.waitingList = page.getByTestId('waiting-list');
    this.mineList = page.getByTestId('mine-list');
    this.hallList = page.getByTestId('hall-list');
    this.banner = page.getByTestId('alert-banner');
    this.toasts = page.getByTestId('toasts');
    this.connection = page.getByTestId('connection');
    this.pending = page.getByTestId('pending');
    this.signInMessage = page.getByTestId('signin-message');
    this.dutySwitch = page.getByTestId('duty-switch');
    this.dutyCounts = page.getByTestId('duty-counts');
    this.sheet = page.getByTestId('sheet');
  }

  /** A tablet of its own: a fresh browser context (its own storage, its own network switch). */
  static async open(browser: Browser, baseUrl: string): Promise<StaffTablet> {
    const context = await browser.newContext({ viewport: TABLET, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const tablet = new StaffTablet(await context.newPage(), baseUrl);
    await tablet.page.goto(`${baseUrl}/staff/`);
    return tablet;
  }

  get context(): BrowserContext {
    return this.page.context();
  }

  /** Types the staff id and taps the PIN on the on-screen keypad. */
  async enter(staffId: string, pin: string): Promise<void> {
    await this.page.getByLabel('工号').fill(staffId);
    const keypad = this.page.getByRole('group', { name: '数字键盘' });
    await keypad.getByRole('button', { name: '清除' }).click();
    for (const d of pin) await keypad.getByRole('button', { name: d, exact: true }).click();
    await this.page.getByRole('button', { name: '登录', exact: true }).click();
  }

  async signIn(staffId: string, pin: string): Promise<void> {
    await this.enter(staffId, pin);
    await expect(this.connection).toHaveText('● 实时', { timeout: 10_000 });
  }

  waitingCard(ticket: string): Locator {
    return this.waitingList.locator(`[data-ticket="${ticket}"]`);
  }

  mineCard(ticket: string): Locator {
    return this.mineList.locator(`[data-ticket="${ticket}"]`);
  }

  hallRow(ticket: string): Locator {
    return this.hallList.locator(`[data-ticket="${ticket}"]`);
  }

  /** Tickets in the order the waiting list shows them. */
  async waitingOrder(): Promise<string[]> {
    return this.waitingList.locator('[data-ticket]').evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket')!));
  }

  async greet(ticket: string): Promise<void> {
    await this.waitingCard(ticket).locator('[data-action="greet"]').click();
  }

  async chooseCounter(counter: string): Promise<void> {
    await this.page.getByTestId('my-counter').selectOption(counter);
  }

  async callNext(): Promise<void> {
    await this.page.getByTestId('call-next').click();
  }

  /** Opens the sheet of a customer from wherever the card is. */
  async openSheet(ticket: string): Promise<void> {
    const card = this.page.locator(`[data-ticket="${ticket}"]`).first();
    const more = card.locator('[data-action="more"]');
    if (await more.count()) await more.click();
    else await card.getByRole('button').click();
    await expect(this.sheet).toBeVisible();
  }

  async transferTo(ticket: string, target: string, reason: string): Promise<void> {
    await this.openSheet(ticket);
    await this.sheet.getByTestId('transfer-target').selectOption({ label: target });
    await this.sheet.getByTestId('transfer-reason').fill(reason);
    await this.sheet.locator('[data-action="transfer"]').click();
  }

  countdown(ticket: string): Locator {
    return this.waitingCard(ticket).getByTestId('countdown');
  }

  toast(text: string | RegExp): Locator {
    return this.toasts.getByText(text);
  }
}

/** A fresh server and tablets for each staff console test, so no test inherits another's queue or lockout. */
export const SCREENSHOTS = process.env.YINGBIN_SCREENSHOTS ?? 'test-results/screenshots';

export interface Hall {
  server: RunningServer;
  http: ReturnType<typeof api>;
  tablets: StaffTablet[];
  /** A kiosk check-in through the API (the kiosk page is tested on its own). */
  checkIn(body: { line: string; vip?: object; specialNeeds?: string[]; occurredAt?: string }): Promise<{ id: string; ticket: string }>;
  tablet(): Promise<StaffTablet>;
  close(): Promise<void>;
}

export async function openHall(browser: Browser, opts: TestConfigOptions = {}): Promise<Hall> {
  const server = await startServer(opts);
  const http = api(server.url);
  const tablets: StaffTablet[] = [];
  return {
    server,
    http,
    tablets,
    async checkIn(body) {
      const r = await http.post('/branches/t1/visits', body, KIOSK_TOKEN);
      if (r.status !== 201) throw new Error(`check-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.visit;
    },
    async tablet() {
      const t = await StaffTablet.open(browser, server.url);
      tablets.push(t);
      return t;
    },
    async close() {
      for (const t of tablets) await t.context.close();
      await server.kill();
    },
  };
}
