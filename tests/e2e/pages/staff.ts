/** The staff tablet console as a greeter sees it: sign-in keypad, the waiting list, my customers, the banner. */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { api } from '../../support/api.ts';
import { KIOSK_TOKEN, type TestConfigOptions } from '../../support/config.ts';
import { startServer, type RunningServer } from '../../support/server.ts';
import { hallUrl as hallUrlOf } from '../support/hall-host.ts';

const TABLET = { width: 1280, height: 800 };
/** The two tablets a hall uses: the manager's landscape tablet and an upright one at the door. */
export const TABLETS = { landscape: TABLET, portrait: { width: 820, height: 1180 } } as const;

/** Specs that open the console the way the hall does, by the hall's host name (support/hall-host.ts). */
export { hallLaunchOptions as HALL_LAUNCH } from '../support/hall-host.ts';
export const hallUrl = (server: { port: number }) => hallUrlOf(server.port, '');

export interface TabletOptions {
  viewport?: { width: number; height: number };
  /** The console's language from the first paint (the tablet remembers it). */
  lang?: 'zh' | 'en';
}

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
  readonly counterList: Locator;
  readonly counterPanel: Locator;
  readonly alertCount: Locator;
  readonly alertToggle: Locator;
  readonly alertList: Locator;

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
    this.counterList = page.getByTestId('counter-list');
    this.counterPanel = page.getByTestId('counter-panel');
    this.alertCount = page.getByTestId('alert-count');
    this.alertToggle = page.getByTestId('alert-toggle');
    this.alertList = page.getByTestId('alert-list');
  }

  /** A tablet of its own: a fresh browser context (its own storage, its own network switch). */
  static async open(browser: Browser, baseUrl: string, opts: TabletOptions = {}): Promise<StaffTablet> {
    const context = await browser.newContext({
      viewport: opts.viewport ?? TABLET,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    if (opts.lang) await context.addInitScript((lang) => localStorage.setItem('yingbin.lang', lang), opts.lang);
    const tablet = new StaffTablet(await context.newPage(), baseUrl);
    await tablet.page.goto(`${baseUrl}/staff/`);
    return tablet;
  }

  get context(): BrowserContext {
    return this.page.context();
  }

  /** Types the staff id and taps the PIN on the on-screen keypad (in whichever language the tablet shows). */
  async enter(staffId: string, pin: string): Promise<void> {
    const en = (await this.page.evaluate(() => document.documentElement.lang)) === 'en';
    await this.page.getByLabel(en ? 'Staff id' : '工号').fill(staffId);
    const keypad = this.page.getByRole('group', { name: en ? 'Number keypad' : '数字键盘' });
    await keypad.getByRole('button', { name: en ? 'Clear' : '清除' }).click();
    for (const d of pin) await keypad.getByRole('button', { name: d, exact: true }).click();
    await this.page.getByRole('button', { name: en ? 'Sign in' : '登录', exact: true }).click();
  }

  async signIn(staffId: string, pin: string): Promise<void> {
    await this.enter(staffId, pin);
    await expect(this.connection).toHaveText(/^● (实时|Live)$/, { timeout: 10_000 });
  }

  counterCard(ticket: string): Locator {
    return this.counterList.locator(`[data-ticket="${ticket}"]`);
  }

  alertRow(ticket: string): Locator {
    return this.banner.locator(`[data-testid="alert"][data-ticket="${ticket}"]`);
  }

  /** The undo notice of a step that waits 5 seconds before it is sent. */
  undoToast(text: string | RegExp): Locator {
    return this.toasts.getByTestId('undo-toast').filter({ hasText: text });
  }

  /** Asserts the page is no wider and no taller than the screen: everything is reached by the columns' own scrolling. */
  async expectFitsScreen(): Promise<void> {
    const size = await this.page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      width: window.innerWidth,
      height: window.innerHeight,
    }));
    expect(size.scrollWidth, 'page wider than the screen').toBeLessThanOrEqual(size.width);
    expect(size.scrollHeight, 'page taller than the screen').toBeLessThanOrEqual(size.height);
  }

  /** Asserts the element lies wholly inside the screen (a control that can be tapped without scrolling the page). */
  async expectOnScreen(locator: Locator): Promise<void> {
    const box = await locator.boundingBox();
    const vp = this.page.viewportSize()!;
    expect(box, 'not rendered').not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(vp.width + 0.5);
    expect(box!.y + box!.height).toBeLessThanOrEqual(vp.height + 0.5);
    // And not hidden under something else or clipped by its scrolling column: a tap at its middle lands on it.
    const hit = await locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return at !== null && (at === el || el.contains(at));
    });
    expect(hit, 'covered or clipped').toBe(true);
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
    return this.waitingList
      .locator('[data-ticket]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket')!));
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
  checkIn(body: {
    line: string;
    vip?: object;
    specialNeeds?: string[];
    occurredAt?: string;
  }): Promise<{ id: string; ticket: string }>;
  tablet(opts?: TabletOptions): Promise<StaffTablet>;
  close(): Promise<void>;
}

/** `byHallHost`: tablets open the console as the hall does, http://hall.yingbin.test:<port> (needs HALL_LAUNCH). */
export async function openHall(
  browser: Browser,
  opts: TestConfigOptions & { byHallHost?: boolean } = {},
): Promise<Hall> {
  const server = await startServer(opts);
  const base = opts.byHallHost ? hallUrl(server) : server.url;
  const http = api(server.url);
  const tablets: StaffTablet[] = [];
  const hall: Hall = {
    server,
    http,
    tablets,
    async checkIn(body) {
      const r = await http.post('/branches/t1/visits', body, KIOSK_TOKEN);
      if (r.status !== 201) throw new Error(`check-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.visit;
    },
    async tablet(o) {
      const t = await StaffTablet.open(browser, base, o);
      tablets.push(t);
      return t;
    },
    async close() {
      for (const t of tablets) await t.context.close();
      await hall.server.kill(); // the server now running (a test may have restarted it)
    },
  };
  return hall;
}
