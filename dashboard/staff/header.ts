/**
 * The console's header — me, my duty, my counter, the connection, the manager's tools, language and
 * sign-out — and beneath it the strip of taps still waiting for the network.
 */
import { button, h } from '../../shared/browser/dom.ts';
import type { DutyBoard, DutyStatus } from '../../shared/socket.ts';
import type { Ctx } from './context.ts';
import { managerTools } from './tools.ts';

export interface HeaderHooks {
  toggleDuty(): void;
  setCounter(counter: string | null): void;
  switchLang(): void;
  signOut(): void;
}

/** What the header says about the link: live, or since when the tablet has heard nothing. */
export interface LinkState {
  /** The socket up, the browser online and no tap stuck waiting for the network. */
  live: boolean;
  lastUpdate: number | null;
}

export class HeaderView {
  readonly counterSelect: HTMLSelectElement;
  readonly el: HTMLElement;
  readonly pending = h('div', { class: 'pending-strip', 'data-testid': 'pending', role: 'status', hidden: true });
  private readonly connection = h('span', { class: 'connection', 'data-testid': 'connection', role: 'status' });
  private readonly duty: HTMLButtonElement;
  private readonly dutyCounts = h('span', { class: 'duty-counts', 'data-testid': 'duty-counts' });

  constructor(
    private readonly ctx: Ctx,
    token: string,
    hooks: HeaderHooks,
  ) {
    const { t, branch, me } = ctx;
    const counter = ctx.counter();
    this.duty = button('', () => hooks.toggleDuty(), 'secondary', {
      class: 'btn duty-switch',
      'data-testid': 'duty-switch',
    });
    this.counterSelect = h(
      'select',
      {
        id: 'my-counter',
        'data-testid': 'my-counter',
        onchange: (e: Event) => hooks.setCounter((e.target as HTMLSelectElement).value || null),
      },
      h('option', { value: '' }, t('staff.noCounter')),
      ...branch.counters.map((c) =>
        h('option', { value: c, selected: c === counter }, t('staff.counterN', { counter: c })),
      ),
    );
    this.el = h(
      'header',
      { class: 'topbar' },
      h(
        'div',
        { class: 'who' },
        h('strong', {}, branch.name[ctx.lang]),
        h('span', { 'data-testid': 'me' }, t('staff.signedInAs', { name: me.name, id: me.id })),
      ),
      h('div', { class: 'duty' }, this.duty, this.dutyCounts),
      h('label', { class: 'counter-pick', for: 'my-counter' }, h('span', {}, t('staff.myCounter')), this.counterSelect),
      this.connection,
      ...managerTools(ctx, token),
      button(t('lang.switch'), () => hooks.switchLang(), 'secondary', { class: 'btn btn-secondary lang' }),
      button(t('staff.signOut'), () => hooks.signOut(), 'secondary', {
        class: 'btn btn-secondary',
        'data-testid': 'sign-out',
      }),
    );
  }

  render(status: DutyStatus, board: DutyBoard | null, link: LinkState, pending: readonly { label: string }[]): void {
    const { t, lang } = this.ctx;
    this.duty.textContent = t(`staff.duty.${status}`);
    this.duty.dataset.status = status;
    this.duty.setAttribute('aria-label', t('staff.dutySwitch', { status: t(`staff.duty.${status}`) }));
    this.dutyCounts.textContent = board ? t('staff.dutyCounts', { onDuty: board.onDuty, onBreak: board.onBreak }) : '';
    const time =
      link.lastUpdate === null
        ? ''
        : new Date(link.lastUpdate).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hourCycle: 'h23' });
    this.connection.textContent = link.live
      ? t('staff.live')
      : link.lastUpdate === null
        ? t('staff.connecting')
        : t('staff.offline', { time });
    this.connection.dataset.connected = String(link.live);
    this.pending.hidden = pending.length === 0;
    this.pending.textContent = pending.length
      ? t('staff.pending', { n: pending.length, what: pending.map((p) => p.label).join('、') })
      : '';
  }
}
