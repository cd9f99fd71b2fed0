/** The entrance kiosk as a customer (and the person setting it up) sees it. */
import { expect, type Locator, type Page } from '@playwright/test';

export class KioskPage {
  readonly heading: Locator;
  readonly branchName: Locator;
  readonly ticketNumber: Locator;
  readonly error: Locator;
  readonly problem: Locator;
  readonly offlineBadge: Locator;
  readonly pendingBadge: Locator;
  readonly langButton: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.heading = page.locator('main h1');
    this.branchName = page.getByTestId('branch-name');
    this.ticketNumber = page.getByTestId('ticket-number');
    this.error = page.getByTestId('error');
    this.problem = page.getByTestId('problem');
    this.offlineBadge = page.getByTestId('offline-badge');
    this.pendingBadge = page.getByTestId('pending-badge');
    this.langButton = page.locator('header .btn-lang');
  }

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/kiosk/`);
  }

  /** First visit of a fresh device: enter the token and wait for the start screen. */
  async setUp(token: string): Promise<void> {
    await this.enterToken(token);
    await expect(this.page.getByRole('heading', { name: '欢迎光临' })).toBeVisible();
  }

  async enterToken(token: string): Promise<void> {
    await this.page.getByLabel('设备令牌').fill(token);
    await this.page.getByRole('button', { name: '保存并开始' }).click();
  }

  /** Resolves once the service worker keeps the page for offline reloads. */
  async waitUntilOfflineReady(): Promise<void> {
    await expect(this.page.locator('body')).toHaveAttribute('data-offline-ready', 'true', { timeout: 20_000 });
  }

  line(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  async chooseLine(name: string): Promise<void> {
    await this.line(name).click();
    await expect(this.page.getByTestId('chosen-line')).toHaveText(name);
  }

  /** On the confirm screen: "I am a VIP customer", the number typed on the on-screen keypad, OK. */
  async identifyAsVip(memberNo: string): Promise<void> {
    await this.page.getByTestId('vip-button').click();
    await this.typeOnKeypad(memberNo);
    await this.page.getByTestId('vip-ok').click();
  }

  async typeOnKeypad(text: string): Promise<void> {
    const pad = this.page.getByRole('group', { name: /数字键盘|Number keypad/ });
    for (const ch of text) await pad.getByRole('button', { name: ch, exact: true }).click();
  }

  need(label: string): Locator {
    return this.page.getByRole('button', { name: label, exact: true });
  }

  async confirm(): Promise<void> {
    await this.page.getByTestId('submit').click();
    await expect(this.page.getByTestId('ticket')).toBeVisible({ timeout: 15_000 });
  }

  async done(): Promise<void> {
    await this.page.getByTestId('done').click();
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(/欢迎光临|Welcome/);
  }

  async switchLanguage(): Promise<void> {
    await this.langButton.click();
  }

  /**
   * A screenshot of what the kiosk shows now, into test-results/screenshots (the best are copied to
   * docs/screenshots); YINGBIN_SCREENSHOTS names another folder, one a parallel run will not clear.
   */
  async shoot(name: string): Promise<void> {
    const dir = process.env.YINGBIN_SCREENSHOTS ?? 'test-results/screenshots';
    await this.page.screenshot({ path: `${dir}/${name}.png` });
  }
}
