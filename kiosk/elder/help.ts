/**
 * 请工作人员协助 on every elder screen. Before the ticket it checks the customer in asking for help (the
 * line chosen so far, or the branch's first — the greeter corrects it); with a ticket it flags that visit.
 * Either way every staff tablet highlights the customer at once and the screen says someone is coming.
 */
import { button, h } from '../../shared/browser/dom.ts';
import type { Kiosk, Screen } from '../app.ts';
import { askForHelp, checkIn, type Draft } from '../checkin.ts';
import { printTicket } from '../print.ts';
import { speak, spokenTicket } from '../speech.ts';

/** Who the button asks for: a customer without a ticket yet, a visit, or a ticket kept offline (nobody to tell). */
export type HelpFor = { kind: 'check-in' } | { kind: 'visit'; id: string; ticket: string } | { kind: 'offline' };

/** Seconds the "someone is coming" screen stays: long enough for the greeter to arrive. */
const HELP_IDLE_SECONDS = 90;

export function helpButton(k: Kiosk, target: HelpFor): HTMLButtonElement {
  let sending = false;
  const b = button(
    k.t('elder.help'),
    () => {
      if (sending) return;
      sending = true;
      b.disabled = true;
      void requestHelp(k, target);
    },
    'help',
    { 'data-testid': 'help' },
  );
  return b;
}

async function requestHelp(k: Kiosk, target: HelpFor): Promise<void> {
  if (target.kind === 'offline') return k.show(helpFailedScreen());
  try {
    if (target.kind === 'visit') {
      await askForHelp(k.device!, target.id);
      return k.show(helpComingScreen(target.ticket, null), { idleSeconds: HELP_IDLE_SECONDS });
    }
    const draft: Draft = k.draft ?? { line: k.device!.branch.lines[0]!, memberNo: null, needs: [] };
    draft.help = true;
    k.draft = draft;
    const r = await checkIn(k.device!, k.outbox!, draft);
    const ticket = r.kind === 'ticket' ? r.visit.ticket : r.provisional;
    k.show(helpComingScreen(ticket, draft.line.id), { idleSeconds: HELP_IDLE_SECONDS });
    printTicket();
  } catch {
    k.show(helpFailedScreen());
  }
}

/** "Staff are on their way", with the number the customer now holds (printed when it is new). */
function helpComingScreen(ticket: string, line: string | null): Screen {
  let spoken = false;
  return (k: Kiosk) => {
    const t = k.t;
    if (!spoken) {
      spoken = true;
      const sayTicket = k.say('elder.helpComing.sayTicket', { ticket: spokenTicket(ticket) });
      speak(k.say('elder.helpComing.say', { ticket: sayTicket }));
    }
    return h(
      'section',
      { class: 'ticket elder elder-help-coming', 'aria-labelledby': 'help-title', 'data-testid': 'elder-help-coming' },
      h(
        'div',
        { class: 'slip' },
        h('p', { class: 'slip-branch print-only' }, k.branchLabel()),
        h('h1', { id: 'help-title', tabindex: '-1', class: 'help-title' }, t('elder.helpComing.title')),
        h('p', { class: 'help-message', role: 'status' }, t('elder.helpComing.message')),
        h('p', { class: 'ticket-label' }, t('ticket.title')),
        h('p', { class: 'ticket-number', 'data-testid': 'ticket-number' }, ticket),
        line ? h('p', { class: 'ticket-line' }, t('ticket.line', { line: k.lineName(line) })) : null,
      ),
      h(
        'div',
        { class: 'leave no-print' },
        button(t('ticket.done'), () => k.goHome(), 'primary', { 'data-testid': 'done' }),
      ),
    );
  };
}

/** The server cannot be told (offline, or it refused): the customer waves to someone instead. */
function helpFailedScreen(): Screen {
  let spoken = false;
  return (k: Kiosk) => {
    if (!spoken) {
      spoken = true;
      speak(k.say('elder.helpFailed.say'));
    }
    return h(
      'section',
      { class: 'elder elder-help-failed', 'aria-labelledby': 'help-failed-title', 'data-testid': 'elder-help-failed' },
      h('h1', { id: 'help-failed-title', tabindex: '-1' }, k.t('elder.helpFailed.title')),
      button(k.t('kiosk.home'), () => k.goHome(), 'primary', { 'data-testid': 'home' }),
    );
  };
}
