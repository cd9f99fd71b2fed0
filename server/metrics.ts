/**
 * What an operator's Prometheus scrapes at GET /metrics (server/metrics/route.ts): one registry per app,
 * never prom-client's global one — tests run several apps in one process, and two apps must not add up
 * each other's counts. Counters are fed by the app's seams (an alert sink, an after-commit step, the
 * event log's transactions, the notifier's post hook); gauges are read at scrape time from what the app
 * already holds in memory, so a scrape costs no query and nothing is kept twice.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AfterCommitStep } from './after-commit.ts';
import type { AlertSink } from './alert-sink.ts';
import type { Alert } from '../shared/types.ts';

/** The screens that hold a live connection, by what they are (`region`: a head office's regional wall). */
const SCREEN_ROLES = ['wall', 'staff', 'kiosk', 'region'] as const;
export type ScreenRole = (typeof SCREEN_ROLES)[number];

/** What the gauges read at scrape time; each a plain function of the app's memory. */
export interface MetricsSources {
  branches(): string[];
  /** Does this process own the branch's timers (its lease, in cluster mode; always on a SQLite file)? */
  owns(branch: string): boolean;
  openVisits(branch: string): number;
  /** How many branches this process keeps the open visits of (server/open-visits.ts). */
  followedBranches?(): number;
  /** This process's live connections by role (each process counts its own; Prometheus sums them). */
  screens(): Record<ScreenRole, number>;
}

