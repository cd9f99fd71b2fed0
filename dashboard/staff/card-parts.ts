/** The pieces every card is made of: the ticket's head and marks, where the customer stands, tap buttons, clocks. */
import type { Visit } from '../../shared/types.ts';
import { lineName, ruleLabel, type Ctx } from './context.ts';
import { countdownElement, paint } from './countdown.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { helpMark } from './help.ts';
import { clocksFor } from './queue.ts';

export function marks(ctx: Ctx, v: Visit): HTMLElement {
  return h(
    'div',
    { class: 'marks' },
    v.vip ? h('span', { class: 'badge-vip', 'data-testid': 'mark-vip' }, ctx.t('staff.vip')) : null,
    helpMark(ctx, v),
    // The help mark says `assistance` louder; the other needs stay as they were ticked.
    ...v.specialNeeds
      .filter((n) => !(v.helpRequested && n === 'assistance'))
      .map((n) => h('span', { class: 'badge-special', 'data-testid': 'mark-special' }, ctx.t(`need.${n}`))),
    ctx.likely(v)
      ? h('span', { class: 'badge-likely', 'data-testid': 'likely-breach' }, ctx.t('staff.likelyBreach'))
      : null,
  );
}

export function head(ctx: Ctx, v: Visit, aside?: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'card-head' },
    h('span', { class: 'ticket', 'data-testid': 'ticket' }, v.ticket),
    h('span', { class: 'line-name' }, lineName(ctx, v.line)),
    marks(ctx, v),
    // Checked in while the kiosk was offline: the slip in the customer's hand says 临-003, not the ticket.
    v.provisionalTicket
      ? h(
          'span',
          { class: 'provisional', 'data-testid': 'provisional' },
          ctx.t('staff.provisional', { ticket: v.provisionalTicket }),
        )
      : null,
    aside ?? null,
  );
}

/** Where the customer stands: "已叫号 · 在 2 号窗口", or the plain state. */
export function stateText(ctx: Ctx, v: Visit): string {
  if ((v.state === 'called' || v.state === 'serving') && v.counter)
    return ctx.t(`staff.state.${v.state}`, { counter: v.counter });
  return ctx.t(`state.${v.state}`);
}

/** A tap button that refuses a second tap while the first is still on its way. */
export function step(
  ctx: Ctx,
  v: Visit,
  label: string,
  command: string,
  kind: 'primary' | 'secondary',
  body?: Record<string, unknown>,
  big = false,
): HTMLButtonElement {
  const b = button(label, () => void ctx.act(v, command, body), kind, {
    class: `btn btn-${kind}${big ? ' btn-big' : ''}`,
    'data-action': command,
  });
  if (ctx.sending(v)) b.disabled = true;
  return b;
}

/** A step that cannot be taken back: it waits 5 seconds for an undo before it is sent. */
export function undoable(ctx: Ctx, v: Visit, label: string, command: string): HTMLButtonElement {
  const b = button(label, () => ctx.actWithUndo(v, command), 'secondary', { 'data-action': command });
  if (ctx.sending(v)) b.disabled = true;
  return b;
}

/** Every clock the customer carries for me, each named by its configured target. */
export function clocks(ctx: Ctx, v: Visit): HTMLElement | null {
  const list = clocksFor(v, ctx.me);
  if (list.length === 0) return null;
  return h(
    'div',
    { class: 'clocks' },
    ...list.map((c) => {
      const el = countdownElement(c);
      paint(el, ctx.serverNow(), ctx.t);
      return h(
        'div',
        { class: 'clock', 'data-rule': c.rule },
        h('span', { class: 'clock-rule', 'data-testid': 'clock-rule' }, ruleLabel(ctx, c.rule, v)),
        el,
      );
    }),
  );
}

/** What a card shows: rebuilt when the visit, my counter or its sending state changes. */
export const cardSignature = (ctx: Ctx) => (v: Visit) =>
  `${ctx.sending(v)}|${ctx.likely(v)}|${ctx.counter()}|${JSON.stringify(v)}`;
