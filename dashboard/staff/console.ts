/**
 * The console after sign-in: header (me, duty, my counter, connection), the alert area, the waiting
 * list, the customer at my counter, my customers and the rest of the hall — all from one live store,
 * repainted as it changes. The page never grows past the screen: each column scrolls on its own.
 */
import { mountKioskRefusals } from './kiosk-refusals.ts';
import { get } from '../../shared/browser/api.ts';
import { connectLive, type Live } from '../common/live.ts';
import { currentLang, makeT, setLang } from '../../shared/browser/lang.ts';
import { staff as staffText } from '../../shared/i18n/staff.ts';
import type { DutyStatus } from '../../shared/socket.ts';
import type { BranchPublic, StaffPublic, Visit } from '../../shared/types.ts';
import { Actions } from './actions.ts';
import { AlertBanner } from './alerts.ts';
import { counterCard, hallRow, mineCard, waitingCard } from './cards.ts';
import type { Ctx } from './context.ts';
import { startCountdowns } from './countdown.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import { MoreBelow } from './more.ts';
import { Outbox } from './outbox.ts';
import { atMyCounter, myCustomers, othersInHall, waitingFor } from './queue.ts';
import type { StaffSession } from '../../shared/browser/session.ts';
import { keptBranch, signOut as endSession } from './session.ts';
import { Sheet } from './sheet.ts';
import { unlockSound } from './sound.ts';
import { Store } from './store.ts';
import { Toasts } from './toasts.ts';
import { managerTools } from './tools.ts';

const COUNTER_KEY = 'yingbin.staff.counter';

export interface ConsoleOptions {
  /** A fresh sign-in puts me on duty; a reload keeps whatever I was. */
  fresh: boolean;
  onSignOut(notice?: string): void;
}