/** Alert lateness (fired − due): from a millisecond, the usual timer's slack, up to a minute. */
const LATENESS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** A write transaction: a SQLite commit is sub-millisecond to a few ms; PostgreSQL over a network more. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** A lease round: a few statements when idle, more while taking branches on (each is planned from the log). */
const ROUND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Metrics {
  readonly registry = new Registry();
  private readonly alerts: Counter<'branch' | 'kind' | 'rule'>;
  private readonly lateness: Histogram<'kind'>;
  private readonly checkIns: Counter<'branch' | 'line'>;
  private readonly posts: Counter<'channel'>;
  private readonly failures: Counter<'channel'>;
  private readonly storeWrites: Histogram;
  private readonly leaseRounds: Histogram;
  private readonly startup: Gauge;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.alerts = new Counter({
      name: 'yingbin_alerts_total',
      help: 'Alerts this process told its sinks, by branch, kind (warning, breach, escalation, resolved) and rule id.',
      labelNames: ['branch', 'kind', 'rule'],
      registers,
    });
    this.lateness = new Histogram({
      name: 'yingbin_alert_lateness_seconds',
      help: 'How long after its due instant an alert fired (firedAt - dueAt), by kind.',
      labelNames: ['kind'],
      buckets: LATENESS_BUCKETS,
      registers,
    });
    this.checkIns = new Counter({
      name: 'yingbin_check_ins_total',
      help: 'Check-ins committed by this process, by branch and business line.',
      labelNames: ['branch', 'line'],
      registers,
    });
    new Gauge({
      name: 'yingbin_open_visits',
      help: "Visits not yet ended, by branch, reported by the process that owns the branch's timers.",
      labelNames: ['branch'],
      registers,
      collect() {
        this.reset();
        for (const b of sources.branches()) if (sources.owns(b)) this.set({ branch: b }, sources.openVisits(b));
      },
    });
    new Gauge({
      name: 'yingbin_followed_branches',
      help: 'Branches whose open visits this process keeps and folds: those it owns or serves (every one on SQLite).',
      registers,
      collect() {
        this.set(sources.followedBranches?.() ?? sources.branches().length);
      },
    });
    new Gauge({
      name: 'yingbin_connected_screens',
      help: 'Live Socket.IO connections to this process, by role (wall, staff, kiosk, region).',
      labelNames: ['role'],
      registers,
      collect() {
        const screens = sources.screens();
        for (const role of SCREEN_ROLES) this.set({ role }, screens[role]);
      },
    });
    this.posts = new Counter({
      name: 'yingbin_notification_posts_total',
      help: 'Posts to notification channels (chat robots, webhooks), by channel id, whatever their outcome.',
      labelNames: ['channel'],
      registers,
    });
    this.failures = new Counter({
      name: 'yingbin_notification_failures_total',
      help: 'Posts to notification channels that failed (HTTP error or a non-zero errcode/code), by channel id.',
      labelNames: ['channel'],
      registers,
    });
    this.storeWrites = new Histogram({
      name: 'yingbin_store_write_seconds',
      help: "Duration of the event log's write transactions (a command's append and projections, to the commit).",
      buckets: STORE_BUCKETS,
      registers,
    });
    this.leaseRounds = new Histogram({
      name: 'yingbin_lease_round_seconds',
      help: "Duration of one lease round (cluster mode): renewing, taking and handing over branch leases, then catching up on other processes' changes.",
      buckets: ROUND_BUCKETS,
      registers,
    });
    this.startup = new Gauge({
      name: 'yingbin_startup_seconds',
      help: 'How long this process took to start: from building the app to listening, its first lease round done.',
      registers,
    });
    new Gauge({
      name: 'yingbin_branch_lease_owned',
      help: "1 when this process owns the branch's timers (its lease, in cluster mode), else 0.",
      labelNames: ['branch'],
      registers,
      collect() {
        this.reset();
        for (const b of sources.branches()) this.set({ branch: b }, sources.owns(b) ? 1 : 0);
      },
    });
  }

  private processMetrics = false;

  /** The Prometheus text of everything above, and of the process (from the first scrape on). */
  async text(): Promise<string> {
    // Process metrics under their usual names (process_*, nodejs_*), which the common dashboards expect.
    // Started at the first scrape: each start adds an event-loop and GC observer for good, and the many
    // apps a test run builds in one process are never scraped.
    if (!this.processMetrics) {
      collectDefaultMetrics({ register: this.registry });
      this.processMetrics = true;
    }
    // prom-client writes a NaN (the event-loop lag before its first sample) as "Nan"; the exposition
    // format spells it "NaN", and stricter parsers than Prometheus's own refuse the other spelling.
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }

  /** The alert sink that counts alert news; registered after the screens and the escalation (app.ts). */
  readonly sink: AlertSink = {
    name: 'metrics',
    fired: (alert) => {
      this.count(alert);
      this.lateness.observe({ kind: alert.kind }, lateSeconds(alert));
    },
    resolved: (resolution) => this.count(resolution),
  };

  /** The after-commit step that counts this process's check-ins once they are durable. */
  readonly step: AfterCommitStep = {
    name: 'metrics',
    run: (change) => {
      for (const e of change.appended) {
        if (e.type !== 'checked-in') continue;
        const line = typeof e.payload.line === 'string' ? e.payload.line : change.fold.line;
        this.checkIns.inc({ branch: e.branch, line });
      }
    },
  };

  /** The notifier's `onPost` hook: one post to a channel was made, and whether it was accepted. */
  readonly posted = (channelId: string, ok: boolean): void => {
    this.posts.inc({ channel: channelId });
    if (!ok) this.failures.inc({ channel: channelId });
  };

  /** Records a write transaction's duration (the event log calls it as each one ends). */
  readonly storeWrite = (seconds: number): void => {
    this.storeWrites.observe(seconds);
  };

  /** Records one lease round's duration (the lease owner calls it as each round ends). */
  readonly leaseRound = (seconds: number): void => {
    this.leaseRounds.observe(seconds);
  };

  /** Records how long the start took, once listening. */
  readonly started = (seconds: number): void => {
    this.startup.set(seconds);
  };

  private count(alert: Alert): void {
    this.alerts.inc({ branch: alert.branch, kind: alert.kind, rule: alert.rule });
  }
}

/** Seconds from due to fired, never negative (a timer never fires early; a clock skew of 1 ms is not news). */
function lateSeconds(alert: Alert): number {
  return Math.max(0, Date.parse(alert.firedAt) - Date.parse(alert.dueAt)) / 1000;
}
