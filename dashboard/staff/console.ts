/**
 * The console after sign-in: the header (header.ts), the alert area (alerts.ts), the waiting list
 * (waiting-column.ts) and the side column with the customer at my counter, my customers and the rest
 * of the hall (side-column.ts) — all from one live store, repainted as it changes. The page never grows
 * past the screen: each column scrolls on its own. This file wires them: context, live link, render.
 */
import { mountKioskRefusals } from './kiosk-refusals.ts';
import { api } from '../../shared/api/routes.ts';
import { call } from '../../shared/browser/api.ts';
import { currentLang, makeT, setLang } from '../../shared/browser/lang.ts';
import type { StaffSession } from '../../shared/browser/session.ts';
import { staff as staffText } from '../../shared/i18n/staff.ts';
import type { DutyStatus } from '../../shared/socket.ts';
import { Actions } from './actions.ts';
import { AlertBanner } from './alerts.ts';
import type { Ctx } from './context.ts';
import { startCountdowns } from './countdown.ts';
import { h } from '../../shared/browser/dom.ts';
import { ForesightView } from './foresight.ts';
import { HeaderView } from './header.ts';
import { HelpWatch } from './help.ts';
import { connectConsole } from './link.ts';
import { Outbox } from './outbox.ts';
import { atMyCounter, myCustomers, othersInHall, waitingFor } from './queue.ts';
import { keptBranch, signOut as endSession } from './session.ts';
import { Sheet } from './sheet.ts';
import { SideColumn } from './side-column.ts';
import { staffingWords } from '../../shared/i18n/staffing.ts';
import { StaffingPanelView } from '../common/staffing-panel.ts';
import { unlockSound } from './sound.ts';
import { Store } from './store.ts';
import { Toasts } from './toasts.ts';
import { WaitingColumn } from './waiting-column.ts';
import { RateScreen } from './rate-screen.ts';
import { ComplaintList } from './complaints.ts';
import { satisfactionText } from '../../shared/i18n/satisfaction.ts';

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
      call(api.branch, { params: { branch: me.branch }, token }),
      call(api.staff, { params: { branch: me.branch }, token }),
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
  let renderQueued = false;
  const foresight = new ForesightView(() => ctx);

  const ctx: Ctx = {
    t: makeT(staffText, staffingWords, satisfactionText),
    lang: currentLang(),
    me,
    branch,
    staff,
    store,
    serverNow: () => link?.live.serverNow() ?? Date.now(),
    counter: () => counter,
    openSheet: (v) => sheet.open(v),
    toast: (text, kind) => toasts.show(text, kind),
    // 办理完成 at my counter: the counter view offers 请您评价 for the customer just served.
    act: async (v, command, body) => {
      const done = await actions.act(v, command, body);
      if (done && command === 'complete' && counter !== null) rate.offerFor(done);
      return done;
    },
    actWithUndo: (v, command, body) => actions.actWithUndo(v, command, body),
    sending: (v) => actions.sending(v),
    likely: (v) => foresight.has(v.id),
  };

  const rate = new RateScreen(() => ctx, token);
  const complaints = new ComplaintList(
    () => ctx,
    (alerts) => actions.acknowledge(alerts),
  );
  const myStatus = (): DutyStatus => store.duty?.staff.find((s) => s.staffId === me.id)?.status ?? 'off-duty';
  const banner = new AlertBanner(
    () => ctx,
    () => myStatus() === 'on-break',
    (alerts) => actions.acknowledge(alerts),
  );

  // 人手建议 for a manager only (the route refuses anyone else): one element kept across rebuilds.
  const staffingEl = h('section', { class: 'staffing-tablet', 'data-testid': 'staffing-panel' });
  const staffing = me.roles.includes('manager')
    ? new StaffingPanelView(
        staffingEl,
        branch.id,
        () => token,
        () => ctx.serverNow(),
        ctx.t,
      )
    : null;
  let lastDuty = store.duty;

  // ---- the views (built anew on a language switch) ----
  let views = build();
  function build() {
    const header = new HeaderView(ctx, token, {
      toggleDuty: () => void actions.setDuty(myStatus() === 'on-duty' ? 'on-break' : 'on-duty'),
      setCounter,
      switchLang,
      signOut,
    });
    const waiting = new WaitingColumn(ctx);
    const side = new SideColumn(ctx, callNext, staffing ? staffingEl : null);
    root.replaceChildren(
      h(
        'div',
        { class: 'console', 'data-testid': 'console' },
        header.el,
        header.pending,
        banner.el,
        complaints.el,
        foresight.warning,
        h('main', { class: 'columns' }, waiting.el, side.el),
        toasts.el,
        sheet.dialog,
        rate.offer,
        rate.screen,
      ),
    );
    return { header, waiting, side };
  }

  function render(): void {
    renderQueued = false;
    foresight.update();
    const visits = [...store.visits.values()];
    views.waiting.render(waitingFor(visits, me, ctx.serverNow()), store.loaded);
    views.side.render(
      {
        here: atMyCounter(visits, counter),
        mine: myCustomers(visits, me, counter),
        others: othersInHall(visits, me, counter),
      },
      store.loaded,
    );
    views.header.render(myStatus(), store.duty, link.state(), outbox.list());
    if (store.duty !== lastDuty) {
      lastDuty = store.duty;
      staffing?.dutyChanged();
    }
    banner.render();
    complaints.render();
    views.waiting.measure();
    views.side.measure();
  }
  function scheduleRender(): void {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(render, 0);
  }

  function callNext(): void {
    if (counter) return void actions.callNext(counter);
    toasts.show(ctx.t('staff.pickCounterFirst'), 'error');
    views.header.counterSelect.focus();
  }

  function setCounter(c: string | null): void {
    counter = c;
    if (c) localStorage.setItem(COUNTER_KEY, c);
    else localStorage.removeItem(COUNTER_KEY);
    render();
  }

  function switchLang(): void {
    setLang(ctx.lang === 'zh' ? 'en' : 'zh');
    ctx.t = makeT(staffText, staffingWords, satisfactionText);
    ctx.lang = currentLang();
    sheet.close();
    staffing?.setLanguage(ctx.t);
    views = build();
    render();
  }

  function signOut(): void {
    actions.flush();
    destroy();
    // Off duty first (it needs the session), then end the session; the screen does not wait for either.
    void outbox
      .send(api.setDuty, { params: { branch: branch.id }, body: { status: 'off-duty' } }, '')
      .catch(() => undefined)
      .finally(() => void endSession(session));
    opts.onSignOut();
  }

  // ---- live ----
  const link = connectConsole(token, store, outbox, scheduleRender, () => {
    destroy();
    opts.onSignOut(ctx.t('staff.sessionEnded'));
  });
  const unmountRefusals = mountKioskRefusals(ctx, link.live, token);
  store.onChange(scheduleRender);
  const help = new HelpWatch(() => ctx);
  store.onChange(() => help.check(store.visits.values()));
  outbox.onChange(scheduleRender);
  window.addEventListener('resize', scheduleRender);
  document.addEventListener('pointerdown', unlockSound, { once: false, passive: true });
  const stopCountdowns = startCountdowns(
    root,
    () => ctx.serverNow(),
    () => ctx.t,
    scheduleRender,
  );
  const stopForesight = foresight.start(scheduleRender);
  if (opts.fresh) void actions.setDuty('on-duty');
  void staffing?.refresh();
  render();

  let destroyed = false;
  function destroy(): void {
    if (destroyed) return;
    destroyed = true;
    unmountRefusals();
    staffing?.stop();
    link.close();
    stopCountdowns();
    stopForesight();
    window.removeEventListener('resize', scheduleRender);
    document.removeEventListener('pointerdown', unlockSound);
    sheet.close();
  }
  return destroy;
}
