/**
 * The notification outbox in the store (migration 0016): one row per (channel, alert) — the unique key
 * makes a resent alert (a takeover after a crash) or a second process a no-op — and one row per post
 * made. A post is claimed in a transaction before its HTTP call, and the claim is what several
 * processes share: the per-channel lock serialises claimers, so the rate limit counted here holds for
 * them all. Docs: docs/architecture.md, "Notifications: never twice".
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../store/sql.ts';
import {
  backoffMs,
  GIVE_UP_AFTER_MS,
  lastPostKey,
  planPosts,
  POSTS_PER_MINUTE,
  type GroupTimes,
  type WaitingRow,
} from './grouping.ts';
import type { ChannelPost, NotifyEvent, PostOutcome } from './channel.ts';
import type { NotifyLine, NotifyMessage } from './vendors.ts';

/** What a row carries: a ticket's line of a grouped post, or a whole message of its own (a digest). */
export type RowData = { line: NotifyLine } | { message: Pick<NotifyMessage, 'text' | 'lines' | 'title'> };

export interface NewRow {
  channel: string;
  branch: string;
  event: string;
  /** The alert's id (or a digest's or test message's key): one row per channel and key, ever. */
  key: string;
  visitId: string | null;
  rule: string | null;
  data: RowData;
  /** Not sent before this (now + groupWaitSeconds for an alert). */
  notBefore: number;
}

/** A claimed post: what the dispatcher sends, then marks with `token`. */
export interface ClaimedPost {
  id: string;
  token: string;
  channel: string;
  branch: string;
  event: string;
  rows: { id: number; data: RowData }[];
}

/** One post as the channels page lists it: its ChannelPost, and which tickets, how many attempts. */
export interface PostRecord extends ChannelPost {
  id: string;
  branch: string;
  tickets: string[];
  /** `sending`: claimed and not answered yet (or its sender died: then it is taken over). */
  state: 'sending' | 'sent' | 'failed';
  /** The most attempts any of its alerts has had, this post included. */
  attempts: number;
  /** Alerts of this post given up after this failure (an hour of retries spent). */
  dead: number;
}

interface OutboxRow {
  id: number;
  branch: string;
  event: string;
  data: string;
  created_at: number;
  attempts: number;
  first_attempt_at: number | null;
  next_attempt_at: number;
  state: string;
}

interface PostRow {
  id: string;
  at: number;
  event: string;
  branch: string;
  tickets: string;
  state: PostRecord['state'];
  attempts: number;
  error: string | null;
  dead: number;
}

/**
 * The rolling minute the rate limit counts, with a second to spare: a robot counts from when our first
 * post reached it, a little after we claimed it.
 */
const RATE_WINDOW_MS = 61_000;

