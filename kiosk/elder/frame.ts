/**
 * One elder screen: one question in large type, its answers, and at the foot 请工作人员协助 and the way
 * back to the normal kiosk. Its words are spoken once, when it first shows (not again on a redraw).
 */
import { button, h } from '../../shared/browser/dom.ts';
import type { Kiosk, Screen } from '../app.ts';
import { speak } from '../speech.ts';
import { helpButton, type HelpFor } from './help.ts';

/** Seconds without a touch before an elder screen gives up: elders read and decide more slowly. */
export const ELDER_IDLE_SECONDS = 90;

export interface ElderPage {
  /** Names the screen: `elder-<id>` for its test id and heading. */
  id: string;
  title: string;
  /** What is spoken (Mandarin). */
  say: string;
  body: (HTMLElement | null)[];
  back?: () => void;
  help?: HelpFor;
}

export function elderScreen(build: (k: Kiosk) => ElderPage): Screen {
  let spoken = false;
  return (k: Kiosk) => {
    const p = build(k);
    if (!spoken) {
      spoken = true;
      speak(p.say);
    }
    const t = k.t;
    return h(
      'section',
      { class: `elder elder-${p.id}`, 'aria-labelledby': `elder-${p.id}-title`, 'data-testid': `elder-${p.id}` },
      h('h1', { id: `elder-${p.id}-title`, tabindex: '-1' }, p.title),
      ...p.body,
      h(
        'div',
        { class: 'elder-foot' },
        helpButton(k, p.help ?? { kind: 'check-in' }),
        h(
          'div',
          { class: 'row' },
          p.back ? button(t('elder.back'), p.back, 'secondary', { 'data-testid': 'elder-back' }) : null,
          button(t('elder.exit'), () => k.leaveElder(), 'secondary', { 'data-testid': 'elder-exit' }),
        ),
      ),
    );
  };
}

/** Two large answers side by side: yes on the left, no on the right (as the spoken words say). */
export function yesNo(yes: string, no: string, onYes: () => void, onNo: () => void): HTMLElement {
  return h(
    'div',
    { class: 'elder-answers' },
    button(yes, onYes, 'answer', { 'data-testid': 'answer-yes' }),
    button(no, onNo, 'answer', { 'data-testid': 'answer-no' }),
  );
}
