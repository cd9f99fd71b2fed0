/**
 * The report's disputed clocks (docs/rules.md §4): a stop or end replayed as before due that reached the server
 * after the breach alert went out. They count as breached until a manager confirms the replay, with a
 * reason — which this list lets them do, one clock at a time.
 */
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { describeFailure } from '../../shared/browser/lang.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import type { Report } from '../../shared/report.ts';
import { localTime, table } from './format.ts';

export interface DisputedContext {
  branch: string;
  token: string;
  lineName: (id: string) => string;
  /** The rule's name from its configured target (shared/i18n/rule-names.ts), never a fixed "5分钟". */
  ruleTitle: (id: string) => string;
  /** Called once a confirmation is stored, to show the report as it now stands. */
  confirmed: () => void;
}

/** The section, made once beside the breach list (the page's HTML stays as it is). */
function section(t: Translate): { list: HTMLElement; heading: HTMLElement } {
  let list = document.getElementById('disputed');
  if (!list) {
    const breaches = document.getElementById('breaches')!.closest('section')!;
    const s = document.createElement('section');
    s.id = 'disputed-section';
    s.append(
      document.createElement('h3'),
      Object.assign(document.createElement('p'), { className: 'empty', id: 'disputed-hint' }),
    );
    list = Object.assign(document.createElement('div'), { id: 'disputed' });
    s.append(list);
    breaches.before(s);
  }
  const heading = document.querySelector<HTMLElement>('#disputed-section h3')!;
  heading.textContent = t('report.disputed');
  return { list, heading };
}

export function renderDisputed(r: Pick<Report, 'disputed' | 'timeZone'>, t: Translate, ctx: DisputedContext): void {
  const { list } = section(t);
  const rows = r.disputed ?? [];
  document.getElementById('disputed-hint')!.textContent =
    rows.length === 0 ? t('report.disputedNone') : t('report.disputedHint');
  if (rows.length === 0) return void list.replaceChildren();
  const el = table(
    ['ticket', 'line', 'rule', 'arrivedAt', 'dueAt', 'replayedAt', 'receivedAt', 'confirmReplay'].map((k) =>
      t(`report.${k}`),
    ),
    rows.map((d) => [
      d.ticket,
      ctx.lineName(d.line),
      ctx.ruleTitle(d.rule),
      ...[d.arrivedAt, d.dueAt, d.replayedAt, d.receivedAt].map((x) => localTime(x, r.timeZone)),
      '',
    ]),
  );
  el.dataset.testid = 'disputed';
  el.querySelectorAll('tbody tr').forEach((tr, i) => {
    const d = rows[i]!;
    tr.setAttribute('data-visit', d.visitId);
    tr.lastElementChild!.append(confirmForm(d.visitId, d.rule, t, ctx));
  });
  list.replaceChildren(el);
}

/** A reason field and a button: the confirmation is a recorded command, so the reason is required. */
function confirmForm(visitId: string, rule: string, t: Translate, ctx: DisputedContext): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'pick';
  const reason = Object.assign(document.createElement('input'), {
    type: 'text',
    name: 'reason',
    maxLength: 500,
    placeholder: t('report.confirmReason'),
  });
  reason.setAttribute('aria-label', t('report.confirmReason'));
  const button = Object.assign(document.createElement('button'), {
    type: 'submit',
    className: 'btn-secondary',
    textContent: t('report.confirmReplay'),
  });
  const message = Object.assign(document.createElement('span'), { className: 'error' });
  message.setAttribute('role', 'status');
  form.append(reason, button, message);
  const confirm = async () => {
    if (reason.value.trim() === '') {
      message.textContent = t('report.confirmReasonRequired');
      return reason.focus();
    }
    button.disabled = true;
    try {
      await call(api.confirmReplay, {
        params: { branch: ctx.branch, id: visitId },
        body: { rule, reason: reason.value.trim() },
        token: ctx.token,
      });
      message.textContent = t('report.confirmed');
      ctx.confirmed();
    } catch (e) {
      message.textContent = describeFailure(e instanceof ApiFailure ? e : new ApiFailure(0, 'network', String(e)), t);
      button.disabled = false;
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void confirm();
  });
  return form;
}
