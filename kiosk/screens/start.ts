/** The start screen: one big button per business line (tap 1), and "VIP later" for ticket holders. */
import type { Kiosk, Screen } from '../app.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { enterElder } from '../elder/flow.ts';
import { confirmScreen } from './confirm.ts';
import { vipLaterScreen } from './vip-later.ts';

export const startScreen: Screen = (k: Kiosk) => {
  const t = k.t;
  const lines = k.device!.branch.lines;
  return h(
    'section',
    { class: 'start', 'aria-labelledby': 'start-title' },
    h('h1', { id: 'start-title', tabindex: '-1' }, t('kiosk.welcome')),
    h('p', { class: 'prompt' }, t('kiosk.chooseLine')),
    h(
      'div',
      { class: 'lines' },
      ...lines.map((line) =>
        button(
          h('span', { class: 'line-name' }, k.lineName(line)),
          () => {
            k.draft = { line, memberNo: null, needs: [] };
            k.show(confirmScreen());
          },
          'line',
          { 'data-line': line.id },
        ),
      ),
    ),
    button(
      h(
        'span',
        { class: 'elder-enter' },
        h('span', { class: 'elder-enter-name' }, t('elder.enter')),
        h('span', { class: 'elder-enter-hint' }, t('elder.enterHint')),
      ),
      () => enterElder(k),
      'elder',
      { 'data-testid': 'elder-mode' },
    ),
    button(t('kiosk.vipLater'), () => k.show(vipLaterScreen()), 'quiet', { 'data-testid': 'vip-later' }),
  );
};
