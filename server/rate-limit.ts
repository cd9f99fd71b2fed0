/**
 * Per-minute limits that protect a public kiosk and the sign-in (DESIGN §4). A limit of 0 means none,
 * so a benchmark or an import can lift it in the configuration without code changes.
 */
import { HttpError } from './errors.ts';

export class MinuteLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: () => number,
    private readonly now: () => number,
  ) {}

  /** Counts one attempt for `key`; throws 429 when the minute's allowance is used up. */
  take(key: string): void {
    const limit = this.perMinute();
    if (limit === 0) return;
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.forgetOld(now);
    }
    if (w.count >= limit) {
      const seconds = Math.ceil((w.start + 60_000 - now) / 1000);
      throw new HttpError(429, 'rate-limited', `too many requests: at most ${limit} a minute; try again in ${seconds} s`);
    }
    w.count += 1;
  }

  private forgetOld(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(k);
  }
}
