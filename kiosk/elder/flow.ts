/**
 * 长辈模式's way to a ticket, one question a screen: which business → VIP? → need a hand? → take the
 * ticket (with the line's guide, read out) → the ticket, read out. Each step is spoken in Mandarin.
 */
import { button, h } from '../../shared/browser/dom.ts';
import type { LineInfo } from '../../shared/types.ts';
import { TICKET_IDLE_SECONDS, type Kiosk, type Screen } from '../app.ts';
import { checkIn, type CheckInResult, type Draft } from '../checkin.ts';
import { guideOf, guidePanel } from '../guide.ts';
import { problemScreen } from '../screens/problem.ts';
import { keptTicketScreen, ticketScreen } from '../screens/ticket.ts';
import { speak, spokenTicket } from '../speech.ts';
import { ELDER_IDLE_SECONDS, elderScreen, yesNo } from './frame.ts';
import { helpButton } from './help.ts';

/** The ticket stays longer for an elder: time to hear it, take the slip, and ask for help. */
const ELDER_TICKET_SECONDS = TICKET_IDLE_SECONDS * 2;

const go = (k: Kiosk, s: Screen) => k.show(s, { idleSeconds: ELDER_IDLE_SECONDS });
/** The line in Chinese, for what is spoken. */
const zhName = (line: LineInfo) => line.name.zh;

/** The start screen's big button: into elder mode, at its first question. */
export function enterElder(k: Kiosk): void {
  k.setElder(true);
  k.draft = null;
  go(k, lineScreen());
}

function lineScreen(): Screen {
  return elderScreen((k) => {
    const lines = k.device!.branch.lines;
    return {
      id: 'line',
      title: k.t('elder.line.title'),
      say: k.say('elder.line.say', { lines: lines.map(zhName).join('、') }),
      body: [
        h(
          'div',
          { class: 'elder-lines' },
          ...lines.map((line) =>
            button(
              k.lineName(line),
              () => {
                k.draft = { line, memberNo: null, needs: [], vip: false };
                go(k, vipScreen());
              },
              'line',
              { 'data-line': line.id },
            ),
          ),
        ),
      ],
    };
  });
}

function vipScreen(): Screen {
  return elderScreen((k) => {
    const draft = k.draft!;
    const answer = (vip: boolean) => () => {
      draft.vip = vip;
      go(k, careScreen());
    };
    return {
      id: 'vip',
      title: k.t('elder.vip.title'),
      say: k.say('elder.vip.say'),
      body: [yesNo(k.t('elder.yes'), k.t('elder.no'), answer(true), answer(false))],
      back: () => go(k, lineScreen()),
    };
  });
}

function careScreen(): Screen {
  return elderScreen((k) => {
    const draft = k.draft!;
    const answer = (care: boolean) => () => {
      draft.needs = care ? ['elderly'] : [];
      go(k, confirmScreen());
    };
    return {
      id: 'care',
      title: k.t('elder.care.title'),
      say: k.say('elder.care.say'),
      body: [yesNo(k.t('elder.need'), k.t('elder.noNeed'), answer(true), answer(false))],
      back: () => go(k, vipScreen()),
    };
  });
}

function confirmScreen(): Screen {
  let sending = false;
  const submit = async (k: Kiosk) => {
    if (sending) return;
    sending = true;
    k.refresh();
    const draft = k.draft!;
    try {
      const result = await checkIn(k.device!, k.outbox!, draft);
      k.show(ticketFor(result, draft), { idleSeconds: ELDER_TICKET_SECONDS });
    } catch (e) {
      k.show(problemScreen(e, () => go(k, confirmScreen())));
    } finally {
      sending = false;
    }
  };
  return elderScreen((k) => {
    const draft = k.draft!;
    const zh = guideOf(k, draft.line.id, 'zh');
    const papers = zh && zh.papers.length > 0 ? k.say('elder.confirm.papers', { papers: zh.papers.join('、') }) : '';
    return {
      id: 'confirm',
      title: k.t('elder.confirm.title'),
      say: k.say('elder.confirm.say', { line: zhName(draft.line), papers }),
      body: [
        h(
          'p',
          { class: 'elder-chosen', 'data-testid': 'chosen-line' },
          k.t('elder.confirm.line', { line: k.lineName(draft.line) }),
        ),
        guidePanel(k, draft.line.id),
        button(sending ? k.t('confirm.sending') : k.t('elder.confirm.submit'), () => void submit(k), 'primary', {
          'data-testid': 'submit',
          disabled: sending,
          'aria-busy': sending ? 'true' : null,
        }),
      ],
      back: () => go(k, careScreen()),
    };
  });
}

/** The normal ticket (the same slip is printed), read out, with 请工作人员协助 for this visit. */
function ticketFor(result: CheckInResult, draft: Draft): Screen {
  const inner =
    result.kind === 'ticket'
      ? ticketScreen(result.visit, result.numbers, draft, result.statusUrl)
      : keptTicketScreen(result.provisional, result.occurredAt, draft);
  let spoken = false;
  return (k: Kiosk) => {
    if (!spoken) {
      spoken = true;
      if (result.kind === 'ticket') {
        const ahead = result.numbers.ahead;
        speak(
          k.say('elder.ticket.say', {
            ticket: spokenTicket(result.visit.ticket),
            ahead: ahead === null ? '' : k.say('elder.ticket.ahead', { count: ahead }),
          }),
        );
      } else speak(k.say('elder.kept.say', { ticket: spokenTicket(result.provisional) }));
    }
    const el = inner(k);
    el.classList.add('elder');
    const target =
      result.kind === 'ticket'
        ? { kind: 'visit' as const, id: result.visit.id, ticket: result.visit.ticket }
        : { kind: 'offline' as const };
    el.append(h('div', { class: 'elder-foot no-print' }, helpButton(k, target)));
    return el;
  };
}
