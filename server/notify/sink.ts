/**
 * The notification channels as an alert sink (server/alert-sink.ts): a warning, breach, escalation or
 * complaint becomes one outbox row per channel that routes it — the store's unique key keeps it one row
 * when the alert is heard again (a takeover resends what a crashed process had stored) — and an
 * acknowledgement or a resolution drops the rows not yet sent. Sending is the dispatcher's.
 */
import type { AlertSink } from '../alert-sink.ts';
import type { Alert } from '../../shared/types.ts';
import { ruleNames } from '../../shared/i18n/rule-names.ts';
import { channelsFor, NOTIFY_EVENTS, type NotifyEvent, type NotifySettings } from './channel.ts';
import type { Outbox } from './outbox.ts';
import type { NotifyLine } from './vendors.ts';

/** Alert kinds that are posted; `digest` is no alert (it is sent through the Notifier). */
const ALERT_EVENTS: readonly NotifyEvent[] = NOTIFY_EVENTS.filter((e) => e !== 'digest');

export interface SinkOptions {
  outbox: Outbox;
  settings: () => NotifySettings;
  /** The rule's target in seconds as the branch configures it now (the wait is told from it). */
  targetSeconds: (branch: string, rule: string) => number | undefined;
  now: () => number;
}

export function notifySink(o: SinkOptions): AlertSink {
  return {
    name: 'notify',
    fired: async (alert) => {
      // By the string: complaint alerts are another kind of Alert, routed like the others.
      const event = ALERT_EVENTS.find((e) => e === (alert.kind as string));
      if (!event) return;
      const settings = o.settings();
      const channels = channelsFor(settings, alert.branch, event);
      if (channels.length === 0) return;
      const now = o.now();
      // A complaint (s19rating) may carry no rule: its line then names none and no wait.
      const line = lineOf(alert, alert.rule ? o.targetSeconds(alert.branch, alert.rule) : undefined);
      await o.outbox.add(
        channels.map((c) => ({
          channel: c.id,
          branch: alert.branch,
          event,
          key: alert.id,
          visitId: alert.visitId ?? null,
          rule: alert.rule ?? null,
          data: { line },
          notBefore: now + settings.groupWaitSeconds * 1000,
        })),
        now,
      );
    },
    acknowledged: async (alert) => void (await o.outbox.dropAlert(alert.id)),
    resolved: async (resolution) => void (await o.outbox.dropResolved(resolution.visitId, resolution.rule)),
  };
}

/** What a line says when the alert names no rule (a complaint is about the visit, not a clock). */
const NO_RULE = { zh: '投诉', en: 'Complaint' };

/** A ticket's line in a post: how long the customer has waited when the alert fired, by which rule. */
function lineOf(alert: Alert, target: number | undefined): NotifyLine {
  // The clock started `target` before it fell due; a warning fires before that, an escalation after.
  const waited = target === undefined ? 0 : target + (Date.parse(alert.firedAt) - Date.parse(alert.clockDueAt)) / 1000;
  const named =
    target !== undefined
      ? ruleNames({ id: alert.rule, targetSeconds: target })
      : alert.rule
        ? { zh: alert.rule, en: alert.rule } // a rule no longer configured: its id
        : NO_RULE;
  return {
    alertId: alert.id,
    ticket: alert.ticket,
    ruleName: alert.ruleName ?? named,
    waitedSeconds: Math.max(0, Math.round(Number.isFinite(waited) ? waited : 0)),
    late: alert.late,
  };
}
