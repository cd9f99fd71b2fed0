/**
 * Check-ins the server could not take yet. Each is kept in IndexedDB (so a reload or a power cut loses
 * nothing) with the moment it happened and its idempotency key, and sent oldest first, one at a time,
 * until the server has it. The key makes a resend after a lost reply harmless: the server answers it
 * with the visit it already made.
 */
import { api } from '../shared/api/routes.ts';
import { ApiFailure, call } from '../shared/browser/api.ts';
import type { CheckInBody } from '../shared/schemas.ts';
import { PENDING, REFUSED, readAll, write } from './idb.ts';

export interface PendingCheckIn {
  key: string;
  branch: string;
  body: CheckInBody & { occurredAt: string };
  /** The number shown to the customer meanwhile, e.g. 临-003. */
  provisional: string;
}

/** A kept check-in the server will never take, kept aside on the kiosk until staff have been told of it. */
export interface RefusedCheckIn extends PendingCheckIn {
  refusal: { status: number; code: string; message: string };
  /** True once the server has the report (POST …/kiosk-refusals) and staff see it. */
  reported?: boolean;
}

export interface OutboxState {
  /** False once the server could not be reached; true again at its next answer. */
  online: boolean;
  pending: number;
  sending: boolean;
}

const RETRY_MS = 3000;
/** A resend that hangs longer than this is abandoned and tried again later (same key). */
const SEND_TIMEOUT_MS = 10_000;

/** Failures that mean "not now" rather than "never": keep the check-in and try again. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ApiFailure)) return true;
  return e.offline || e.status >= 500 || e.status === 429 || e.status === 401 || e.status === 403 || e.status === 408;
}

export class Outbox {
  private state: OutboxState = { online: true, pending: 0, sending: false };
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly token: () => string | null,
    private readonly onState: (s: OutboxState) => void,
  ) {}

  get current(): OutboxState {
    return this.state;
  }

  /** Keeps a check-in; resolves once it is durably stored. */
  async keep(item: PendingCheckIn): Promise<void> {
    await write([PENDING], (tx) => tx.objectStore(PENDING).put(item));
    await this.count();
  }

  /** Records whether the server answered, for the offline badge. */
  reachable(online: boolean): void {
    if (online !== this.state.online) this.set({ online });
  }

  start(): void {
    if (this.timer) return;
    void this.count().then(() => this.flush());
    this.timer = setInterval(() => void this.flush(), RETRY_MS);
  }

  /** Sends what is kept, oldest first; stops at the first transient failure so the order holds. */
  flush(): Promise<void> {
    this.flushing ??= this.sendAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendAll(): Promise<void> {
    const items = (await readAll<PendingCheckIn>(PENDING)).sort(
      (a, b) => Date.parse(a.body.occurredAt) - Date.parse(b.body.occurredAt),
    );
    const token = this.token();
    if (!token) return;
    if (items.length === 0) return this.reportRefusals(token);
    this.set({ sending: true });
    try {
      for (const item of items) {
        try {
          await call(api.checkIn, {
            params: { branch: item.branch },
            body: item.body,
            token,
            idempotencyKey: item.key,
            signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
          });
          await write([PENDING], (tx) => tx.objectStore(PENDING).delete(item.key));
          this.reachable(true);
        } catch (e) {
          if (isTransient(e)) {
            if (e instanceof ApiFailure && e.offline) this.reachable(false);
            return;
          }
          // The server will never take this one (e.g. the hall closed meanwhile): keep it aside, not in the
          // way, and tell staff — a customer holds its provisional number and has no visit behind it.
          const f = e as ApiFailure;
          const refused: RefusedCheckIn = { ...item, refusal: { status: f.status, code: f.code, message: f.message } };
          await write([PENDING, REFUSED], (tx) => {
            tx.objectStore(PENDING).delete(item.key);
            tx.objectStore(REFUSED).put(refused);
          });
          this.reachable(true);
        }
      }
      await this.reportRefusals(token);
    } finally {
      await this.count();
      this.set({ sending: false });
    }
  }

  /** Tells the server of every refused check-in not yet reported; stops at the first failure (tried again next round). */
  private async reportRefusals(token: string): Promise<void> {
    const refused = (await readAll<RefusedCheckIn>(REFUSED)).filter((r) => !r.reported);
    for (const r of refused) {
      try {
        await call(api.kioskRefusal, {
          params: { branch: r.branch },
          body: {
            key: r.key,
            provisionalTicket: r.provisional,
            checkIn: {
              line: r.body.line,
              vip: r.body.vip,
              specialNeeds: r.body.specialNeeds,
              occurredAt: r.body.occurredAt,
            },
            refusal: r.refusal,
          },
          token,
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch (e) {
        if (isTransient(e)) return;
        // A report the server cannot take either stays on the kiosk (its refused store), never resent in a loop.
      }
      await write([REFUSED], (tx) => tx.objectStore(REFUSED).put({ ...r, reported: true }));
    }
  }

  private async count(): Promise<void> {
    const pending = (await readAll<PendingCheckIn>(PENDING)).length;
    if (pending !== this.state.pending) this.set({ pending });
  }

  private set(patch: Partial<OutboxState>): void {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
  }
}
