/** A calm explanation of why the kiosk could not give a ticket, and a way forward. */
import { describeFailure } from '../../shared/browser/lang.ts';
import type { ApiFailure } from '../../shared/browser/api.ts';
import type { Kiosk, Screen } from '../app.ts';
import { button, h } from '../../shared/browser/dom.ts';

export function problemScreen(error: unknown, retry?: () => void): Screen {
  return (k: Kiosk) => {
    const t = k.t;
    const code = (error as ApiFailure | null)?.code;
    const branch = k.device?.branch;
    return h(
      'section',
      { class: 'problem', 'aria-labelledby': 'problem-title' },
      h('h1', { id: 'problem-title', tabindex: '-1' }, t('error.title')),
      h('p', { class: 'problem-message', role: 'alert', 'data-testid': 'problem' }, describeFailure(error, t)),
      code === 'hall-closed' && branch
        ? h('p', { class: 'problem-hours' }, t('error.hallHours', { opens: branch.opens, closes: branch.closes }))
        : null,
      h('p', { class: 'problem-help' }, t('error.askStaff')),
      h(
        'div',
        { class: 'row' },
        retry && code !== 'hall-closed'
          ? button(t('kiosk.retry'), retry, 'secondary', { 'data-testid': 'retry' })
          : null,
        button(t('kiosk.home'), () => k.goHome(), 'primary', { 'data-testid': 'home' }),
      ),
    );
  };
}
