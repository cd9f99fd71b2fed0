/**
 * The cards: a customer waiting to be greeted (with every clock they carry), the customer at my counter,
 * one of mine, and a short row for everyone else in the hall. Counter steps (开始办理, 重新叫号, 过号,
 * 办理完成) belong to the counter the customer stands at, whoever greeted them; elsewhere the card says
 * where the customer is instead.
 */
import type { Visit } from '../../shared/types.ts';
import { hhmm, lineName, staffName, type Ctx } from './context.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { clocks, head, marks, stateText, step, undoable } from './card-parts.ts';
import { helpClass } from './help.ts';
import { allowedSteps, COUNTER_STEPS, STEPS } from './steps.ts';

export function waitingCard(ctx: Ctx, v: Visit): HTMLElement {
  const greetedBySomeoneElse = v.greetedBy !== null;
  const greet = allowedSteps(ctx, v).includes('greet');
  return h(
    'article',
    {
      class: `card waiting-card${helpClass(v)}`,
      'data-testid': 'waiting-card',
      'data-ticket': v.ticket,
      'data-visit-id': v.id,
      'aria-label': v.ticket,
    },
    // The arrival time on the ticket's line: a busy list shows more customers per screen.
    head(ctx, v, h('span', { class: 'card-meta arrived' }, ctx.t('staff.arrived', { time: hhmm(ctx, v.arrivedAt) }))),
    greetedBySomeoneElse
      ? h(
          'p',
          { class: 'card-note', 'data-testid': 'greeted-by' },
          ctx.t('staff.greetedAwaitingHost', { name: staffName(ctx, v.greetedBy) }),
        )
      : null,
    h(
      'div',
      { class: 'card-foot' },
      clocks(ctx, v),
      h(
        'div',
        { class: 'card-actions' },
        greet
          ? step(
              ctx,
              v,
              ctx.sending(v) ? ctx.t('staff.sending') : ctx.t('staff.greet'),
              'greet',
              'primary',
              undefined,
              true,
            )
          : null,
        button(ctx.t('staff.more'), () => ctx.openSheet(v), 'secondary', { 'data-action': 'more' }),
      ),
    ),
  );
}

/** The counter steps of a customer standing at my counter (none elsewhere). */
function counterSteps(ctx: Ctx, v: Visit): HTMLElement[] {
  return allowedSteps(ctx, v)
    .filter((s) => COUNTER_STEPS.includes(s))
    .map((s) => {
      const look = STEPS[s]!;
      return look.undo
        ? undoable(ctx, v, ctx.t(look.label), s)
        : step(ctx, v, ctx.t(look.label), s, look.kind, undefined, look.big);
    });
}

/** The customer at my counter, front and centre: the clerk's whole job for them on one card. */
export function counterCard(ctx: Ctx, v: Visit): HTMLElement {
  return h(
    'article',
    {
      class: `card counter-card visit-${v.state}${helpClass(v)}`,
      'data-testid': 'counter-card',
      'data-ticket': v.ticket,
      'data-visit-id': v.id,
      'aria-label': v.ticket,
    },
    head(ctx, v, h('strong', { class: 'visit-state', 'data-testid': 'where' }, stateText(ctx, v))),
    h(
      'p',
      { class: 'card-meta' },
      h(
        'span',
        { class: 'card-note', 'data-testid': 'owner' },
        ctx.t('staff.owner', { name: staffName(ctx, v.owner) }),
      ),
      ` · ${ctx.t('staff.arrived', { time: hhmm(ctx, v.arrivedAt) })}`,
    ),
    h(
      'div',
      { class: 'card-actions' },
      ...counterSteps(ctx, v),
      button(ctx.t('staff.transfer'), () => ctx.openSheet(v), 'secondary', { 'data-action': 'open-transfer' }),
    ),
  );
}

/** The next step of one of my customers: a call to my counter while waiting; elsewhere, where they are. */
function nextSteps(ctx: Ctx, v: Visit): HTMLElement[] {
  const counter = ctx.counter();
  const call =
    counter && allowedSteps(ctx, v).includes('call')
      ? [step(ctx, v, ctx.t('staff.callTo', { counter }), 'call', 'primary', { counter })]
      : [];
  return [...call, ...counterSteps(ctx, v)];
}

export function mineCard(ctx: Ctx, v: Visit): HTMLElement {
  return h(
    'article',
    {
      class: `card mine-card visit-${v.state}${helpClass(v)}`,
      'data-testid': 'mine-card',
      'data-ticket': v.ticket,
      'data-visit-id': v.id,
      'aria-label': v.ticket,
    },
    head(ctx, v),
    h(
      'p',
      { class: 'card-meta' },
      h('strong', { class: 'visit-state', 'data-testid': 'where' }, stateText(ctx, v)),
      ` · ${ctx.t('staff.arrived', { time: hhmm(ctx, v.arrivedAt) })}`,
    ),
    h('p', { class: 'card-note', 'data-testid': 'owner' }, ctx.t('staff.owner', { name: staffName(ctx, v.owner) })),
    h(
      'div',
      { class: 'card-actions' },
      ...nextSteps(ctx, v),
      button(ctx.t('staff.more'), () => ctx.openSheet(v), 'secondary', { 'data-action': 'more' }),
    ),
  );
}

export function hallRow(ctx: Ctx, v: Visit): HTMLElement {
  return h(
    'li',
    { class: `hall-row${helpClass(v)}`, 'data-testid': 'hall-row', 'data-ticket': v.ticket, 'data-visit-id': v.id },
    h(
      'button',
      {
        type: 'button',
        class: 'hall-row-button',
        onclick: () => ctx.openSheet(v),
      },
      // The name is the row as it reads (WCAG 2.5.3, label in name), then what the button does.
      h('span', { class: 'ticket small' }, v.ticket),
      h('span', { class: 'line-name' }, lineName(ctx, v.line)),
      marks(ctx, v),
      h('span', { class: 'visit-state' }, stateText(ctx, v)),
      h(
        'span',
        { class: 'owner', 'data-testid': 'owner' },
        v.owner ? ctx.t('staff.ownerShort', { name: staffName(ctx, v.owner) }) : ctx.t('staff.noOwner'),
      ),
      h('span', { class: 'sr-only' }, ctx.t('staff.more')),
    ),
  );
}
