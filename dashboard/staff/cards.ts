/** The cards: a customer waiting to be greeted, one of mine, and a short row for everyone else in the hall. */
import type { Visit } from '../../shared/types.ts';
import { hhmm, lineName, staffName, type Ctx } from './context.ts';
import { countdownElement, paint } from './countdown.ts';
import { button, h } from '../common/dom.ts';
import { countdownFor } from './queue.ts';

function marks(ctx: Ctx, v: Visit): HTMLElement {
  return h(
    'div',
    { class: 'marks' },
    v.vip ? h('span', { class: 'badge-vip', 'data-testid': 'mark-vip' }, ctx.t('staff.vip')) : null,
    ...v.specialNeeds.map((n) => h('span', { class: 'badge-special', 'data-testid': 'mark-special' }, ctx.t(`need.${n}`))),
  );
}

function head(ctx: Ctx, v: Visit): HTMLElement {
  return h(
    'div',
    { class: 'card-head' },
    h('span', { class: 'ticket', 'data-testid': 'ticket' }, v.ticket),
    h('span', { class: 'line-name' }, lineName(ctx, v.line)),
    marks(ctx, v),
  );
}

function stateText(ctx: Ctx, v: Visit): string {
  if (v.state === 'called' || (v.state === 'serving' && v.counter)) return ctx.t(`staff.state.${v.state}`, { counter: v.counter ?? '' });
  return ctx.t(`state.${v.state}`);
}

export function waitingCard(ctx: Ctx, v: Visit): HTMLElement {
  const c = countdownFor(v, ctx.me);
  const clock = c ? countdownElement(c) : null;
  if (clock) paint(clock, ctx.serverNow(), ctx.t);
  const greetedBySomeoneElse = v.greetedBy !== null;
  return h(
    'article',
    { class: 'card waiting-card', 'data-testid': 'waiting-card', 'data-ticket': v.ticket, 'data-visit-id': v.id, 'aria-label': v.ticket },
    head(ctx, v),
    h(
      'p',
      { class: 'card-meta' },
      ctx.t('staff.arrived', { time: hhmm(ctx, v.arrivedAt) }),
      c ? ` · ${ctx.t(`rule.${c.rule}`)}` : '',
    ),
    greetedBySomeoneElse
      ? h('p', { class: 'card-note', 'data-testid': 'greeted-by' }, ctx.t('staff.greetedAwaitingHost', { name: staffName(ctx, v.greetedBy) }))
      : null,
    h(
      'div',
      { class: 'card-foot' },
      clock,
      h(
        'div',
        { class: 'card-actions' },
        button(ctx.t('staff.greet'), () => void ctx.act(v, 'greet'), 'primary', { class: 'btn btn-primary btn-big', 'data-action': 'greet' }),
        button(ctx.t('staff.more'), () => ctx.openSheet(v), 'secondary', { 'data-action': 'more' }),
      ),
    ),
  );
}

/** The next step of one of my customers, by where the visit stands. */
function nextSteps(ctx: Ctx, v: Visit): HTMLElement[] {
  const counter = ctx.counter();
  switch (v.state) {
    case 'waiting':
      return counter
        ? [button(ctx.t('staff.callTo', { counter }), () => void ctx.act(v, 'call', { counter }), 'primary', { 'data-action': 'call' })]
        : [];
    case 'called':
      return [
        button(ctx.t('staff.start'), () => void ctx.act(v, 'start'), 'primary', { 'data-action': 'start' }),
        button(ctx.t('staff.recall'), () => void ctx.act(v, 'recall'), 'secondary', { 'data-action': 'recall' }),
        button(ctx.t('staff.noShow'), () => void ctx.act(v, 'no-show'), 'secondary', { 'data-action': 'no-show' }),
      ];
    case 'serving':
      return [button(ctx.t('staff.complete'), () => void ctx.act(v, 'complete'), 'primary', { 'data-action': 'complete' })];
    default:
      return [];
  }
}

export function mineCard(ctx: Ctx, v: Visit): HTMLElement {
  return h(
    'article',
    { class: `card mine-card visit-${v.state}`, 'data-testid': 'mine-card', 'data-ticket': v.ticket, 'data-visit-id': v.id, 'aria-label': v.ticket },
    head(ctx, v),
    h('p', { class: 'card-meta' }, h('strong', { class: 'visit-state' }, stateText(ctx, v)), ` · ${ctx.t('staff.arrived', { time: hhmm(ctx, v.arrivedAt) })}`),
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
    { class: 'hall-row', 'data-testid': 'hall-row', 'data-ticket': v.ticket, 'data-visit-id': v.id },
    h(
      'button',
      { type: 'button', class: 'hall-row-button', onclick: () => ctx.openSheet(v), 'aria-label': `${v.ticket} ${ctx.t('staff.more')}` },
      h('span', { class: 'ticket small' }, v.ticket),
      h('span', { class: 'line-name' }, lineName(ctx, v.line)),
      marks(ctx, v),
      h('span', { class: 'visit-state' }, stateText(ctx, v)),
      h('span', { class: 'owner', 'data-testid': 'owner' }, v.owner ? ctx.t('staff.ownerShort', { name: staffName(ctx, v.owner) }) : ctx.t('staff.noOwner')),
    ),
  );
}
