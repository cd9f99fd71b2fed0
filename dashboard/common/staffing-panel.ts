/**
 * The 人手建议 panel, one view for the wall and the manager's tablet: fetches the day's advice
 * (GET …/staffing), shows per role on duty vs needed now and over the next two hours (shared/staffing/panel.ts),
 * red with the line "10:00 起需增加 1 名引导员" when short. It fetches again when the slot turns and when the
 * page tells it the duty board changed; a failed fetch keeps the last advice shown.
 */
import './staffing-panel.css';
import { api } from '../../shared/api/routes.ts';
import { call } from '../../shared/browser/api.ts';
import { h, setText } from '../../shared/browser/dom.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import type { StaffingAdvice } from '../../shared/staffing/advice.ts';
import { nextSlotAt, staffingPanel, type PanelRow } from '../../shared/staffing/panel.ts';

/** A duty change in a burst (a whole shift signing on) is one fetch. */
const DUTY_SETTLE_MS = 500;

export class StaffingPanelView {
  private advice: StaffingAdvice | null = null;
  private slotTimer: ReturnType<typeof setTimeout> | undefined;
  private dutyTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly body: HTMLElement;
  private readonly title: HTMLElement;
  private readonly window: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly branch: string,
    private readonly token: () => string,
    private readonly now: () => number,
    private t: Translate,
  ) {
    this.title = h('h2', { class: 'staffing-title' });
    this.window = h('span', { class: 'staffing-window' });
    this.body = h('div', { class: 'staffing-rows' });
    root.replaceChildren(h('header', { class: 'staffing-head' }, this.title, this.window), this.body);
    root.classList.add('staffing-panel');
  }

  /** Fetches the day's advice and draws it; then again when the slot under way ends. */
  async refresh(): Promise<void> {
    clearTimeout(this.slotTimer);
    try {
      this.advice = await call(api.staffing, { params: { branch: this.branch }, token: this.token() });
    } catch {
      // Keep what is shown: a wall never blanks for a hiccup; the next slot or duty change tries again.
    }
    this.render();
    const at = this.advice ? nextSlotAt(this.advice, this.now()) : this.now() + 60_000;
    this.slotTimer = setTimeout(() => void this.refresh(), Math.max(1000, at - this.now() + 1000));
  }

  /** The duty board changed: the on-duty counts come from it. */
  dutyChanged(): void {
    clearTimeout(this.dutyTimer);
    this.dutyTimer = setTimeout(() => void this.refresh(), DUTY_SETTLE_MS);
  }

  setLanguage(t: Translate): void {
    this.t = t;
    this.render();
  }

  stop(): void {
    clearTimeout(this.slotTimer);
    clearTimeout(this.dutyTimer);
  }

  render(): void {
    const t = this.t;
    setText(this.title, t('staffing.title'));
    setText(this.window, t('staffing.window'));
    if (!this.advice) {
      this.root.dataset.state = 'unavailable';
      this.body.replaceChildren(h('p', { class: 'staffing-note' }, t('staffing.unavailable')));
      return;
    }
    const panel = staffingPanel(this.advice, this.now());
    if (panel.now === null && panel.rows.every((r) => r.neededPeak === 0)) {
      this.root.dataset.state = 'closed';
      this.body.replaceChildren(h('p', { class: 'staffing-note' }, t('staffing.closed')));
      return;
    }
    const short = panel.rows.some((r) => r.short);
    this.root.dataset.state = short ? 'short' : 'covered';
    if (!short && !panel.forecast) this.root.dataset.state = 'no-forecast';
    this.body.replaceChildren(...panel.rows.map((r) => this.row(r, panel.forecast)));
  }

  private row(r: PanelRow, forecast: boolean): HTMLElement {
    const t = this.t;
    const line = r.short
      ? t(r.short.add === 1 ? `staffing.short.${r.role}.one` : `staffing.short.${r.role}`, {
          time: r.short.from,
          count: r.short.add,
        })
      : // Enough staff only where there is a forecast to be enough for and a duty board to count.
        !forecast
        ? t('staffing.noForecast')
        : r.onDuty === null
          ? t('staffing.onDutyUnknownAdvice')
          : t('staffing.covered');
    return h(
      'div',
      { class: 'staffing-row', 'data-role': r.role, 'data-short': r.short ? 'true' : 'false' },
      h('span', { class: 'staffing-role' }, t(`staffing.role.${r.role}`)),
      h(
        'span',
        { class: 'staffing-counts' },
        h(
          'strong',
          { class: 'staffing-on' },
          r.onDuty === null ? t('staffing.onDutyUnknown') : t('staffing.onDuty', { count: r.onDuty }),
        ),
        ' / ',
        h('span', { class: 'staffing-need' }, t('staffing.neededNow', { count: r.neededNow })),
        ' · ',
        h('span', { class: 'staffing-peak' }, t('staffing.neededPeak', { count: r.neededPeak })),
      ),
      h('span', { class: 'staffing-advice', role: r.short ? 'alert' : null }, line),
    );
  }
}
