/**
 * The kiosk shell: the header (branch, offline badge, language), one screen at a time, and the idle
 * timer that brings the kiosk back to the start for the next customer.
 */
import { currentLang, makeT, setLang } from '../shared/browser/lang.ts';
import { common } from '../shared/i18n/common.ts';
import { elder as elderText } from '../shared/i18n/elder.ts';
import { translator, type Translate } from '../shared/i18n/index.ts';
import { kiosk as kioskText } from '../shared/i18n/kiosk.ts';
import { hush } from './speech.ts';
import type { LineInfo } from '../shared/types.ts';
import type { Draft } from './checkin.ts';
import type { Device } from './device.ts';
import { h } from '../shared/browser/dom.ts';
import type { Outbox, OutboxState } from './outbox.ts';

/** A screen renders itself from the kiosk; its own state lives in the closure, so a re-render keeps it. */
export type Screen = (k: Kiosk) => HTMLElement;

export interface ShowOptions {
  /** Seconds without a touch before returning to the start; 0 = stay. */
  idleSeconds?: number;
}

/** Seconds of no touch on a flow screen before the kiosk gives up on it. */
const FLOW_IDLE_SECONDS = 45;
/** Seconds the ticket stays on screen. */
export const TICKET_IDLE_SECONDS = 12;

export class Kiosk {
  t: Translate = makeT(kioskText, elderText);
  /** What elder mode says aloud: always Mandarin, whichever language the screen shows. */
  readonly say: Translate = translator('zh', common, kioskText, elderText);
  /** 长辈模式: large type (the root font 1.5×, kiosk.css), one question a screen, every step spoken. */
  elder = false;
  draft: Draft | null = null;
  outbox: Outbox | null = null;
  device: Device | null = null;
  private screen: Screen | null = null;
  private home: Screen | null = null;
  private idleSeconds = 0;
  private idleLeft = 0;
  private readonly main: HTMLElement;
  private readonly branchName: HTMLElement;
  private readonly status: HTMLElement;
  private readonly langButton: HTMLButtonElement;
  private outboxState: OutboxState = { online: true, pending: 0, sending: false };

  constructor(root: HTMLElement) {
    this.branchName = h('div', { class: 'branch-name', 'data-testid': 'branch-name' });
    this.status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'status' });
    this.langButton = h('button', { type: 'button', class: 'btn btn-lang', onclick: () => this.switchLang() });
    this.main = h('main', { class: 'screen', id: 'screen' });
    root.replaceChildren(h('header', { class: 'bar' }, this.branchName, this.status, this.langButton), this.main);
    const touched = () => (this.idleLeft = this.idleSeconds);
    document.addEventListener('pointerdown', touched, true);
    document.addEventListener('keydown', touched, true);
    setInterval(() => this.tick(), 1000);
  }

  /** The line's name in the reader's language. */
  lineName(line: LineInfo | string): string {
    const info = typeof line === 'string' ? this.device?.branch.lines.find((l) => l.id === line) : line;
    if (!info) return typeof line === 'string' ? line : line.id;
    return currentLang() === 'en' ? info.name.en : info.name.zh;
  }

  setHome(home: Screen): void {
    this.home = home;
  }

  show(screen: Screen, opts: ShowOptions = {}): void {
    this.screen = screen;
    this.idleSeconds = opts.idleSeconds ?? FLOW_IDLE_SECONDS;
    this.idleLeft = this.idleSeconds;
    this.render(true);
  }

  /** Draws the current screen again (its state changed); focus stays where the customer is. */
  refresh(): void {
    const focused = document.activeElement as HTMLElement | null;
    const id = focused?.dataset.focusId;
    const stops = () => [...this.main.querySelectorAll<HTMLElement>('button, input, select, [href], [tabindex]')];
    // A control without a focus id (the heading, a line) is found again by its place on the screen, so a
    // keyboard user is neither thrown to the top of the page nor back to the heading mid-way.
    const place = focused && !id ? stops().indexOf(focused) : -1;
    this.render(false);
    const again = id ? this.main.querySelector<HTMLElement>(`[data-focus-id="${id}"]`) : (stops()[place] ?? null);
    again?.focus();
  }

  setElder(on: boolean): void {
    this.elder = on;
    document.documentElement.classList.toggle('elder-mode', on);
    if (!on) hush();
  }

  /** Out of elder mode to the normal start screen, in the language the customer reads. */
  leaveElder(): void {
    this.draft = null;
    this.setElder(false);
    if (this.home) this.show(this.home, { idleSeconds: 0 });
  }

  /** Back to the start for the next customer: no draft, normal mode, Chinese again. */
  goHome(): void {
    this.draft = null;
    this.setElder(false);
    if (currentLang() !== 'zh') {
      setLang('zh');
      this.t = makeT(kioskText, elderText);
    }
    if (this.home) this.show(this.home, { idleSeconds: 0 });
  }

  /** Seconds left before the idle return (for the ticket screen's countdown). */
  get secondsLeft(): number {
    return this.idleLeft;
  }

  setOutboxState(s: OutboxState): void {
    this.outboxState = s;
    this.renderHeader();
  }

  private switchLang(): void {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    this.t = makeT(kioskText, elderText);
    this.render(false);
    this.langButton.focus();
  }

  private tick(): void {
    if (this.idleSeconds === 0) return;
    this.idleLeft -= 1;
    if (this.idleLeft <= 0) this.goHome();
    else this.main.firstElementChild?.dispatchEvent(new CustomEvent('kiosk-tick'));
  }

  private render(moveFocus: boolean): void {
    this.renderHeader();
    if (!this.screen) return;
    const el = this.screen(this);
    this.main.replaceChildren(el);
    // A screen reader hears the new screen's heading; a keyboard user starts from it.
    if (moveFocus) el.querySelector<HTMLElement>('h1')?.focus();
  }

  private renderHeader(): void {
    const t = this.t;
    document.title = `${t('kiosk.title')} · ${this.device ? this.branchLabel() : '迎宾 Yingbin'}`;
    this.branchName.textContent = this.device ? this.branchLabel() : t('setup.title');
    this.langButton.textContent = t('lang.switch');
    this.langButton.setAttribute('aria-label', `${t('kiosk.lang')}: ${t('lang.switch')}`);
    this.langButton.lang = currentLang() === 'zh' ? 'en' : 'zh-CN';
    const s = this.outboxState;
    const parts: HTMLElement[] = [];
    if (!s.online)
      parts.push(h('span', { class: 'offline-badge', 'data-testid': 'offline-badge' }, t('kiosk.offline')));
    if (s.pending > 0)
      parts.push(
        h('span', { class: 'pending-badge', 'data-testid': 'pending-badge' }, t('kiosk.pending', { count: s.pending })),
      );
    this.status.replaceChildren(...parts);
  }

  /** The branch's name in the reader's language. */
  branchLabel(): string {
    if (!this.device) return '';
    const name = this.device.branch.name;
    return currentLang() === 'en' ? name.en : name.zh;
  }
}
