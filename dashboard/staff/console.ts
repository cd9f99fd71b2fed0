/**
 * The console after sign-in: header (me, duty, my counter, connection), alert banner, the waiting list,
 * my customers and the rest of the hall — all from one live store, repainted as it changes.
 */
import { mountKioskRefusals } from './kiosk-refusals.ts';
import { ApiFailure, get } from '../common/api.ts';
import { connectLive, type Live } from '../common/live.ts';
import { currentLang, describeFailure, makeT, setLang } from '../common/lang.ts';
import { staff as staffText } from '../../shared/i18n/staff.ts';
import type { DutyStatus } from '../../shared/socket.ts';
import type { BranchPublic, StaffPublic, Visit } from '../../shared/types.ts';
import { AlertBanner, unlockSound } from './alerts.ts';
import { addDeviceButton } from './devices.ts';
import { hallRow, mineCard, waitingCard } from './cards.ts';
import type { Ctx } from './context.ts';
import { startCountdowns } from './countdown.ts';
import { button, h } from '../common/dom.ts';
import { KeyedList } from './lists.ts';
import { Outbox } from './outbox.ts';
import { myCustomers, othersInHall, waitingFor } from './queue.ts';
import { signOut as endSession, type Session } from './session.ts';
import { Sheet } from './sheet.ts';
import { Store } from './store.ts';

const COUNTER_KEY = 'yingbin.staff.counter';
const TOAST_MS = { info: 4000, error: 10000 };

export interface ConsoleOptions {
  /** A fresh sign-in puts me on duty; a reload keeps whatever I was. */
  fresh: boolean;
  onSignOut(notice?: string): void;
}

