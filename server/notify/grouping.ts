/**
 * Which waiting outbox rows of one channel go out now, and together: a pure function of the rows, the
 * channel's previous posts and `now`, so the dispatcher's rules can be read (and tested) apart from
 * the store. Alertmanager's grouping, per branch and event: the first alert of a quiet group waits
 * `groupWaitSeconds` for others to join it; once a group has posted, what comes next waits for
 * `groupIntervalSeconds` after that post; a retry waits its backoff; a dead claimer's rows go at once.
 */

/** A row waiting to be sent: pending, or claimed by a process whose claim has run out. */
export interface WaitingRow {
  id: number;
  branch: string;
  event: string;
  /** A message of its own (a digest, a test message) is never grouped with others. */
  alone: boolean;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** Claimed by a process that did not finish (crashed, or stalled past its claim): to be taken over. */
  retaken: boolean;
}

export interface GroupTimes {
  groupWaitMs: number;
  groupIntervalMs: number;
}

export interface PlannedPost {
  branch: string;
  event: string;
  rowIds: number[];
}

/** Posts a channel may take at most in any rolling minute (the chat robots' limit: DESIGN §8). */
export const POSTS_PER_MINUTE = 20;

const groupKey = (r: WaitingRow) => (r.alone ? `#${r.id}` : `${r.branch}\u0000${r.event}`);

/** When a row may go: its due instant. */
function dueAt(r: WaitingRow, lastPost: number | undefined, t: GroupTimes): number {
  if (r.retaken) return -Infinity;
  if (r.attempts > 0 || r.alone) return r.nextAttemptAt;
  // A group that posted recently takes newcomers at its next interval, not after a fresh wait.
  if (lastPost !== undefined && lastPost + t.groupIntervalMs > r.createdAt) return lastPost + t.groupIntervalMs;
  return r.createdAt + t.groupWaitMs;
}

/**
 * The posts to make now, at most `budget`, the longest-due first. A group that is due takes every
 * waiting row of its branch and event, also those not yet due themselves: more is merged, never held.
 * `lastPosts` maps `branch\0event` to the channel's last successful post of that group.
 */
export function planPosts(
  rows: readonly WaitingRow[],
  lastPosts: ReadonlyMap<string, number>,
  times: GroupTimes,
  now: number,
  budget: number,
): PlannedPost[] {
  const groups = new Map<string, { branch: string; event: string; due: number; rowIds: number[] }>();
  for (const r of rows) {
    const key = groupKey(r);
    const due = dueAt(r, r.alone ? undefined : lastPosts.get(key), times);
    const g = groups.get(key);
    if (g) {
      g.due = Math.min(g.due, due);
      g.rowIds.push(r.id);
    } else groups.set(key, { branch: r.branch, event: r.event, due, rowIds: [r.id] });
  }
  return [...groups.values()]
    .filter((g) => g.due <= now)
    .sort((a, b) => a.due - b.due)
    .slice(0, Math.max(0, budget))
    .map(({ branch, event, rowIds }) => ({ branch, event, rowIds }));
}

/** `branch\0event`, the key of `lastPosts`. */
export const lastPostKey = (branch: string, event: string) => `${branch}\u0000${event}`;

/** The wait before the n-th retry (n ≥ 1): 5 s, 10 s, 20 s, … at most 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

/** A row keeps being retried until an hour after its first attempt, then is given up (`dead`). */
export const GIVE_UP_AFTER_MS = 3_600_000;
