/** The wall display as a person sees it: sections by their text, rows by ticket, colour by state. */
import { expect, type Locator, type Page } from '@playwright/test';

export class WallPage {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  /** Records every spoken call (the real speechSynthesis still speaks). Call before open(). */
  async recordSpeech(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { spoken: string[] };
      w.spoken = [];
      const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        w.spoken.push(u.text);
        speak(u);
      };
    });
  }

  async spoken(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
  }

  async open(token?: string): Promise<void> {
    await this.page.setViewportSize({ width: 1920, height: 1080 });
    await this.page.goto(this.url + '/wall/');
    if (token) await this.enterToken(token);
  }

  async enterToken(token: string): Promise<void> {
    await this.page.getByLabel('设备令牌').fill(token);
    await this.page.getByRole('button', { name: '确定' }).click();
  }

  get tokenError(): Locator {
    return this.page.locator('#token-error');
  }

  get freshness(): Locator {
    return this.page.locator('#freshness');
  }

  async waitLive(): Promise<void> {
    await expect(this.freshness).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  }

  /** Waits until today's figures include the day's whole list (not only the open visits of the snapshot). */
  async waitTodayLoaded(): Promise<void> {
    await expect(this.page.locator('body')).toHaveAttribute('data-today', 'loaded', { timeout: 15_000 });
  }

  servingTile(counter: string): Locator {
    return this.page.locator('#serving-list li', { hasText: `${counter} 号窗口` });
  }

  /** A customer's row in 接待计时 (one per customer, carrying all their open clocks). */
  riskRow(ticket: string): Locator {
    return this.page.locator(`#risk-list > li[data-ticket="${ticket}"]`);
  }

  /** One clock in a customer's row: `data-state` running / warning / breached, its name and countdown. */
  riskClock(ticket: string, rule = 'reception'): Locator {
    return this.riskRow(ticket).locator(`.risk-clock[data-rule="${rule}"]`);
  }

  /** The rows the wall shows (the rest are counted in #risk-more). */
  get visibleRiskRows(): Locator {
    return this.page.locator('#risk-list > li:not([hidden])');
  }

  get riskMore(): Locator {
    return this.page.locator('#risk-more');
  }

  get recentTickets(): Locator {
    return this.page.locator('#recent-list .recent-ticket');
  }

  /** The document's scroll size against the viewport: nothing may be wider or taller than the screen. */
  async overflow(): Promise<{ scrollWidth: number; scrollHeight: number; width: number; height: number }> {
    return this.page.evaluate(() => ({
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      scrollHeight: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight),
      width: window.innerWidth,
      height: window.innerHeight,
    }));
  }

  /** True when the element's whole box lies inside the viewport. */
  async insideViewport(locator: Locator): Promise<boolean> {
    return locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return (
        r.width > 0 &&
        r.height > 0 &&
        r.left >= 0 &&
        r.top >= 0 &&
        r.right <= window.innerWidth &&
        r.bottom <= window.innerHeight
      );
    });
  }

  /** Computed font size in px. */
  async fontSize(locator: Locator): Promise<number> {
    return locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  }

  waitingLine(name: string): Locator {
    return this.page.locator('#waiting-list li', { hasText: name });
  }

  get banner(): Locator {
    return this.page.locator('#alert-banner');
  }

  alertItem(ticket: string, kind: 'warning' | 'breach' | 'escalation' | 'resolved'): Locator {
    return this.page.locator(`#alert-list li[data-ticket="${ticket}"][data-kind="${kind}"]`);
  }

  compliance(rule: 'reception' | 'vip-reception'): Locator {
    return this.page.locator(`.compliance-card[data-rule="${rule}"] .compliance-figure`);
  }

  async signInManager(staffId: string, pin: string, lang: 'zh' | 'en' = 'zh'): Promise<void> {
    await this.page.locator('#manager-button').click();
    await this.page.getByLabel(lang === 'zh' ? '工号' : 'Staff id').fill(staffId);
    await this.page.getByLabel(lang === 'zh' ? '密码' : 'PIN').fill(pin);
    await this.page.locator('#manager-form button[type="submit"]').click();
  }

  async acknowledge(ticket: string, kind: 'breach' | 'warning' | 'escalation', note: string): Promise<void> {
    await this.alertItem(ticket, kind).getByRole('button', { name: '确认' }).click();
    await this.page.getByLabel('备注（可选）').fill(note);
    await this.page.locator('#ack-form').getByRole('button', { name: '确认' }).click();
  }

  async domNodes(): Promise<number> {
    return this.page.evaluate(() => document.getElementsByTagName('*').length);
  }
}
