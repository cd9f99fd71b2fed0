/**
 * The one screen between the line and the ticket: confirm straight away (tap 2), or first say "I am a
 * VIP customer" and tick any special needs. Nothing here asks for a name or a phone number.
 */
import { SPECIAL_NEEDS } from '../../shared/schemas.ts';
import { TICKET_IDLE_SECONDS, type Kiosk, type Screen } from '../app.ts';
import { checkIn } from '../checkin.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { maskDigits } from '../keypad.ts';
import { guidePanel } from '../guide.ts';
import { problemScreen } from './problem.ts';
import { keptTicketScreen, ticketScreen } from './ticket.ts';
import { vipEntryScreen } from './vip.ts';

export function confirmScreen(): Screen {
  let sending = false;

  const submit = async (k: Kiosk) => {
    if (sending) return;
    sending = true;
    k.refresh();
    const draft = k.draft!;
    try {
      const result = await checkIn(k.device!, k.outbox!, draft);
      const ticket =
        result.kind === 'ticket'
          ? ticketScreen(result.visit, result.numbers, draft, result.statusUrl)
          : keptTicketScreen(result.provisional, result.occurredAt, draft);
      k.show(ticket, { idleSeconds: TICKET_IDLE_SECONDS });
    } catch (e) {
      k.show(problemScreen(e, () => k.show(confirmScreen())));
    } finally {
      sending = false;
    }
  };

  return (k: Kiosk) => {
    const t = k.t;
    const draft = k.draft!;
    const backHere = () => k.show(confirmScreen());
    const vip = draft.memberNo
      ? h(
          'div',
          { class: 'vip-set' },
          h(
            'p',
            { class: 'vip-number', 'data-testid': 'vip-number' },
            t('confirm.vipSet', { memberNo: maskDigits(draft.memberNo) }),
          ),
          h(
            'div',
            { class: 'row' },
            button(t('confirm.vipChange'), () => k.show(vipEntryScreen(backHere))),
            button(t('confirm.vipRemove'), () => {
              draft.memberNo = null;
              k.refresh();
            }),
          ),
        )
      : button(t('confirm.vip'), () => k.show(vipEntryScreen(backHere)), 'vip', { 'data-testid': 'vip-button' });
    const needs = h(
      'fieldset',
      { class: 'needs' },
      h('legend', {}, t('confirm.needs')),
      h(
        'div',
        { class: 'needs-grid' },
        // `assistance` is the elder mode's 请工作人员协助 button (it also flags the visit), not a box to tick.
        ...SPECIAL_NEEDS.filter((need) => need !== 'assistance').map((need) => {
          const on = draft.needs.includes(need);
          return button(
            t(`need.${need}`),
            () => {
              draft.needs = on ? draft.needs.filter((n) => n !== need) : [...draft.needs, need];
              k.refresh();
            },
            on ? 'toggle on' : 'toggle',
            { 'aria-pressed': on ? 'true' : 'false', 'data-need': need, 'data-focus-id': `need-${need}` },
          );
        }),
      ),
    );
    return h(
      'section',
      { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h1', { id: 'confirm-title', tabindex: '-1' }, t('confirm.title')),
      h(
        'p',
        { class: 'chosen-line' },
        h('span', { class: 'label' }, t('confirm.line')),
        h('strong', { 'data-testid': 'chosen-line' }, k.lineName(draft.line)),
      ),
      guidePanel(k, draft.line.id),
      vip,
      needs,
      button(sending ? t('confirm.sending') : t('confirm.submit'), () => void submit(k), 'primary', {
        'data-testid': 'submit',
        disabled: sending,
        'aria-busy': sending ? 'true' : null,
      }),
      button(t('kiosk.back'), () => k.goHome(), 'secondary', { 'data-testid': 'back' }),
    );
  };
}
