/**
 * Sends what the outbox holds, on its own timer: each round, for each channel with waiting rows, claim
 * what may go now (grouping and the rate limit decide, server/notify/grouping.ts), post it, and mark it
 * sent in the step that reads the reply — or failed, to be retried with backoff. Every process of a
 * cluster runs one; the claim in the store keeps them from sending the same row.
 */
import { logger } from '../logger.ts';
import type { Channel, NotifySettings, PostOutcome } from './channel.ts';
import { wallLink } from './message.ts';
import type { ClaimedPost, Outbox } from './outbox.ts';
import { buildPost, judgeReply, type NotifyLine, type NotifyMessage } from './vendors.ts';

/** How often the outbox is looked at: the precision of groupWaitSeconds and of taking over claims. */
const ROUND_MS = 200;
/** A robot that has not answered in this long has failed this attempt. */
const HTTP_TIMEOUT_MS = 5_000;
/** A claim outlives the HTTP call by a margin; after it, the claimer is taken for dead. */
const CLAIM_MS = HTTP_TIMEOUT_MS + 10_000;

/**
 * TEST HOOK, inert unless set: YINGBIN_TEST_CRASH_AFTER_NOTIFY_CLAIM=1 makes the process SIGKILL itself
 * right after it claimed posts and before it sends them (tests/integration/notify-crash.test.ts). Never set in
 * production.
 */
const CRASH_AFTER_CLAIM = process.env.YINGBIN_TEST_CRASH_AFTER_NOTIFY_CLAIM === '1';

export interface DispatcherOptions {
  outbox: Outbox;
  settings: () => NotifySettings;
  /** The branch's name in a post (Chinese: the robots' groups read Chinese first). */
  branchName: (branch: string) => { zh: string; en: string };
  now: () => number;
  /** Told of every post made (metrics). */
  onPost?: ((channelId: string, ok: boolean) => void) | undefined;
}

export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: DispatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the timer and waits for a round in progress (its posts are answered or time out). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.runRound()
        .catch((err: unknown) => logger.warn({ err }, 'the notification outbox could not be read; trying again'))
        .finally(() => this.schedule(ROUND_MS));
    }, ms);
  }

  private async runRound(): Promise<void> {
    const settings = this.o.settings();
    const channels = new Map(settings.channels.map((c) => [c.id, c]));
    const busy = await this.o.outbox.busyChannels(this.o.now());
    const times = {
      groupWaitMs: settings.groupWaitSeconds * 1000,
      groupIntervalMs: settings.groupIntervalSeconds * 1000,
    };
    await Promise.all(
      busy.map(async (id) => {
        // Rows of a channel no longer configured stay where they are (the channel may come back).
        const channel = channels.get(id);
        if (!channel || this.stopped) return;
        // One post at a time, each claimed just before it is made: a claim never waits out a slow
        // robot's earlier posts (it would run out, and another process would post it again).
        while (!this.stopped) {
          const now = this.o.now();
          const [post] = await this.o.outbox.claim(id, times, now, now + CLAIM_MS, 1);
          if (!post) return;
          if (CRASH_AFTER_CLAIM) process.kill(process.pid, 'SIGKILL');
          await this.deliver(channel, post, settings);
        }
      }),
    );
  }

  /**
   * Posts a message to a channel now, outside the outbox (the channels page's test message): recorded in
   * the channel's posts (and so in its rate limit), answered with how it went.
   */
  async postNow(channel: Channel, message: NotifyMessage): Promise<PostOutcome> {
    const id = await this.o.outbox.recordTestPost(channel.id, message.branch, this.o.now());
    const outcome = await this.post(channel, message);
    await this.o.outbox.finishTestPost(id, outcome);
    this.told(channel.id, outcome.ok);
    return outcome;
  }

  /** One HTTP post and the robot's verdict on it. */
  private async post(channel: Channel, message: NotifyMessage): Promise<PostOutcome> {
    const out = buildPost(channel, message, this.o.now());
    try {
      const res = await fetch(out.url, {
        method: 'POST',
        headers: out.headers,
        body: out.body,
        redirect: 'error',
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
      return judgeReply(channel, res.status, await res.text());
    } catch (err) {
      return { ok: false, reason: failureOf(err) };
    }
  }

  private told(channelId: string, ok: boolean): void {
    try {
      this.o.onPost?.(channelId, ok);
    } catch (err) {
      logger.warn({ err }, 'the notification post hook failed');
    }
  }

  private async deliver(channel: Channel, post: ClaimedPost, settings: NotifySettings): Promise<void> {
    const verdict = await this.post(channel, this.messageOf(post, settings));
    const now = this.o.now();
    // Marked at once, in the step that read the reply: the window in which a crash would post it again
    // is this one write (docs/architecture.md, "Notifications: never twice").
    if (verdict.ok) {
      await this.o.outbox.markSent(post, now);
    } else {
      const dead = await this.o.outbox.markFailed(post, verdict.reason, now);
      logger.warn({ channel: channel.id, post: post.id, reason: verdict.reason }, 'a notification post failed');
      if (dead.length > 0)
        logger.error(
          { channel: channel.id, post: post.id, tickets: dead, reason: verdict.reason },
          'notifications given up after an hour of retries',
        );
    }
    this.told(channel.id, verdict.ok);
  }

  private messageOf(post: ClaimedPost, settings: NotifySettings): NotifyMessage {
    const base = {
      event: post.event as NotifyMessage['event'],
      branch: post.branch,
      branchName: this.o.branchName(post.branch),
      wallUrl: wallLink(settings.publicUrl, post.branch),
    };
    // A message of its own (a digest) is one row; a grouped post is one line per row.
    const own = post.rows.find((r) => 'message' in r.data)?.data;
    if (own && 'message' in own) return { ...base, ...own.message };
    const lines: NotifyLine[] = post.rows.flatMap((r) => ('line' in r.data ? [r.data.line] : []));
    return { ...base, lines, text: null };
  }
}

/**
 * Why a post got no reply, without the URL (a WeCom URL holds the robot's key): the error's code or
 * name only.
 */
function failureOf(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return `no reply within ${HTTP_TIMEOUT_MS / 1000} s`;
  return e.cause?.code ?? e.code ?? e.name ?? 'network error';
}