const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Ids in chunks, so a burst of a thousand rows never makes one statement with a thousand parameters. */
function chunks<T>(list: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const ticketOf = (d: RowData): string | null => ('line' in d ? d.line.ticket : null);

export class Outbox {
  constructor(private readonly sql: Sql) {}

  /** Queues rows; a (channel, key) already queued is left as it is. Returns how many were new. */
  async add(rows: NewRow[], now: number): Promise<number> {
    if (rows.length === 0) return 0;
    return this.sql.transaction(async () => {
      let added = 0;
      for (const r of rows) {
        added += await this.sql.run(
          `INSERT INTO notify_outbox (channel, branch, event, alert_id, visit_id, rule, data, created_at, state, next_attempt_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (channel, alert_id) DO NOTHING`,
          [r.channel, r.branch, r.event, r.key, r.visitId, r.rule, JSON.stringify(r.data), now, r.notBefore],
        );
      }
      return added;
    });
  }

  /** An alert was acknowledged: its rows not yet sent never will be. */
  async dropAlert(alertId: string): Promise<number> {
    return this.sql.run("UPDATE notify_outbox SET state = 'dropped' WHERE alert_id = ? AND state = 'pending'", [
      alertId,
    ]);
  }

  /** A visit's alerts on a rule are over (greeted or ended): their rows not yet sent never will be. */
  async dropResolved(visitId: string, rule: string): Promise<number> {
    return this.sql.run(
      "UPDATE notify_outbox SET state = 'dropped' WHERE visit_id = ? AND rule = ? AND state = 'pending'",
      [visitId, rule],
    );
  }

  /** Channels with rows that may be due (a cheap read before any claim). */
  async busyChannels(now: number): Promise<string[]> {
    const rows = await this.sql.all<{ channel: string }>(
      `SELECT DISTINCT channel FROM notify_outbox
       WHERE state = 'pending' OR (state = 'claimed' AND claimed_until <= ?)`,
      [now],
    );
    return rows.map((r) => r.channel);
  }

  /**
   * Claims what a channel may post now, in one transaction under the channel's lock: counts the posts of
   * the last minute (every process's), plans the groups, marks their rows claimed until `claimUntil`
   * with a fresh token, and records each post — its slot in the rate limit is taken from this moment.
   * At most `maxPosts`: a sender claims only what it posts at once, so no claim waits behind other posts.
   */
  async claim(
    channel: string,
    times: GroupTimes,
    now: number,
    claimUntil: number,
    maxPosts = POSTS_PER_MINUTE,
  ): Promise<ClaimedPost[]> {
    return this.sql.transaction(async () => {
      await this.sql.lock(`notify:${channel}`);
      const used = await this.sql.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM notify_posts WHERE channel = ? AND at > ?',
        [channel, now - RATE_WINDOW_MS],
      );
      const budget = Math.min(maxPosts, POSTS_PER_MINUTE - Number(used?.n ?? 0));
      if (budget <= 0) return [];
      const rows = await this.sql.all<OutboxRow>(
        `SELECT id, branch, event, data, created_at, attempts, first_attempt_at, next_attempt_at, state
         FROM notify_outbox
         WHERE channel = ? AND (state = 'pending' OR (state = 'claimed' AND claimed_until <= ?))
         ORDER BY id`,
        [channel, now],
      );
      if (rows.length === 0) return [];
      const last = await this.sql.all<{ branch: string; event: string; at: number }>(
        `SELECT branch, event, MAX(at) AS at FROM notify_posts
         WHERE channel = ? AND state = 'sent' AND at > ? GROUP BY branch, event`,
        [channel, now - times.groupIntervalMs - RATE_WINDOW_MS],
      );
      const lastPosts = new Map(last.map((l) => [lastPostKey(l.branch, l.event), Number(l.at)]));
      const byId = new Map(rows.map((r) => [Number(r.id), { ...r, parsed: JSON.parse(r.data) as RowData }]));
      const waiting: WaitingRow[] = [...byId.values()].map((r) => ({
        id: Number(r.id),
        branch: r.branch,
        event: r.event,
        alone: !('line' in r.parsed),
        createdAt: Number(r.created_at),
        attempts: Number(r.attempts),
        nextAttemptAt: Number(r.next_attempt_at),
        retaken: r.state === 'claimed',
      }));
      const claimed: ClaimedPost[] = [];
      for (const plan of planPosts(waiting, lastPosts, times, now, budget)) {
        const id = randomUUID();
        const token = randomUUID();
        // Conditional: an acknowledgement may have dropped a row since it was read (it takes no lock).
        const got: number[] = [];
        for (const ids of chunks(plan.rowIds)) {
          const changed = await this.sql.all<{ id: number }>(
            `UPDATE notify_outbox SET state = 'claimed', claim_token = ?, claimed_until = ?, post_id = ?
             WHERE id IN (${inList(ids.length)}) AND (state = 'pending' OR (state = 'claimed' AND claimed_until <= ?))
             RETURNING id`,
            [token, claimUntil, id, ...ids, now],
          );
          got.push(...changed.map((c) => Number(c.id)));
        }
        if (got.length === 0) continue;
        got.sort((a, b) => a - b);
        const post: ClaimedPost = {
          id,
          token,
          channel,
          branch: plan.branch,
          event: plan.event,
          rows: got.map((rowId) => ({ id: rowId, data: byId.get(rowId)!.parsed })),
        };
        const attempts = Math.max(...got.map((rowId) => Number(byId.get(rowId)!.attempts))) + 1;
        const tickets = post.rows.map((r) => ticketOf(r.data)).filter((t): t is string => t !== null);
        await this.sql.run(
          `INSERT INTO notify_posts (id, channel, branch, event, at, state, attempts, tickets)
           VALUES (?, ?, ?, ?, ?, 'sending', ?, ?)`,
          [post.id, channel, plan.branch, plan.event, now, attempts, JSON.stringify(tickets)],
        );
        claimed.push(post);
      }
      return claimed;
    });
  }

  /**
   * The receiver accepted the post: its rows are sent. Only rows still under this claim's token change —
   * if a stall outlasted the claim and another process took the rows over, they are its to mark.
   */
  async markSent(post: ClaimedPost, now: number): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run(
        `UPDATE notify_outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1,
           first_attempt_at = COALESCE(first_attempt_at, ?), claim_token = NULL, last_error = NULL
         WHERE post_id = ? AND claim_token = ?`,
        [now, now, post.id, post.token],
      );
      await this.sql.run("UPDATE notify_posts SET state = 'sent' WHERE id = ?", [post.id]);
    });
  }

  /**
   * The post failed: each of its rows waits its backoff and goes again (with whatever joined its group
   * meanwhile), or, an hour after its first attempt, is given up. Returns the tickets given up.
   */
  async markFailed(post: ClaimedPost, reason: string, now: number): Promise<string[]> {
    return this.sql.transaction(async () => {
      const rows = await this.sql.all<OutboxRow>(
        'SELECT id, data, attempts, first_attempt_at FROM notify_outbox WHERE post_id = ? AND claim_token = ?',
        [post.id, post.token],
      );
      const dead: string[] = [];
      for (const r of rows) {
        const attempts = Number(r.attempts) + 1;
        const first = r.first_attempt_at === null ? now : Number(r.first_attempt_at);
        const giveUp = now - first >= GIVE_UP_AFTER_MS;
        if (giveUp) dead.push(ticketOf(JSON.parse(r.data) as RowData) ?? '(message)');
        await this.sql.run(
          `UPDATE notify_outbox SET state = ?, attempts = ?, first_attempt_at = ?, next_attempt_at = ?,
             claim_token = NULL, claimed_until = NULL, last_error = ? WHERE id = ?`,
          [giveUp ? 'dead' : 'pending', attempts, first, now + backoffMs(attempts), reason, Number(r.id)],
        );
      }
      await this.sql.run("UPDATE notify_posts SET state = 'failed', error = ?, dead = ? WHERE id = ?", [
        reason,
        dead.length,
        post.id,
      ]);
      return dead;
    });
  }

  /**
   * Ends every claim at once (the SQLite server at start-up: it is the only process on its file, so a
   * claim found there is its crashed predecessor's and is taken over now, not when it runs out).
   */
  async releaseAllClaims(): Promise<void> {
    await this.sql.run("UPDATE notify_outbox SET claimed_until = 0 WHERE state = 'claimed'");
  }

  /**
   * Records a post made outside the outbox (the channels page's test message) as `sending`: it takes its
   * place in the rate limit and the history like any other.
   */
  async recordTestPost(channel: string, branch: string, now: number): Promise<string> {
    const id = randomUUID();
    await this.sql.run(
      `INSERT INTO notify_posts (id, channel, branch, event, at, state, attempts, tickets)
       VALUES (?, ?, ?, 'test', ?, 'sending', 1, '[]')`,
      [id, channel, branch, now],
    );
    return id;
  }

  async finishTestPost(id: string, outcome: PostOutcome): Promise<void> {
    await this.sql.run('UPDATE notify_posts SET state = ?, error = ? WHERE id = ?', [
      outcome.ok ? 'sent' : 'failed',
      outcome.ok ? null : outcome.reason,
      id,
    ]);
  }

  /** A channel's last `n` posts, newest first. */
  async posts(channel: string, n: number): Promise<PostRecord[]> {
    const rows = await this.sql.all<PostRow>(
      `SELECT id, at, event, branch, tickets, state, attempts, error, dead FROM notify_posts
       WHERE channel = ? ORDER BY at DESC, id LIMIT ?`,
      [channel, n],
    );
    return rows.map((r) => {
      const tickets = JSON.parse(r.tickets) as string[];
      return {
        id: r.id,
        at: new Date(Number(r.at)).toISOString(),
        event: r.event as NotifyEvent | 'test',
        alerts: tickets.length,
        ok: r.state === 'sent',
        reason: r.error,
        branch: r.branch,
        tickets,
        state: r.state,
        attempts: Number(r.attempts),
        dead: Number(r.dead),
      };
    });
  }

  /**
   * Forgets what finished before `before`: sent, dropped and dead rows, and posts no longer sending. A row's
   * unique key only has work to do while its alert can still be heard again — an alert is fired on its
   * visit's day (the close of day ends the visit) and a digest goes at most 6 h after its day — so rows far
   * older than that can go; the channels page's history keeps the rest.
   */
  async prune(before: number): Promise<number> {
    return this.sql.transaction(async () => {
      const rows = await this.sql.run(
        "DELETE FROM notify_outbox WHERE state IN ('sent', 'dropped', 'dead') AND created_at < ?",
        [before],
      );
      return rows + (await this.sql.run("DELETE FROM notify_posts WHERE state <> 'sending' AND at < ?", [before]));
    });
  }

  /** How many of a channel's posts failed (each failed attempt counts). */
  async failures(channel: string): Promise<number> {
    const row = await this.sql.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM notify_posts WHERE channel = ? AND state = 'failed'",
      [channel],
    );
    return Number(row?.n ?? 0);
  }
}
