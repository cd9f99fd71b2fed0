/**
 * VIP later: a customer who already holds a ticket identifies as VIP with the ticket number and the
 * member number; the VIP clock starts at this moment.
 */
import { currentLang, describeFailure } from '../../shared/browser/lang.ts';
import { ticketLabel } from '../../shared/ticket-label.ts';
import type { Visit } from '../../shared/types.ts';
import { ApiFailure } from '../../shared/browser/api.ts';
import { TICKET_IDLE_SECONDS, type Kiosk, type Screen } from '../app.ts';
import { identifyLater } from '../checkin.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { applyKey, keypad } from '../keypad.ts';
import { MEMBER_NO_MAX, memberNoField, validMemberNo } from './vip.ts';

/** A paper ticket (A003) or the provisional number handed out while offline (临-001). */
const TICKET_PATTERN = /^(?:[A-Z]{1,3}\d{1,5}|临-\d{3,4})$/;
const PROVISIONAL_KEY = '临-';
const TICKET_MAX = 8;

export function vipLaterScreen(): Screen {
  const ticket = { text: '' };
  const member = { digits: '' };
  let active: 'ticket' | 'member' = 'ticket';
  let message: string | null = null;
  let sending = false;

  const submit = async (k: Kiosk) => {
    const t = k.t;
    const number = ticket.text.trim().toUpperCase();
    const memberNo = validMemberNo(member.digits);
    message = !TICKET_PATTERN.test(number) ? t('later.badTicket') : !memberNo ? t('vip.badNumber') : null;
    if (message || !memberNo || sending) return k.refresh();
    sending = true;
    k.refresh();
    try {
      const visit = await identifyLater(k.device!, number, memberNo);
      k.show(laterDoneScreen(visit), { idleSeconds: TICKET_IDLE_SECONDS });
    } catch (e) {
      message = e instanceof ApiFailure && e.offline ? k.t('later.offline') : describeFailure(e, k.t);
      sending = false;
      k.refresh();
    }
  };

  return (k: Kiosk) => {
    const t = k.t;
    const letters = [...new Set([...k.device!.branch.lines.map((l) => l.prefix), 'V']), PROVISIONAL_KEY];
    const ticketInput = h('input', {
      id: 'later-ticket',
      class: 'field ticket-field',
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'characters',
      maxlength: String(TICKET_MAX),
      'data-focus-id': 'later-ticket',
      onfocus: () => (active = 'ticket'),
      oninput: (e: Event) => (ticket.text = (e.target as HTMLInputElement).value.toUpperCase()),
      onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && void submit(k),
    });
    ticketInput.value = ticket.text;
    const memberField = memberNoField(k, 'later-member', t('later.memberNo'), member, () => void submit(k));
    memberField.input.addEventListener('focus', () => (active = 'member'));
    const onKey = (key: string) => {
      if (active === 'ticket') {
        ticket.text = applyKey(ticket.text, key, TICKET_MAX);
        ticketInput.value = ticket.text;
      } else {
        memberField.setFromKey(applyKey(member.digits, key, MEMBER_NO_MAX));
      }
    };
    // The keypad types into the field last touched; its label is marked so the customer sees which.
    const ticketGroup = h(
      'div',
      { class: 'field-group' },
      h('label', { for: 'later-ticket' }, t('later.ticket')),
      ticketInput,
    );
    const memberGroup = h('div', {}, memberField.element);
    const mark = () => {
      ticketGroup.classList.toggle('active', active === 'ticket');
      memberGroup.classList.toggle('active', active === 'member');
    };
    ticketInput.addEventListener('focus', mark);
    memberField.input.addEventListener('focus', mark);
    mark();
    return h(
      'section',
      { class: 'vip-later', 'aria-labelledby': 'later-title' },
      h('h1', { id: 'later-title', tabindex: '-1' }, t('later.title')),
      h('p', { class: 'prompt' }, t('later.intro')),
      ticketGroup,
      memberGroup,
      message ? h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message) : null,
      keypad(t, onKey, letters),
      h(
        'div',
        { class: 'row' },
        button(t('kiosk.back'), () => k.goHome(), 'secondary', { 'data-testid': 'back' }),
        button(sending ? t('later.sending') : t('later.submit'), () => void submit(k), 'primary', {
          'data-testid': 'later-submit',
          disabled: sending,
        }),
      ),
    );
  };
}

function laterDoneScreen(visit: Visit): Screen {
  return (k: Kiosk) => {
    const t = k.t;
    // What the customer holds: the ticket, and the provisional number beside it when they were given one.
    const ticket = ticketLabel(visit, currentLang());
    const el = h(
      'section',
      { class: 'later-done', 'aria-labelledby': 'done-title' },
      h('h1', { id: 'done-title', tabindex: '-1' }, t('later.done')),
      h('p', { class: 'ticket-number', 'data-testid': 'ticket-number' }, visit.ticket),
      // The number in the customer's hand, beside (not inside) the big ticket: it must fit the screen.
      visit.provisionalTicket
        ? h(
            'p',
            { class: 'ticket-provisional', 'data-testid': 'ticket-provisional' },
            t('later.provisional', { provisional: visit.provisionalTicket }),
          )
        : null,
      h('p', { class: 'note note-vip', 'data-testid': 'later-message' }, t('later.doneMessage', { ticket })),
      h('p', { class: 'greeting' }, t('ticket.greeting')),
      button(t('ticket.done'), () => k.goHome(), 'primary', { 'data-testid': 'done' }),
    );
    return el;
  };
}
