/**
 * The manager wall display: the hall at a glance from across the room, all day without a reload.
 * Live data comes from the Socket.IO snapshot and deltas; today's figures from GET …/today on each
 * (re)connection plus the same deltas. Rendering is coalesced; countdowns move once a second.
 */
import '../../shared/browser/base.css';
import './wall.css';
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { applyText, currentLang, describeFailure, makeT, setLang } from '../../shared/browser/lang.ts';
import { pairing } from '../../shared/i18n/pairing.ts';
import { staffingWords } from '../../shared/i18n/staffing.ts';
import { StaffingPanelView } from '../common/staffing-panel.ts';
import { connectLive, type Live } from '../common/live.ts';
import { wall } from '../../shared/i18n/wall.ts';
import { todayFigures, type TodayVisit } from '../../shared/today.ts';
import { localDay } from '../../shared/time.ts';
import type { Alert, BranchPublic } from '../../shared/types.ts';
import { AlertBanner } from './alerts.ts';
import { ChartsView } from './charts.ts';
import { ComplianceView } from './compliance.ts';
import type { WallContext } from './context.ts';
import { clockTime } from './format.ts';
import { Freshness } from './freshness.ts';
import { setText } from '../../shared/browser/dom.ts';
import { ManagerSignIn } from './manager.ts';
import { RecentView } from './recent.ts';
import { RiskView } from './risk.ts';
import { ServingView } from './serving.ts';
import { Speech } from './speech.ts';
import { HallState } from './state.ts';
import { forgetToken, obtainWallToken } from './token.ts';
import { WaitingView } from './waiting.ts';
import { ticketLabel } from '../../shared/ticket-label.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
/** How long a "met late" notice stays on the banner. */
const MET_LATE_MS = 60_000;
/** Today's figures move with time too (a running clock turns breached): recomputed this often. */
const FIGURES_EVERY_MS = 5_000;

let ctx: WallContext = {
  branch: null as unknown as BranchPublic,
  t: makeT(wall, pairing, staffingWords),
  lang: currentLang(),
};
const context = () => ctx;

async function boot(): Promise<void> {
  applyText(document, ctx.t);
  const { token, device } = await obtainWallToken(() => ctx.t);
  const { branch } = await call(api.branch, { params: { branch: device.branch }, token });
  ctx = { ...ctx, branch };
  start(token, branch);
}

