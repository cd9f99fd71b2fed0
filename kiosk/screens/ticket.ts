/**
 * The ticket: its number in large type, the line, how many wait ahead, the estimated wait and a
 * greeting; printed on the ticket printer. A check-in kept while offline gets a provisional number
 * and the promise that staff will come to the customer.
 */
import type { Visit } from '../../shared/types.ts';
import type { Kiosk, Screen } from '../app.ts';
import type { Draft, LineNumbers } from '../checkin.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { guideSlip } from '../guide.ts';
import { printTicket, statusQr } from '../print.ts';

/** The kiosk's local date and time of the check-in, printed on the slip. */
function clock(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The "back to start in N s" line and the done button, shared by both tickets. */
function leaving(k: Kiosk, el: HTMLElement): HTMLElement {
  const t = k.t;
  const countdown = h(
    'p',
    { class: 'countdown', 'data-testid': 'countdown' },
    t('ticket.returning', { seconds: k.secondsLeft }),
  );
  el.addEventListener('kiosk-tick', () => (countdown.textContent = t('ticket.returning', { seconds: k.secondsLeft })));
  return h(
    'div',
    { class: 'leave no-print' },
    countdown,
    h(
      'div',
      { class: 'row' },
      button(t('ticket.print'), () => printTicket(), 'secondary'),
      button(t('ticket.done'), () => k.goHome(), 'primary', { 'data-testid': 'done' }),
    ),
  );
}

function notes(k: Kiosk, draft: Draft): HTMLElement[] {
  const t = k.t;
  const out: HTMLElement[] = [];
  if (draft.memberNo || draft.vip) out.push(h('p', { class: 'note note-vip' }, t('ticket.vip')));
  if (draft.needs.length > 0) out.push(h('p', { class: 'note note-special' }, t('ticket.needs')));
  return out;
}

/** The QR of the customer's status link and its line; drawn once, shown and printed with the slip. */
function statusBlock(k: Kiosk, statusUrl: string, drawn: Promise<HTMLImageElement>): HTMLElement {
  const box = h(
    'figure',
    { class: 'status-link', 'data-testid': 'status-qr', 'data-status-url': statusUrl },
    h('figcaption', {}, k.t('ticket.scanStatus')),
  );
  // A QR that cannot be drawn leaves the caption alone: the ticket itself still works.
  drawn.then(
    (img) => {
      img.alt = k.t('ticket.scanStatus');
      box.prepend(img);
    },
    () => undefined,
  );
  return box;
}

export function ticketScreen(visit: Visit, numbers: LineNumbers, draft: Draft, statusUrl: string): Screen {
  let printed = false;
  const qr = statusQr(statusUrl);
  const screen: Screen = (k: Kiosk) => {
    const t = k.t;
    const minutes =
      numbers.estimatedWaitSeconds === null ? null : Math.max(1, Math.ceil(numbers.estimatedWaitSeconds / 60));
    const slip = h(
      'div',
      { class: 'slip' },
      h('p', { class: 'slip-branch print-only' }, k.branchLabel()),
      h('h1', { id: 'ticket-title', tabindex: '-1', class: 'ticket-label' }, t('ticket.title')),
      h('p', { class: 'ticket-number', 'data-testid': 'ticket-number' }, visit.ticket),
      h(
        'p',
        { class: 'ticket-line', 'data-testid': 'ticket-line' },
        t('ticket.line', { line: k.lineName(visit.line) }),
      ),
      h(
        'p',
        { class: 'ticket-ahead', 'data-testid': 'ticket-ahead' },
        numbers.ahead === null ? t('ticket.aheadUnknown') : t('ticket.ahead', { count: numbers.ahead }),
      ),
      h(
        'p',
        { class: 'ticket-wait', 'data-testid': 'ticket-wait' },
        minutes === null ? t('ticket.waitUnknown') : t('ticket.wait', { minutes }),
      ),
      ...notes(k, draft),
      guideSlip(k, visit.line),
      statusBlock(k, statusUrl, qr),
      h('p', { class: 'greeting', 'data-testid': 'greeting' }, t('ticket.greeting')),
      h('p', { class: 'slip-time' }, t('ticket.time', { time: clock(visit.arrivedAt) })),
    );
    const el = h('section', { class: 'ticket', 'aria-labelledby': 'ticket-title', 'data-testid': 'ticket' }, slip);
    el.append(leaving(k, el));
    if (!printed) {
      printed = true;
      printTicket(qr);
    }
    return el;
  };
  return screen;
}

export function keptTicketScreen(provisional: string, occurredAt: string, draft: Draft): Screen {
  let printed = false;
  return (k: Kiosk) => {
    const t = k.t;
    const slip = h(
      'div',
      { class: 'slip' },
      h('p', { class: 'slip-branch print-only' }, k.branchLabel()),
      h('h1', { id: 'ticket-title', tabindex: '-1', class: 'ticket-label' }, t('offline.title')),
      h('p', { class: 'provisional-label' }, t('offline.provisional')),
      h('p', { class: 'ticket-number provisional', 'data-testid': 'ticket-number' }, provisional),
      h(
        'p',
        { class: 'ticket-line', 'data-testid': 'ticket-line' },
        t('ticket.line', { line: k.lineName(draft.line) }),
      ),
      h('p', { class: 'kept-message', 'data-testid': 'kept-message' }, t('offline.message')),
      ...notes(k, draft),
      guideSlip(k, draft.line.id),
      h('p', { class: 'kept-called', 'data-testid': 'kept-called' }, t('offline.called', { provisional })),
      h('p', { class: 'kept-note' }, t('offline.note')),
      h('p', { class: 'slip-time' }, t('ticket.time', { time: clock(occurredAt) })),
    );
    const el = h('section', { class: 'ticket kept', 'aria-labelledby': 'ticket-title', 'data-testid': 'ticket' }, slip);
    el.append(leaving(k, el));
    if (!printed) {
      printed = true;
      printTicket();
    }
    return el;
  };
}
