/**
 * Taps that change a customer: each is sent once (a second tap while the first is on its way adds
 * nothing, online or off), the irreversible ones wait 5 seconds for an undo, and every refusal is said
 * in words — who greeted the customer first, when that is the reason.
 */
import { api } from '../../shared/api/routes.ts';
import { visitCommand } from '../../shared/api/visits.ts';
import { type ApiFailure, call } from '../../shared/browser/api.ts';
import { describeFailure } from '../../shared/browser/lang.ts';
import type { DutyStatus } from '../../shared/socket.ts';
import type { Alert, Visit } from '../../shared/types.ts';
import type { Ctx } from './context.ts';
import type { Outbox } from './outbox.ts';
import type { Toasts } from './toasts.ts';

const UNDO_SECONDS = 5;

export class Actions {
  private readonly busy = new Set<string>();
  private readonly flushers = new Set<() => void>();

  constructor(
    private readonly ctx: () => Ctx,
    private readonly outbox: Outbox,
    private readonly toasts: Toasts,
    private readonly token: string,
    private readonly changed: () => void,
    private readonly signedOut: (notice: string) => void,
  ) {}

  sending(v: Visit): boolean {
    return this.busy.has(v.id);
  }

  async act(v: Visit, command: string, body: Record<string, unknown> = {}): Promise<Visit | null> {
    const ctx = this.ctx();
    if (this.busy.has(v.id)) return null; // the first tap is still on its way
    const what = ctx.t(`staff.cmd.${command}`, { ticket: v.ticket });
    this.mark(v, true);
    try {
      const r = await this.outbox.send(
        visitCommand(command),
        { params: { branch: ctx.branch.id, id: v.id }, body },
        what,
      );
      ctx.store.applyVisit(r.visit);
      this.toasts.show(ctx.t('staff.done', { what }));
      return r.visit;
    } catch (e) {
      await this.refused(e, what, v);
      return null;
    } finally {
      this.mark(v, false);
    }
  }

  /** 取消此号 / 客户已离开 / 过号: the customer's buttons rest for 5 seconds with an undo, then it is sent. */
  actWithUndo(v: Visit, command: string, body: Record<string, unknown> = {}): void {
    const ctx = this.ctx();
    if (this.busy.has(v.id)) return;
    const what = ctx.t(`staff.cmd.${command}`, { ticket: v.ticket });
    this.mark(v, true);
    const flush = this.toasts.undo(
      what,
      UNDO_SECONDS,
      () => {
        this.flushers.delete(flush);
        this.mark(v, false);
        void this.act(v, command, body);
      },
      () => {
        this.flushers.delete(flush);
        this.mark(v, false);
        this.toasts.show(ctx.t('staff.undo.done', { what }));
      },
    );
    this.flushers.add(flush);
  }

  /** The console is closing (sign-out): what is waiting for its undo seconds is sent now. */
  flush(): void {
    for (const f of [...this.flushers]) f();
  }

  /** Calls the next customer to my counter; the server picks who (shared/call-order.ts). */
  async callNext(counter: string): Promise<void> {
    const ctx = this.ctx();
    const { branch, store } = ctx;
    const what = ctx.t('staff.cmd.call-next', { counter });
    try {
      const r = await this.outbox.send(api.callNext, { params: { branch: branch.id, counter }, body: {} }, what);
      store.applyVisit(r.visit);
      this.toasts.show(ctx.t('staff.called', { ticket: r.visit.ticket, counter }));
    } catch (e) {
      await this.refused(e, what);
    }
  }

  async setDuty(status: DutyStatus): Promise<void> {
    const ctx = this.ctx();
    const { branch, store } = ctx;
    const what = ctx.t(`staff.duty.${status}`);
    try {
      store.applyDuty(
        (await this.outbox.send(api.setDuty, { params: { branch: branch.id }, body: { status } }, what)).duty,
      );
    } catch (e) {
      await this.refused(e, what);
    }
  }

  async acknowledge(alerts: Alert[]): Promise<void> {
    const ctx = this.ctx();
    for (const a of alerts) {
      const what = ctx.t('staff.cmd.ack', { ticket: a.ticket });
      try {
        const r = await this.outbox.send(api.ack, { params: { branch: ctx.branch.id, id: a.id }, body: {} }, what);
        ctx.store.applyAlert(r.alert);
      } catch (e) {
        // Someone acknowledged it first: that is what was wanted.
        if ((e as ApiFailure).code !== 'already-acknowledged') await this.refused(e, what);
      }
    }
  }

  async refused(e: unknown, what: string, v?: Visit): Promise<void> {
    const ctx = this.ctx();
    const f = e as ApiFailure;
    if (f.code === 'unauthorized') return this.signedOut(ctx.t('staff.sessionEnded'));
    if (f.code === 'already-greeted' && v) {
      // Say who: the colleague's greeting may not have reached this tablet yet.
      try {
        const fresh = (await call(api.visit, { params: { branch: ctx.branch.id, id: v.id }, token: this.token })).visit;
        ctx.store.applyVisit(fresh);
        const name = ctx.staff.find((s) => s.id === fresh.greetedBy)?.name ?? fresh.greetedBy ?? '';
        return this.toasts.show(ctx.t('staff.greetedByOther', { ticket: v.ticket, name }), 'error');
      } catch {
        // fall through to the plain refusal
      }
    }
    this.toasts.show(ctx.t('staff.refused', { what, why: describeFailure(e, ctx.t) }), 'error');
  }

  private mark(v: Visit, on: boolean): void {
    if (on) this.busy.add(v.id);
    else this.busy.delete(v.id);
    this.changed();
  }
}