function start(token: string, branch: BranchPublic): void {
  const state = new HallState();
  const speech = new Speech();
  const manager = new ManagerSignIn();
  const freshness = new Freshness($('freshness'), context);
  const serving = new ServingView($('serving-list'), context);
  const waiting = new WaitingView($('waiting-list'), $('waiting-total'), context);
  const risk = new RiskView($('risk-list'), $('risk-empty'), $('risk-more'), context);
  const recent = new RecentView($('recent-list'), $('recent-empty'), context);
  const compliance = new ComplianceView($('compliance'), context);
  const charts = new ChartsView(
    $<HTMLCanvasElement>('chart-hourly'),
    $<HTMLCanvasElement>('chart-compliance'),
    context,
  );
  const banner = new AlertBanner(
    $('alert-banner'),
    $('alert-summary'),
    $('alert-list'),
    $('alert-more'),
    context,
    (a) => openAck(a),
    (id) => state.staffNames.get(id) ?? (manager.current?.staff.id === id ? manager.current.staff.name : id),
  );
  const fromHour = Number(branch.opens.slice(0, 2));
  const toHour = Math.min(23, Math.ceil(Number(branch.closes.slice(0, 2)) + Number(branch.closes.slice(3)) / 60) - 1);
  let live: Live;
  const now = () => live.serverNow();
  // The wall's own token may read the advice (read-only): the panel needs no one signed in.
  const staffing = new StaffingPanelView($('staffing'), branch.id, () => token, now, ctx.t);

  // ---- rendering: one pass per burst of events, countdowns once a second ----
  let renderQueued = false;
  let lastFigures = 0;
  const figures = () => {
    lastFigures = now();
    const day = localDay(lastFigures, branch.timeZone);
    state.pruneToday(
      (v: TodayVisit) =>
        localDay(v.arrivedAt, branch.timeZone) === day ||
        v.clocks.some((c) => localDay(c.start, branch.timeZone) === day),
    );
    const ruleIds = branch.rules.map((r) => r.id);
    const f = todayFigures(state.today.values(), day, branch.timeZone, lastFigures, fromHour, toHour, ruleIds);
    compliance.render(f);
    charts.render(f);
  };
  const renderAll = () => {
    renderQueued = false;
    banner.render(state);
    serving.render(state);
    recent.render(state);
    waiting.render(state);
    waiting.tick(now()); // its text first: it sets how much room the clocks list has
    risk.render(state, now());
    figures();
    tick();
  };
  const queueRender = () => {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(renderAll, 30);
  };
  let lastDay = '';
  const tick = () => {
    const n = now();
    setText($('clock'), clockTime(n, branch.timeZone));
    if (manager.expireIfIdle()) showManager();
    if (!freshness.connected) return; // frozen: the numbers would be guesses
    risk.tick(n);
    waiting.tick(n);
    if (state.pruneMetLate(n, MET_LATE_MS)) banner.render(state);
    if (n - lastFigures >= FIGURES_EVERY_MS) figures();
    const day = localDay(n, branch.timeZone);
    if (lastDay && day !== lastDay) {
      // Midnight: a new day's figures, and yesterday's calls off the strip.
      state.recentCalls = [];
      queueRender();
      void loadToday();
    }
    lastDay = day;
  };
  setInterval(tick, 1000);

  // ---- live data ----
  const loadToday = async () => {
    state.beginToday();
    document.body.dataset.today = 'loading'; // until then the figures count only the open visits
    try {
      const r = await call(api.today, { params: { branch: branch.id }, token });
      state.setToday(r.visits);
      figures();
      document.body.dataset.today = 'loaded';
    } catch {
      state.setToday([...state.today.values()]); // keep what we have; the next reconnection retries
    }
  };
  // 更新于: when data last arrived from the server, in the server's time (as the clock beside it).
  const received = () => freshness.received(now());
  live = connectLive(token, {
    snapshot(s) {
      received();
      state.applySnapshot(s);
      waiting.duty = s.duty ?? null;
      staffing.dutyChanged(); // on each (re)connection: the board may have moved while away
      queueRender();
      void loadToday();
    },
    visit(v) {
      received();
      if (state.applyVisit(v) && v.counter)
        speech.say(ctx.t('wall.call', { ticket: ticketLabel(v, ctx.lang), counter: v.counter }));
      queueRender();
    },
    alert(a) {
      received();
      state.applyAlert(a);
      queueRender();
    },
    status(connected) {
      freshness.set(connected);
      if (connected) tick();
    },
    rejected() {
      // The token was revoked: ask for a new one.
      forgetToken();
      location.reload();
    },
  });
  live.socket.on('duty', (board) => {
    received();
    state.applyDuty(board);
    waiting.duty = board;
    staffing.dutyChanged();
    queueRender();
  });
  live.socket.on('disconnect', (reason) => {
    // The server dropped this screen on purpose (a revoked device): do not sit there pretending.
    if (reason === 'io server disconnect') {
      call(api.me, { token }).then(
        () => live.socket.connect(),
        (e: unknown) =>
          e instanceof ApiFailure && e.status === 401 ? (forgetToken(), location.reload()) : live.socket.connect(),
      );
    }
  });

  // ---- header controls ----
  const speechButton = $<HTMLButtonElement>('speech-button');
  const showSpeech = () => {
    setText(speechButton, ctx.t(speech.enabled ? 'wall.speechOn' : 'wall.speechOff'));
    speechButton.setAttribute('aria-pressed', String(speech.enabled));
  };
  speechButton.addEventListener('click', () => {
    speech.toggle();
    showSpeech();
  });
  $('lang-button').addEventListener('click', () => {
    setLang(ctx.lang === 'zh' ? 'en' : 'zh');
    ctx = { ...ctx, t: makeT(wall, pairing, staffingWords), lang: currentLang() };
    applyText(document, ctx.t);
    setText($('branch-name'), branch.name[ctx.lang]);
    showSpeech();
    showManager();
    freshness.render();
    staffing.setLanguage(ctx.t);
    renderAll();
  });

  // ---- manager sign-in and acknowledgement ----
  const managerDialog = $<HTMLDialogElement>('manager-dialog');
  const managerButton = $<HTMLButtonElement>('manager-button');
  const showManager = () => {
    const s = manager.current;
    $('manager-name').hidden = !s;
    setText($('manager-name'), s ? ctx.t('manager.signedIn', { name: s.staff.name }) : '');
    setText(managerButton, ctx.t(s ? 'manager.signOut' : 'manager.signIn'));
    banner.setCanAck(Boolean(s));
    banner.render(state);
  };
  managerButton.addEventListener('click', () => {
    if (manager.current) {
      void manager.signOut().then(showManager);
      return;
    }
    $('manager-error').textContent = '';
    $<HTMLFormElement>('manager-form').reset();
    managerDialog.showModal();
  });
  $('manager-cancel').addEventListener('click', () => managerDialog.close());
  $('manager-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const id = $<HTMLInputElement>('manager-id').value.trim();
    const pin = $<HTMLInputElement>('manager-pin').value;
    manager.signIn(id, pin).then(
      () => {
        managerDialog.close();
        showManager();
      },
      (err: unknown) => {
        const f = err as ApiFailure;
        $('manager-error').textContent =
          f.code === 'not-manager' ? ctx.t('manager.notManager') : describeFailure(err, ctx.t);
      },
    );
  });

  const ackDialog = $<HTMLDialogElement>('ack-dialog');
  let acking: Alert | null = null;
  const openAck = (a: Alert) => {
    if (!manager.current) return;
    manager.touch();
    acking = a;
    setText($('ack-title'), ctx.t('ack.title', { ticket: a.ticket, kind: ctx.t(`alert.${a.kind}`) }));
    $<HTMLInputElement>('ack-note').value = '';
    $('ack-error').textContent = '';
    ackDialog.showModal();
  };
  $('ack-cancel').addEventListener('click', () => ackDialog.close());
  $('ack-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const s = manager.current;
    if (!acking || !s) return ackDialog.close();
    manager.touch();
    const note = $<HTMLInputElement>('ack-note').value.trim();
    call(api.ack, { params: { branch: branch.id, id: acking.id }, body: note ? { note } : {}, token: s.token }).then(
      ({ alert }) => {
        state.applyAlert(alert); // the push follows; showing it now is the same result
        ackDialog.close();
        banner.render(state);
      },
      (err: unknown) => {
        if (err instanceof ApiFailure && err.status === 401) {
          void manager.signOut().then(showManager);
        }
        $('ack-error').textContent = describeFailure(err, ctx.t);
      },
    );
  });

  setText($('branch-name'), branch.name[ctx.lang]);
  showSpeech();
  showManager();
  freshness.set(false);
  // Whatever changes the room of a list (a screen size, a longer line of text above it, another
  // language) changes how many of its items fit: fitted again, without a full render.
  const refit = new ResizeObserver(() => {
    risk.fit(now());
    banner.fit();
  });
  refit.observe($('risk-list'));
  refit.observe($('alert-list'));
}

boot().catch((e: unknown) => {
  const msg = e instanceof ApiFailure ? describeFailure(e, ctx.t) : ctx.t('error.internal');
  setText($('freshness'), msg);
});
