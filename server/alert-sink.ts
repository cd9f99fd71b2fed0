/**
 * The one way alerts leave the server: a sink per destination (the screens' sockets, the escalation
 * timer, and the notification channels to come — a WeCom or DingTalk robot is one more sink), registered
 * in order where the app is wired (server/app.ts). Whoever makes alert news — the scheduler (warnings,
 * breaches, resolutions), alert handling (escalations, acknowledgements) — tells `AlertSinks`, never a
 * destination by name.
 */
import { logger } from './logger.ts';
import type { Alert } from '../shared/types.ts';

/**
 * A destination of alert news; each method is optional (a chat robot may want breaches only). An alert is
 * stored before it is sent, so each id comes once — again only after a crash between the two (a takeover
 * resends what was stored and not marked sent): a sink that must not repeat itself keeps the ids it sent.
 */
export interface AlertSink {
  /** Names the sink in the log when it fails. */
  readonly name: string;
  /** A warning, breach or escalation fell due (kind says which; `late` when it fired after its instant). */
  fired?(alert: Alert): void | Promise<void>;
  /** A visit's alerts on one rule are over (kind `resolved`; `reason` greeted, greeted-late or ended). */
  resolved?(resolution: Alert): void | Promise<void>;
  /** A manager acknowledged an alert: the alert as it now stands (`acknowledgedBy`, `note`). */
  acknowledged?(alert: Alert): void | Promise<void>;
}

type News = 'fired' | 'resolved' | 'acknowledged';

export class AlertSinks {
  private list: readonly AlertSink[] = [];

  /** Sets the sinks in the order they are told: once, where the app is wired. */
  register(...sinks: AlertSink[]): void {
    if (this.list.length > 0) throw new Error('the alert sinks are registered once');
    this.list = sinks;
  }

  get names(): string[] {
    return this.list.map((s) => s.name);
  }

  fired(alert: Alert): void {
    this.tell('fired', alert);
  }

  resolved(resolution: Alert): void {
    this.tell('resolved', resolution);
  }

  acknowledged(alert: Alert): void {
    this.tell('acknowledged', alert);
  }

  /**
   * Tells every sink in order, without waiting for any: a slow channel (a robot's HTTP call) must not hold
   * back the screens nor the next alert. A sink that fails is logged and never stops the others.
   */
  private tell(news: News, alert: Alert): void {
    for (const sink of this.list) {
      const fail = (err: unknown) =>
        logger.error({ err, sink: sink.name, alert: alert.id, news }, 'an alert sink failed');
      try {
        Promise.resolve(sink[news]?.(alert)).catch(fail);
      } catch (err) {
        fail(err);
      }
    }
  }
}

/** A sink that sends all news the same way (the screens take every kind on one event). */
export function everyNews(name: string, send: (alert: Alert) => void | Promise<void>): AlertSink {
  return { name, fired: send, resolved: send, acknowledged: send };
}
