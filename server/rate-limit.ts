/**
 * Per-minute limits that protect a public kiosk and the sign-in (docs/rules.md §7). A limit of 0 means none,
 * so a benchmark or an import can lift it in the configuration without code changes; the limit is read
 * at every attempt, so an edited configuration counts at once.
 *
 * The counts live in an express-rate-limit store: in memory for the single SQLite process, in Redis
 * (rate-limit-redis) when several processes serve one installation — otherwise each process would grant
 * the whole allowance again.
 */
import { MemoryStore, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { HttpError } from './errors.ts';

const WINDOW_MS = 60_000;

/** Where the counts are kept: this process's memory, or Redis shared by every process (`prefix` names the installation). */
export function limitStore(redis?: { sendCommand: (args: string[]) => Promise<unknown>; prefix: string }): Store {
  const store: Store = redis
    ? new RedisStore({
        prefix: `${redis.prefix}:rl:`,
        sendCommand: (...args: string[]) => redis.sendCommand(args) as Promise<number>,
      })
    : new MemoryStore();
  // Used without the middleware: only the window is needed from its options.
  void store.init?.({ windowMs: WINDOW_MS } as Options);
  return store;
}

export class MinuteLimiter {
  constructor(
    private readonly name: string,
    private readonly perMinute: () => number,
    private readonly store: Store,
  ) {}

  /** Counts one attempt for `key`; throws 429 when the minute's allowance is used up. */
  async take(key: string): Promise<void> {
    const limit = this.perMinute();
    if (limit === 0) return;
    const { totalHits, resetTime } = await this.store.increment(`${this.name}:${key}`);
    if (totalHits > limit) {
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000));
      throw new HttpError(
        429,
        'rate-limited',
        `too many requests: at most ${limit} a minute; try again in ${seconds} s`,
      );
    }
  }
}

/** A check-in dated more than this far back is a replay from a kiosk's offline queue, not a walk-in. */
const REPLAY_AFTER_MS = 30_000;

/**
 * Walk-ins and replayed check-ins counted apart, per device: a kiosk back online draining a hundred kept
 * check-ins is not throttled to the walk-in limit, and new walk-ins never wait behind its queue.
 */
export class CheckInLimits {
  constructor(
    private readonly walkIns: MinuteLimiter,
    private readonly replays: MinuteLimiter,
  ) {}

  take(deviceId: string, occurredAt: string | undefined, now: number): Promise<void> {
    const replay = occurredAt !== undefined && now - Date.parse(occurredAt) > REPLAY_AFTER_MS;
    return (replay ? this.replays : this.walkIns).take(deviceId);
  }
}
