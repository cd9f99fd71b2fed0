/**
 * The notification channels' one face (DESIGN §8): the alert sink app.ts registers, `send` for a
 * message that is no alert (the close-of-day digest, the channels page's test message), and what the
 * channels page shows of a channel (`history`, `failures`). Everything goes through the outbox in the
 * store, so a message queued here survives a crash and is posted once.
 */
import { randomUUID } from 'node:crypto';
import type { AlertSink } from '../alert-sink.ts';
import type { Sql } from '../store/sql.ts';
import { channelsFor, type Channel, type ChannelHistory, type NotifySettings, type PostOutcome } from './channel.ts';
import { Dispatcher } from './dispatcher.ts';
import { Outbox, type PostRecord } from './outbox.ts';
import { notifySink } from './sink.ts';
import type { NotifyMessage } from './vendors.ts';
import { logger } from '../logger.ts';

export interface NotifierOptions {
  sql: Sql;
  /** Read at each use: a configuration reload changes the channels without a restart. */
  settings: () => NotifySettings;
  branchName: (branch: string) => { zh: string; en: string };
  targetSeconds: (branch: string, rule: string) => number | undefined;
  now: () => number;
  /** Told of every post made, sent or failed (the metrics' counters). */
  onPost?: (channelId: string, ok: boolean) => void;
}

export interface SendOptions {
  /** Only these channels; otherwise the channels that route the message's event and branch. */
  channels?: string[];
  /**
   * Queued once per channel and key — a close of day run twice (a takeover) posts its digest once; the key is
   * kept for a month (KEEP_FINISHED_MS), long after anything could send it again.
   * Without a key every call is a new message.
   */
  key?: string;
}

const TEST_TITLE = { zh: '测试消息', en: 'Test message' };

/** Finished outbox rows and posts are kept a month: the channels page's history, and far past any resend. */
const KEEP_FINISHED_MS = 30 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;

export class Notifier implements ChannelHistory {
  readonly sink: AlertSink;
  private readonly outbox: Outbox;
  private readonly dispatcher: Dispatcher;
  private pruning: NodeJS.Timeout | undefined;

  constructor(private readonly o: NotifierOptions) {
    this.outbox = new Outbox(o.sql);
    this.sink = notifySink({ outbox: this.outbox, settings: o.settings, targetSeconds: o.targetSeconds, now: o.now });
    this.dispatcher = new Dispatcher({
      outbox: this.outbox,
      settings: o.settings,
      branchName: o.branchName,
      now: o.now,
      onPost: o.onPost,
    });
  }

  /** Starts sending. The SQLite server is alone on its file: claims found there are a crashed run's. */
  async start(): Promise<void> {
    if (this.o.sql.dialect === 'sqlite') await this.outbox.releaseAllClaims();
    this.dispatcher.start();
    this.prune();
    this.pruning = setInterval(() => this.prune(), PRUNE_EVERY_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pruning);
    await this.dispatcher.stop();
  }

  /** The outbox keeps a month of finished rows and posts (every process prunes; a delete twice is harmless). */
  private prune(): void {
    this.outbox
      .prune(this.o.now() - KEEP_FINISHED_MS)
      .catch((err: unknown) => logger.warn({ err }, 'old notification rows could not be pruned'));
  }

  /**
   * Queues a message of its own (a digest: `text`, or `lines` of its own) for the channels that route its
   * event and branch, or those named; it goes at the next round, in no group, retried like any post.
   * Returns the channels it was queued for.
   */
  async send(message: NotifyMessage, opts: SendOptions = {}): Promise<string[]> {
    const settings = this.o.settings();
    const channels = opts.channels
      ? settings.channels.filter((c) => opts.channels!.includes(c.id))
      : channelsFor(settings, message.branch, message.event);
    const now = this.o.now();
    const key = `${message.event}:${opts.key ?? randomUUID()}`;
    const { text, lines, title } = message;
    await this.outbox.add(
      channels.map((c) => ({
        channel: c.id,
        branch: message.branch,
        event: message.event,
        key,
        visitId: null,
        rule: null,
        data: { message: { text, lines, ...(title ? { title } : {}) } },
        notBefore: now,
      })),
      now,
    );
    return channels.map((c) => c.id);
  }

  /** The channels page's test message: posted now, past grouping and the outbox, and answered. */
  sendTest(channel: Channel, text: { zh: string; en: string }): Promise<PostOutcome> {
    const branch = channel.branches?.[0] ?? '';
    return this.dispatcher.postNow(channel, {
      event: 'digest',
      branch,
      branchName: branch ? this.o.branchName(branch) : { zh: '迎宾', en: 'Yingbin' },
      lines: [],
      text,
      wallUrl: null,
      title: TEST_TITLE,
    });
  }

  /** A channel's last `n` posts, newest first: when, what, which tickets, sent or failed, attempts, why. */
  history(channelId: string, n = 20): Promise<PostRecord[]> {
    return this.outbox.posts(channelId, n);
  }

  /** How many of a channel's posts failed (each failed attempt counts). */
  failures(channelId: string): Promise<number> {
    return this.outbox.failures(channelId);
  }
}
