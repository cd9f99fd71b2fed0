/**
 * Sending a tap to the server so it is never silently lost: each tap gets one Idempotency-Key; while
 * the server cannot be reached the same request is retried with that key (so it is applied once), and
 * if it still cannot be delivered after a while it is given up with a visible message.
 */
import type { ReplyOf, RouteSpec } from '../../shared/api/contract.ts';
import { ApiFailure, call, pathOf, type CallOptions } from '../../shared/browser/api.ts';
import { newKey } from '../../shared/browser/ids.ts';

export interface Pending {
  id: string;
  label: string;
  since: number;
}

/** How long a tap keeps trying before the console says it was not sent. */
const GIVE_UP_MS = 60_000;
const RETRY_MS = 1500;

const unreachable = (e: unknown) =>
  e instanceof ApiFailure && (e.offline || e.status === 502 || e.status === 503 || e.status === 504);

export class Outbox {
  private readonly pending = new Map<string, Pending>();
  /** What is on its way, by request: the same request again joins it instead of queueing a duplicate. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly wakers = new Set<() => void>();
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly token: () => string) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  list(): Pending[] {
    return [...this.pending.values()];
  }

  /** The connection is back: retry now rather than at the next tick. */
  wake(): void {
    for (const w of [...this.wakers]) w();
  }

  /** True while a request could not reach the server and waits to be retried: the console is offline. */
  get stuck(): boolean {
    return this.pending.size > 0;
  }

  /** Posts once, retrying with the same key while unreachable; throws the server's refusal or 'network'. */
  send<S extends RouteSpec>(spec: S, opts: CallOptions<S>, label: string): Promise<ReplyOf<S>> {
    const id = `${pathOf(spec, opts)} ${JSON.stringify(opts.body)}`;
    const same = this.inFlight.get(id);
    if (same) return same as Promise<ReplyOf<S>>;
    const p = this.deliver(spec, opts, label).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, p);
    return p;
  }

  private async deliver<S extends RouteSpec>(spec: S, opts: CallOptions<S>, label: string): Promise<ReplyOf<S>> {
    const key = newKey();
    const started = Date.now();
    for (;;) {
      try {
        const reply = await call(spec, { ...opts, token: this.token(), idempotencyKey: key });
        this.settle(key);
        return reply;
      } catch (e) {
        if (!unreachable(e) || Date.now() - started > GIVE_UP_MS) {
          this.settle(key);
          throw e;
        }
        if (!this.pending.has(key)) {
          this.pending.set(key, { id: key, label, since: started });
          this.changed();
        }
        await this.pause();
      }
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, RETRY_MS);
      this.wakers.add(done);
    });
  }

  private settle(key: string): void {
    if (this.pending.delete(key)) this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
