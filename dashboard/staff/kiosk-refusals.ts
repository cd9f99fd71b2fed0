/**
 * Kiosk refusals: a check-in the kiosk kept while offline that the server later refused for good. Its
 * customer holds a provisional number (临-003) with no visit behind it, so the notice stays on every
 * tablet until someone taps "handled" (remembered on that tablet) — nobody is dropped silently. The day's
 * list is read at start and on every reconnect; new ones arrive as `kiosk-refusal`.
 */
import './kiosk-refusals.css';
import { api } from '../../shared/api/routes.ts';
import { call } from '../../shared/browser/api.ts';
import { button, h } from '../../shared/browser/dom.ts';
import type { Live } from '../common/live.ts';
import type { KioskRefusal } from '../../shared/types.ts';
import { hhmm, lineName, type Ctx } from './context.ts';

const HANDLED_KEY = 'yingbin.staff.kioskRefusalsHandled';

function handled(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(HANDLED_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/** Mounts the notices above the console; returns the function that removes them. */
export function mountKioskRefusals(ctx: Ctx, live: Live, token: string): () => void {
  const refusals = new Map<string, KioskRefusal>();
  const box = h('div', { class: 'kiosk-refusals', role: 'alert', 'data-testid': 'kiosk-refusals' });
  document.body.append(box);

  const render = () => {
    const done = handled();
    const open = [...refusals.values()].filter((r) => !done.has(r.key));
    box.replaceChildren(
      ...open.map((r) => {
        const reason = ctx.t(`error.${r.code}`);
        return h(
          'div',
          { class: 'kiosk-refusal', 'data-testid': 'kiosk-refusal' },
          h('strong', {}, ctx.t('kioskRefusal.title', { ticket: r.provisionalTicket })),
          h(
            'span',
            {},
            ctx.t('kioskRefusal.text', {
              line: lineName(ctx, r.line),
              time: hhmm(ctx, r.occurredAt),
              reason: reason === `error.${r.code}` ? r.message : reason,
            }),
          ),
          button(
            ctx.t('kioskRefusal.handled'),
            () => {
              localStorage.setItem(HANDLED_KEY, JSON.stringify([...handled(), r.key].slice(-200)));
              render();
            },
            'secondary',
            { 'data-testid': 'kiosk-refusal-handled' },
          ),
        );
      }),
    );
    box.hidden = open.length === 0;
  };
  const add = (r: KioskRefusal) => {
    refusals.set(r.key, r);
    render();
  };
  const load = () =>
    call(api.kioskRefusals, { params: { branch: ctx.branch.id }, token }).then(
      (b) => b.refusals.forEach(add),
      () => undefined,
    );
  live.socket.on('kiosk-refusal', add);
  live.socket.on('connect', load);
  void load();
  render();
  return () => {
    live.socket.off('kiosk-refusal', add);
    live.socket.off('connect', load);
    box.remove();
  };
}