export async function mountConsole(
  root: HTMLElement,
  session: StaffSession,
  opts: ConsoleOptions,
): Promise<() => void> {
  const { token, staff: me } = session;
  const store = new Store();
  const outbox = new Outbox(() => token);
  // Kept from the last time the server answered, so a reload without network still draws the console.
  const { branch, staff } = await keptBranch(me.branch, () =>
    Promise.all([
      get<{ branch: BranchPublic }>(`/branches/${me.branch}`, token),
      get<{ staff: StaffPublic[] }>(`/branches/${me.branch}/staff`, token),
    ]).then(([b, s]) => ({ branch: b.branch, staff: s.staff })),
  );
  const sheet = new Sheet(() => ctx);
  const toasts = new Toasts(() => ctx.t);
  const actions = new Actions(
    () => ctx,
    outbox,
    toasts,
    token,
    () => scheduleRender(),
    (notice) => (destroy(), opts.onSignOut(notice)),
  );
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
    toast: (text, kind) => toasts.show(text, kind),
    act: (v, command, body) => actions.act(v, command, body),
    actWithUndo: (v, command, body) => actions.actWithUndo(v, command, body),
    sending: (v) => actions.sending(v),
  };

  const myStatus = (): DutyStatus => store.duty?.staff.find((s) => s.staffId === me.id)?.status ?? 'off-duty';
  const banner = new AlertBanner(
    () => ctx,
    () => myStatus() === 'on-break',
    (alerts) => actions.acknowledge(alerts),
  );

  // ---- the shell (rebuilt on a language switch) ----
  let ui = shell();
  function shell() {
    const t = ctx.t;
    const sig = (v: Visit) => `${actions.sending(v)}|${counter}|${JSON.stringify(v)}`;
    const waiting = new KeyedList<Visit>(h('div', { class: 'list', 'data-testid': 'waiting-list' }), {
      key: (v) => v.id,
      create: (v) => waitingCard(ctx, v),
      signature: sig,
    });
    const atCounter = new KeyedList<Visit>(h('div', { class: 'list', 'data-testid': 'counter-list' }), {
      key: (v) => v.id,
      create: (v) => counterCard(ctx, v),
      signature: sig,
    });
    const mine = new KeyedList<Visit>(h('div', { class: 'list', 'data-testid': 'mine-list' }), {
      key: (v) => v.id,
      create: (v) => mineCard(ctx, v),
      signature: sig,
    });
    const hall = new KeyedList<Visit>(h('ul', { class: 'hall-list', 'data-testid': 'hall-list' }), {
      key: (v) => v.id,
      create: (v) => hallRow(ctx, v),
      signature: sig,
    });
    const counterSelect = h(
      'select',
      {
        id: 'my-counter',
        'data-testid': 'my-counter',
        onchange: (e: Event) => setCounter((e.target as HTMLSelectElement).value || null),
      },
      h('option', { value: '' }, t('staff.noCounter')),
      ...branch.counters.map((c) =>
        h('option', { value: c, selected: c === counter }, t('staff.counterN', { counter: c })),
      ),
    );
    // Each column: a fixed head, its own scrolling body, and a foot saying how many are out of sight below.
    const waitingBody = h('div', { class: 'col-body' });
    const sideBody = h('div', { class: 'col-body' });
    const ui = {
      waiting,
      atCounter,
      mine,
      hall,
      counterSelect,
      waitingCount: h('span', { class: 'count', 'data-testid': 'waiting-count' }),
      mineCount: h('span', { class: 'count', 'data-testid': 'mine-count' }),
      hallCount: h('span', { class: 'count' }),
      waitingEmpty: h('p', { class: 'empty' }, t('staff.noneWaiting')),
      mineEmpty: h('p', { class: 'empty' }, t('staff.noneMine')),
      counterPanel: h('section', {
        class: 'counter-panel',
        'data-testid': 'counter-panel',
        'aria-labelledby': 'h-counter',
        hidden: true,
      }),
      counterTitle: h('h2', { id: 'h-counter' }),
      counterHead: h('div', { class: 'counter-head' }),
      counterEmpty: h('p', { class: 'empty', 'data-testid': 'counter-empty' }, t('staff.counterIdle')),
      connection: h('span', { class: 'connection', 'data-testid': 'connection', role: 'status' }),
      duty: button('', toggleDuty, 'secondary', { class: 'btn duty-switch', 'data-testid': 'duty-switch' }),
      dutyCounts: h('span', { class: 'duty-counts', 'data-testid': 'duty-counts' }),
      pending: h('div', { class: 'pending-strip', 'data-testid': 'pending', role: 'status', hidden: true }),
      callNext: button('', () => void callNext(), 'primary', {
        class: 'btn btn-primary btn-big call-next',
        'data-testid': 'call-next',
      }),
      waitingMore: new MoreBelow(waitingBody, () => ctx.t),
      sideMore: new MoreBelow(sideBody, () => ctx.t),
      sideBody,
    };
    ui.counterHead.append(ui.counterTitle);
    ui.counterPanel.append(ui.counterHead, atCounter.container, ui.counterEmpty);
    waitingBody.append(waiting.container, ui.waitingEmpty);
    sideBody.append(
      ui.callNext,
      h('h2', { id: 'h-mine' }, t('staff.mine'), ' ', ui.mineCount),
      mine.container,
      ui.mineEmpty,
      h('h2', { class: 'hall-title' }, t('staff.hall'), ' ', ui.hallCount),
      hall.container,
    );
    const waitingCol = h(
      'section',
      { class: 'col col-waiting', 'aria-labelledby': 'h-waiting', 'data-testid': 'waiting-column' },
      h('h2', { id: 'h-waiting' }, t('staff.waiting'), ' ', ui.waitingCount),
      waitingBody,
      ui.waitingMore.el,
    );
    // The customer at my counter stays pinned at the top of its column: never scrolled out of sight.
    const sideCol = h(
      'section',
      { class: 'col col-side', 'aria-labelledby': 'h-mine', 'data-testid': 'side-column' },
      ui.counterPanel,
      sideBody,
      ui.sideMore.el,
    );
    root.replaceChildren(
      h(
        'div',
        { class: 'console', 'data-testid': 'console' },
        h(
          'header',
          { class: 'topbar' },
          h(
            'div',
            { class: 'who' },
            h('strong', {}, branch.name[ctx.lang]),
            h('span', { 'data-testid': 'me' }, t('staff.signedInAs', { name: me.name, id: me.id })),
          ),
          h('div', { class: 'duty' }, ui.duty, ui.dutyCounts),
          h('label', { class: 'counter-pick', for: 'my-counter' }, h('span', {}, t('staff.myCounter')), counterSelect),
          ui.connection,
          ...managerTools(ctx, token),
          button(t('lang.switch'), switchLang, 'secondary', { class: 'btn btn-secondary lang' }),
          button(t('staff.signOut'), signOut, 'secondary', { class: 'btn btn-secondary', 'data-testid': 'sign-out' }),
        ),
        ui.pending,
        banner.el,
        h('main', { class: 'columns' }, waitingCol, sideCol),
        toasts.el,
        sheet.dialog,
      ),
    );
    return ui;
  }

  function render(): void {
    renderQueued = false;
    const t = ctx.t;
    const now = ctx.serverNow();
    const visits = [...store.visits.values()];
    const waiting = waitingFor(visits, me, now);
    const here = atMyCounter(visits, counter);
    const mine = myCustomers(visits, me, counter);
    const others = othersInHall(visits, me, counter);
    ui.waiting.render(waiting);
    ui.atCounter.render(here);
    ui.mine.render(mine);
    ui.hall.render(others);
    // Before the first snapshot the counts are not known: "—", never a reassuring 0.
    const count = (n: number) => (store.loaded ? String(n) : '—');
    ui.waitingCount.textContent = count(waiting.length);
    ui.mineCount.textContent = count(mine.length);
    ui.hallCount.textContent = count(others.length);
    ui.waitingEmpty.hidden = waiting.length > 0;
    ui.mineEmpty.hidden = mine.length > 0;
    ui.waitingEmpty.textContent = store.loaded ? t('staff.noneWaiting') : t('staff.notLoaded');
    ui.mineEmpty.textContent = store.loaded ? t('staff.noneMine') : t('staff.notLoaded');
    ui.counterPanel.hidden = counter === null;
    ui.counterTitle.textContent = counter ? t('staff.atMyCounter', { counter }) : '';
    ui.counterEmpty.hidden = here.length > 0;
    ui.callNext.textContent = counter ? t('staff.callNext', { counter }) : t('staff.callNextPickCounter');
    // With a counter chosen, calling the next customer belongs to that counter's panel, beside who is there.
    if (counter && ui.callNext.parentElement !== ui.counterHead) ui.counterHead.append(ui.callNext);
    if (!counter && ui.callNext.parentElement !== ui.sideBody) ui.sideBody.prepend(ui.callNext);
    const status = myStatus();
    ui.duty.textContent = t(`staff.duty.${status}`);
    ui.duty.dataset.status = status;
    ui.duty.setAttribute('aria-label', t('staff.dutySwitch', { status: t(`staff.duty.${status}`) }));
    const d = store.duty;
    ui.dutyCounts.textContent = d ? t('staff.dutyCounts', { onDuty: d.onDuty, onBreak: d.onBreak }) : '';
    // Live only when it is: the socket up, the browser online and no tap stuck waiting for the network.
    const live = connected && navigator.onLine && !outbox.stuck;
    const time =
      lastUpdate === null
        ? ''
        : new Date(lastUpdate).toLocaleTimeString(ctx.lang === 'zh' ? 'zh-CN' : 'en-GB', { hourCycle: 'h23' });
    ui.connection.textContent = live
      ? t('staff.live')
      : lastUpdate === null
        ? t('staff.connecting')
        : t('staff.offline', { time });
    ui.connection.dataset.connected = String(live);
    const pending = outbox.list();
    ui.pending.hidden = pending.length === 0;
    ui.pending.textContent = pending.length
      ? t('staff.pending', { n: pending.length, what: pending.map((p) => p.label).join('、') })
      : '';
    banner.render();
    ui.waitingMore.update();
    ui.sideMore.update();
  }
  function scheduleRender(): void {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(render, 0);
  }

  async function callNext(): Promise<void> {
    if (!counter) {
      toasts.show(ctx.t('staff.pickCounterFirst'), 'error');
      return ui.counterSelect.focus();
    }
    const what = ctx.t('staff.cmd.call-next', { counter });
    try {
      const r = await outbox.send<{ visit: Visit }>(`/branches/${branch.id}/counters/${counter}/call-next`, {}, what);
      store.applyVisit(r.visit);
      toasts.show(ctx.t('staff.called', { ticket: r.visit.ticket, counter }));
    } catch (e) {
      await actions.refused(e, what);
    }
  }

  async function setDuty(status: DutyStatus): Promise<void> {
    const what = ctx.t(`staff.duty.${status}`);
    try {
      store.applyDuty(
        (await outbox.send<{ duty: NonNullable<Store['duty']> }>(`/branches/${branch.id}/duty`, { status }, what)).duty,
      );
    } catch (e) {
      await actions.refused(e, what);
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
    actions.flush();
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
    scheduleRender();
  };
  window.addEventListener('online', online);
  window.addEventListener('offline', scheduleRender);
  window.addEventListener('resize', scheduleRender);
  document.addEventListener('pointerdown', unlockSound, { once: false, passive: true });
  const stopCountdowns = startCountdowns(
    root,
    () => ctx.serverNow(),
    () => ctx.t,
    scheduleRender,
  );
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
    window.removeEventListener('offline', scheduleRender);
    window.removeEventListener('resize', scheduleRender);
    document.removeEventListener('pointerdown', unlockSound);
    sheet.close();
  }
  return destroy;
}
