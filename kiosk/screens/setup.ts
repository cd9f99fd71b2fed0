/** Set-up, once per device: the kiosk's token, checked with the server before it is kept. */
import { describeFailure } from '../../dashboard/common/lang.ts';
import type { Kiosk, Screen } from '../app.ts';
import { SetupRefused, setUp, type Device } from '../device.ts';
import { button, h } from '../../dashboard/common/dom.ts';

export function setupScreen(onReady: (d: Device) => void, cancel?: () => void): Screen {
  const state = { token: '', checking: false, error: null as string | null };
  const save = async (k: Kiosk) => {
    const token = state.token.trim();
    if (!token) {
      state.error = k.t('setup.empty');
      return k.refresh();
    }
    state.checking = true;
    state.error = null;
    k.refresh();
    try {
      onReady(await setUp(token));
    } catch (e) {
      state.error = e instanceof SetupRefused ? k.t(e.reason === 'wrong-token' ? 'setup.wrongToken' : 'setup.notKiosk') : describeFailure(e, k.t);
      state.checking = false;
      k.refresh();
    }
  };
  return (k: Kiosk) => {
    const t = k.t;
    const input = h('input', {
      id: 'device-token',
      class: 'field',
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      'data-focus-id': 'device-token',
      'aria-invalid': state.error ? 'true' : null,
      'aria-describedby': state.error ? 'setup-error' : null,
      oninput: (e: Event) => (state.token = (e.target as HTMLInputElement).value),
      onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && void save(k),
    });
    input.value = state.token;
    return h(
      'section',
      { class: 'setup', 'aria-labelledby': 'setup-title' },
      h('h1', { id: 'setup-title', tabindex: '-1' }, t('setup.title')),
      h('p', { class: 'prompt' }, t('setup.intro')),
      h('div', { class: 'field-group' }, h('label', { for: 'device-token' }, t('setup.token')), input),
      state.error ? h('p', { class: 'error', id: 'setup-error', role: 'alert', 'data-testid': 'error' }, state.error) : null,
      h(
        'div',
        { class: 'row' },
        cancel ? button(t('kiosk.back'), cancel, 'secondary', { 'data-testid': 'back' }) : null,
        button(state.checking ? t('setup.checking') : t('setup.save'), () => void save(k), 'primary', { 'data-testid': 'setup-save', disabled: state.checking }),
      ),
    );
  };
}