export async function mountConsole(root: HTMLElement, session: Session, opts: ConsoleOptions): Promise<() => void> {
  const { token, staff: me } = session;
  const store = new Store();
  const outbox = new Outbox(() => token);
  const [{ branch }, { staff }] = await Promise.all([
    get<{ branch: BranchPublic }>(`/branches/${me.branch}`, token),
    get<{ staff: StaffPublic[] }>(`/branches/${me.branch}/staff`, token),
  ]);
  const sheet = new Sheet(() => ctx);
  let counter: string | null = localStorage.getItem(COUNTER_KEY);
  if (counter && !branch.counters.includes(counter)) counter = null;
  let connected = false;
  let lastUpdate: number | null = null;
  let renderQueued = false;

  const ctx: Ctx = {
    t: makeT(staffText),
    lang: currentLang(),
    me,
    branch,
    staff,
    store,
    serverNow: () => live?.serverNow() ?? Date.now(),
    counter: () => counter,
    openSheet: (v) => sheet.open(v),
    toast,
    act,
  };

  const myStatus = (): DutyStatus => store.duty?.staff.find((s) => s.staffId === me.id)?.status ?? 'off-duty';
  const banner = new AlertBanner(() => ctx, h('section', { class: 'alert-banner', 'data-testid': 'alert-banner', role: 'alert', hidden: true }), () => myStatus() === 'on-break');

  // ---- the shell (rebuilt on a language switch) ----
  let ui = shell();
  function shell() {
    const t = ctx.t;
    const waitingCount = h('span', { class: 'count', 'data-testid': 'waiting-count' });
    const mineCount = h('span', { class: 'count', 'data-testid': 'mine-count' });
    const hallCount = h('span', { class: 'count' });
    const waiting = new KeyedList<Visit>(h('div', { class: 'list', 'data-testid': 'waiting-list' }), (v) => waitingCard(ctx, v), (v) => JSON.stringify(v));
    const mine = new KeyedList<Visit>(h('div', { class: 'list', 'data-testid': 'mine-list' }), (v) => mineCard(ctx, v), (v) => `${counter}|${JSON.stringify(v)}`);
    const hall = new KeyedList<Visit>(h('ul', { class: 'hall-list', 'data-testid': 'hall-list' }), (v) => hallRow(ctx, v), (v) => JSON.stringify(v));
    const counterSelect = h(
      'select',
      { id: 'my-counter', 'data-testid': 'my-counter', onchange: (e: Event) => setCounter((e.target as HTMLSelectElement).value || null) },
      h('option', { value: '' }, t('staff.noCounter')),
      ...branch.counters.map((c) => h('option', { value: c, selected: c === counter }, t('staff.counterN', { counter: c }))),
    );
    const ui = {
      waiting,
      mine,
      hall,
      waitingCount,
      mineCount,
      hallCount,
      counterSelect,
      waitingEmpty: h('p', { class: 'empty' }, t('staff.noneWaiting')),
      mineEmpty: h('p', { class: 'empty' }, t('staff.noneMine')),
      connection: h('span', { class: 'connection', 'data-testid': 'connection', role: 'status' }),
      duty: button('', toggleDuty, 'secondary', { class: 'btn duty-switch', 'data-testid': 'duty-switch' }),
      dutyCounts: h('span', { class: 'duty-counts', 'data-testid': 'duty-counts' }),
      pending: h('div', { class: 'pending-strip', 'data-testid': 'pending', role: 'status', hidden: true }),
      callNext: button('', callNext, 'primary', { class: 'btn btn-primary btn-big call-next', 'data-testid': 'call-next' }),
      toasts: h('div', { class: 'toasts', 'aria-live': 'polite', 'data-testid': 'toasts' }),
    };
    root.replaceChildren(
      h(
        'div',
        { class: 'console' },
        h(
          'header',
          { class: 'topbar' },
          h('div', { class: 'who' }, h('strong', {}, branch.name[ctx.lang]), h('span', { 'data-testid': 'me' }, t('staff.signedInAs', { name: me.name, id: me.id }))),
          h('div', { class: 'duty' }, ui.duty, ui.dutyCounts),
          h('label', { class: 'counter-pick', for: 'my-counter' }, h('span', {}, t('staff.myCounter')), counterSelect),
          ui.connection,
          me.roles.includes('manager') ? addDeviceButton(branch.id, token, branch.timeZone) : null,
          button(t('lang.switch'), switchLang, 'secondary', { class: 'btn btn-secondary lang' }),
          button(t('staff.signOut'), signOut, 'secondary', { class: 'btn btn-secondary', 'data-testid': 'sign-out' }),
        ),
        ui.pending,
        banner.el,
        h(
          'main',
          { class: 'columns' },
          h('section', { class: 'col col-waiting', 'aria-labelledby': 'h-waiting' }, h('h2', { id: 'h-waiting' }, t('staff.waiting'), ' ', waitingCount), waiting.container, ui.waitingEmpty),
          h(
            'section',
            { class: 'col col-mine', 'aria-labelledby': 'h-mine' },
            ui.callNext,
            h('h2', { id: 'h-mine' }, t('staff.mine'), ' ', mineCount),
            mine.container,
            ui.mineEmpty,
            h('h2', { class: 'hall-title' }, t('staff.hall'), ' ', hallCount),
            hall.container,
          ),
        ),
        ui.toasts,
        sheet.dialog,
      ),
    );
    return ui;
  }

  function render(): void {
    renderQueued = false;
    const t = ctx.t;
    const now = ctx.serverNow();
    const waiting = waitingFor(store.visits.values(), me, now);
    const mine = myCustomers(store.visits.values(), me);
    const others = othersInHall(store.visits.values(), me);
    ui.waiting.render(waiting);
    ui.mine.render(mine);
    ui.hall.render(others);
    ui.waitingCount.textContent = String(waiting.length);
    ui.mineCount.textContent = String(mine.length);
    ui.hallCount.textContent = String(others.length);
    ui.waitingEmpty.hidden = waiting.length > 0;
    ui.mineEmpty.hidden = mine.length > 0;
    ui.callNext.textContent = counter ? t('staff.callNext', { counter }) : t('staff.callNextPickCounter');
    const status = myStatus();
    ui.duty.textContent = t(`staff.duty.${status}`);
    ui.duty.dataset.status = status;
    ui.duty.setAttribute('aria-label', t('staff.dutySwitch', { status: t(`staff.duty.${status}`) }));
    const d = store.duty;
    ui.dutyCounts.textContent = d ? t('staff.dutyCounts', { onDuty: d.onDuty, onBreak: d.onBreak }) : '';
    ui.connection.textContent = connected
      ? t('staff.live')
      : lastUpdate === null
        ? t('staff.connecting')
        : t('staff.reconnecting', { time: new Date(lastUpdate).toLocaleTimeString(ctx.lang === 'zh' ? 'zh-CN' : 'en-GB', { hourCycle: 'h23' }) });
    ui.connection.dataset.connected = String(connected);
    const pending = outbox.list();
    ui.pending.hidden = pending.length === 0;
    ui.pending.textContent = pending.length ? t('staff.pending', { n: pending.length, what: pending.map((p) => p.label).join('、') }) : '';
    banner.render();
  }
  function scheduleRender(): void {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(render, 0);
  }

  function toast(text: string, kind: 'info' | 'error' = 'info'): void {
    const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-kind': kind }, text);
    el.append(button('×', () => el.remove(), 'chip', { 'aria-label': ctx.t('staff.close') }));
    ui.toasts.prepend(el);
    setTimeout(() => el.remove(), TOAST_MS[kind]);
  }

  async function act(v: Visit, command: string, body: Record<string, unknown> = {}): Promise<Visit | null> {
    const what = ctx.t(`staff.cmd.${command}`, { ticket: v.ticket });
    try {
      const r = await outbox.send<{ visit: Visit }>(`/branches/${branch.id}/visits/${v.id}/${command}`, body, what);
      store.applyVisit(r.visit);
      toast(ctx.t('staff.done', { what }));
      return r.visit;
    } catch (e) {
      await refused(e, what, v);
      return null;
    }
  }

  async function refused(e: unknown, what: string, v?: Visit): Promise<void> {
    const f = e as ApiFailure;
    if (f.code === 'unauthorized') return opts.onSignOut(ctx.t('staff.sessionEnded'));
    if (f.code === 'already-greeted' && v) {
      // Say who: the colleague's greeting may not have reached this tablet yet.
      try {
        const fresh = (await get<{ visit: Visit }>(`/branches/${branch.id}/visits/${v.id}`, token)).visit;
        store.applyVisit(fresh);
        const name = staff.find((s) => s.id === fresh.greetedBy)?.name ?? fresh.greetedBy ?? '';
        return toast(ctx.t('staff.greetedByOther', { ticket: v.ticket, name }), 'error');
      } catch {
        // fall through to the plain refusal
      }
    }
    toast(ctx.t('staff.refused', { what, why: describeFailure(e, ctx.t) }), 'error');
  }

  async function callNext(): Promise<void> {
    if (!counter) {
      toast(ctx.t('staff.pickCounterFirst'), 'error');
      return ui.counterSelect.focus();
    }
    const what = ctx.t('staff.cmd.call-next', { counter });
    try {
      const r = await outbox.send<{ visit: Visit }>(`/branches/${branch.id}/counters/${counter}/call-next`, {}, what);
      store.applyVisit(r.visit);
      toast(ctx.t('staff.called', { ticket: r.visit.ticket, counter }));
    } catch (e) {
      await refused(e, what);
    }
  }

  async function setDuty(status: DutyStatus): Promise<void> {
    const what = ctx.t(`staff.duty.${status}`);
    try {
      store.applyDuty((await outbox.send<{ duty: NonNullable<Store['duty']> }>(`/branches/${branch.id}/duty`, { status }, what)).duty);
    } catch (e) {
      await refused(e, what);
    }
  }
  function toggleDuty(): void {
    void setDuty(myStatus() === 'on-duty' ? 'on-break' : 'on-duty');
  }

  function setCounter(c: string | null): void {
    counter = c;
    if (c) localStorage.setItem(COUNTER_KEY, c);
    else localStorage.removeItem(COUNTER_KEY);
    render();
  }

  function switchLang(): void {
    setLang(ctx.lang === 'zh' ? 'en' : 'zh');
    ctx.t = makeT(staffText);
    ctx.lang = currentLang();
    sheet.close();
    ui = shell();
    render();
  }

  function signOut(): void {
    destroy();
    // Off duty first (it needs the session), then end the session; the screen does not wait for either.
    void outbox
      .send(`/branches/${branch.id}/duty`, { status: 'off-duty' }, '')
      .catch(() => undefined)
      .finally(() => void endSession(session));
    opts.onSignOut();
  }

  // ---- live ----
  const live: Live = connectLive(token, {
    snapshot: (s) => store.applySnapshot(s),
    visit: (v) => store.applyVisit(v),
    alert: (a) => store.applyAlert(a),
    status: (isConnected, last) => {
      connected = isConnected;
      lastUpdate = last;
      if (isConnected) outbox.wake();
      scheduleRender();
    },
    rejected: () => {
      destroy();
      opts.onSignOut(ctx.t('staff.sessionEnded'));
    },
  });
  live.socket.on('duty', (d) => store.applyDuty(d));
  const unmountRefusals = mountKioskRefusals(ctx, live, token);
  store.onChange(scheduleRender);
  outbox.onChange(scheduleRender);
  // The browser knows first that the network is back: reconnect now instead of at the next back-off step.
  const online = () => {
    if (!live.socket.connected) live.socket.connect();
    outbox.wake();
  };
  window.addEventListener('online', online);
  document.addEventListener('pointerdown', unlockSound, { once: false, passive: true });
  const stopCountdowns = startCountdowns(root, () => ctx.serverNow(), () => ctx.t, scheduleRender);
  if (opts.fresh) void setDuty('on-duty');
  render();

  let destroyed = false;
  function destroy(): void {
    if (destroyed) return;
    destroyed = true;
    unmountRefusals();
    live.close();
    stopCountdowns();
    window.removeEventListener('online', online);
    document.removeEventListener('pointerdown', unlockSound);
    sheet.close();
  }
  return destroy;
}
