/** /report/: the end-of-day report for managers — pick a day, read it, print it, export it to Excel. */
import '../../shared/browser/base.css';
import '../common/manager-page.css';
import './report.css';
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { applyText, currentLang, describeFailure, makeT, setLang } from '../../shared/browser/lang.ts';
import { report as reportText } from '../../shared/i18n/report.ts';
import { importText } from '../../shared/i18n/import.ts';
import { mountImport } from './import.ts';
import type { BranchPublic } from '../../shared/types.ts';
import { reportRules } from '../../shared/report.ts';
import { localDay } from '../../shared/time.ts';
import { ruleTitle } from '../../shared/i18n/rule-names.ts';
import type { StaffSession as Session } from '../../shared/browser/session.ts';
import { currentSession, signIn, signOut } from './session.ts';
import { renderDays, renderReport } from './render.ts';
import { daysChart, hoursChart, staffingChart } from './charts.ts';
import { renderStaffing } from './staffing.ts';
import { renderDisputed } from './disputed.ts';
import { renderSatisfaction } from './satisfaction.ts';
import { satisfactionText } from '../../shared/i18n/satisfaction.ts';

let t = makeT(reportText, importText, satisfactionText);
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let branch: BranchPublic | null = null;

const shiftDay = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function showSignIn(message = ''): void {
  $('sign-in').hidden = false;
  $('report').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in-error').textContent = message;
}

async function showReport(session: Session): Promise<void> {
  $('sign-in').hidden = true;
  $('report').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = session.staff.name;
  branch = (await call(api.branch, { params: { branch: session.staff.branch }, token: session.token })).branch;
  const input = $<HTMLInputElement>('date');
  const asked = new URLSearchParams(location.search).get('date');
  // Today by default: what a manager opens the page for (live until close of day, then frozen).
  input.value = asked ?? localDay(Date.now(), branch.timeZone);
  await load(session);
}

async function load(session: Session): Promise<void> {
  const day = $<HTMLInputElement>('date').value;
  if (!day || !branch) return;
  $('status').textContent = t('report.loading');
  try {
    const params = { branch: session.staff.branch };
    const [r, week] = await Promise.all([
      call(api.report, { params, query: { date: day }, token: session.token }),
      call(api.report, { params, query: { from: shiftDay(day, -7), to: day }, token: session.token }),
    ]);
    const lang = currentLang();
    // The rules as the report names them (the versions its clocks started under); the week's list adds
    // any rule that had clocks only on the days before. The branch's rules name a revision frozen
    // before reports carried their rules.
    const dayRules = reportRules(r, branch.rules).map((x) => x.id);
    const rules = [...reportRules(r, branch.rules)];
    for (const x of reportRules(week, branch.rules)) if (!rules.some((y) => y.id === x.id)) rules.push(x);
    const ruleLabel = (id: string) => {
      const rule = rules.find((x) => x.id === id);
      return rule ? ruleTitle(rule, lang) : id;
    };
    renderReport(r, branch.name[lang], lang, t, ruleLabel, dayRules);
    renderDisputed(r, t, {
      branch: session.staff.branch,
      token: session.token,
      lineName: (id) => r.names.lines[id]?.[lang] ?? id,
      ruleTitle: ruleLabel,
      confirmed: () => void load(session),
    });
    renderDays(
      week.days,
      day,
      t,
      ruleLabel,
      rules.map((x) => x.id),
    );
    renderStaffing(r.staffing, t);
    renderSatisfaction(r, t, {
      staff: (id) => (r.names.staff[id] ? `${r.names.staff[id]} (${id})` : id),
      line: (id) => r.names.lines[id]?.[lang] ?? id,
    });
    hoursChart(r, t);
    daysChart(week.days, t);
    if (r.staffing) staffingChart(r.staffing, t);
    $('content').hidden = false;
    $('status').textContent = r.arrivals === 0 ? t('report.empty') : '';
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) {
      signOut();
      return showSignIn(describeFailure(e, t));
    }
    if (!(e instanceof ApiFailure)) console.error(e); // a fault of the page itself: keep it visible to whoever debugs
    $('status').textContent = describeFailure(e, t);
  }
}

/** The CSV comes with the session's token, so it is fetched and handed to the browser as a file. */
async function exportCsv(session: Session): Promise<void> {
  const day = $<HTMLInputElement>('date').value;
  try {
    const res = await fetch(
      `/api/v1/branches/${session.staff.branch}/reports/daily?date=${day}&format=csv&lang=${currentLang()}`,
      {
        headers: { Authorization: `Bearer ${session.token}` },
      },
    );
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new ApiFailure(res.status, body?.error?.code ?? 'internal', body?.error?.message ?? res.statusText);
    }
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), {
      href: url,
      download: `yingbin-${session.staff.branch}-${day}.csv`,
    });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    $('status').textContent = describeFailure(e instanceof ApiFailure ? e : new ApiFailure(0, 'network', String(e)), t);
  }
}

const importSection = mountImport(currentSession, () => {
  const s = currentSession();
  if (s) void load(s);
});

function boot(): void {
  applyText(document, t);
  document.title = `${t('report.title')} · Yingbin`;
  $('lang-button').addEventListener('click', () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    t = makeT(reportText, importText, satisfactionText);
    applyText(document, t);
    importSection.retranslate();
    const s = currentSession();
    if (s && !$('report').hidden) void load(s);
  });
  const submitSignIn = async () => {
    try {
      const s = await signIn($<HTMLInputElement>('staff-id').value.trim(), $<HTMLInputElement>('pin').value);
      $<HTMLInputElement>('pin').value = '';
      await showReport(s);
    } catch (e) {
      $('sign-in-error').textContent =
        e instanceof ApiFailure && e.code === 'not-manager' ? t('report.managerOnly') : describeFailure(e, t);
    }
  };
  $('sign-in').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void submitSignIn();
  });
  $('sign-out').addEventListener('click', () => {
    signOut();
    showSignIn();
  });
  $('pick').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const s = currentSession();
    if (s) void load(s);
  });
  $('export').addEventListener('click', () => {
    const s = currentSession();
    if (s) void exportCsv(s);
  });
  $('print').addEventListener('click', () => window.print());
  // The one-page summary: headline figures and charts, without the tables a busy day makes pages long.
  const summary = $<HTMLInputElement>('summary-only');
  summary.addEventListener('change', () => document.body.classList.toggle('summary-only', summary.checked));
  const s = currentSession();
  if (s) void showReport(s).catch(() => showSignIn());
  else showSignIn();
}

boot();
