/**
 * A rating of 1 or 2 stars raises a `complaint` alert (DESIGN §9, issue 19 item 3): an after-commit step of
 * the change that rated the visit. It is stored first under an id of its visit (exactly once, across
 * retries and processes), then told to the alert sinks — the screens, and the notification channels that
 * ask for `complaint`. It names the ticket, who completed the service and the comment; it never escalates
 * (the escalation sink acts on breaches only) and a manager acknowledges it like a breach.
 */
import type { AfterCommitStep } from './after-commit.ts';
import type { AlertSinks } from './alert-sink.ts';
import type { Config } from './config.ts';
import type { AlertStore } from './store/alerts.ts';
import type { Alert } from '../shared/types.ts';
import type { VisitFold } from '../shared/visit.ts';

/** The highest score that is a complaint. */
const COMPLAINT_MAX_SCORE = 2;
/** Complaints are about a visit, not a clock: the alert's `rule` says so. */
const COMPLAINT_RULE = 'complaint';

const complaintId = (visitId: string): string => `${visitId}:complaint`;

/** The complaint a rated visit raises, or null when its rating is not one. */
function complaintOf(fold: VisitFold, config: Config): Alert | null {
  const r = fold.rating;
  if (!r || r.score > COMPLAINT_MAX_SCORE) return null;
  const done = [...fold.events].reverse().find((e) => e.type === 'completed');
  const staffId = done?.actor.type === 'staff' ? done.actor.id : null;
  const at = new Date(r.at).toISOString();
  const staff = staffId ? { id: staffId, name: config.staff.find((s) => s.id === staffId)?.name ?? staffId } : null;
  return {
    id: complaintId(fold.id),
    kind: 'complaint',
    visitId: fold.id,
    branch: fold.branch,
    ticket: fold.ticket,
    line: fold.line,
    rule: COMPLAINT_RULE,
    // What a notification channel's line says in place of a rule's name: the stars, who served, the words.
    ruleName: {
      zh: [`客户投诉/差评 ${r.score}星`, staff && `办理：${staff.name}`, r.comment && `“${r.comment}”`]
        .filter(Boolean)
        .join(' · '),
      en: [`Complaint, ${r.score} stars`, staff && `served by ${staff.name}`, r.comment && `"${r.comment}"`]
        .filter(Boolean)
        .join(' · '),
    },
    dueAt: at,
    clockDueAt: at,
    firedAt: at,
    late: false,
    vip: fold.vip,
    specialNeeds: fold.specialNeeds,
    complaint: {
      score: r.score,
      tags: r.tags,
      comment: r.comment,
      staff,
    },
  };
}

/**
 * A complaint as a screen that is not a manager's may see it (the wall, other staff): the ticket and the
 * score, without the comment or the colleague's name. Every other alert is shown as it is.
 */
export function forEveryone(a: Alert): Alert {
  if (!a.complaint) return a;
  const { score } = a.complaint;
  return {
    ...a,
    ruleName: { zh: `客户投诉/差评 ${score}星`, en: `Complaint, ${score} stars` },
    complaint: { ...a.complaint, comment: null, staff: null },
  };
}

/** The after-commit step: a change that appended a low rating raises its complaint, once. */
export function raiseComplaints(
  alerts: AlertStore,
  sinks: AlertSinks,
  config: Config,
  now: () => number,
): AfterCommitStep {
  return {
    name: 'raise-complaint',
    run: async (change) => {
      if (!change.appended.some((e) => e.type === 'rated')) return;
      const complaint = complaintOf(change.fold, config);
      if (!complaint || !(await alerts.insert(complaint))) return;
      sinks.fired(complaint);
      await alerts.markPushed([complaint.id], now());
    },
  };
}
