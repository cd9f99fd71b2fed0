/**
 * Set-up, once per device: the six-digit pairing code from the staff console ("添加设备"), or the kiosk's
 * token typed in; either is checked with the server before it is kept.
 */
import { describeFailure, makeT } from '../../shared/browser/lang.ts';
import { pairing as pairingText } from '../../shared/i18n/pairing.ts';
import type { Kiosk, Screen } from '../app.ts';
import { SetupRefused, pair, setUp, type Device } from '../device.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { pairingCode } from '../../shared/browser/pairing.ts';

/** `code`: a pairing code from the set-up address (the console's QR); it is sent at once. */
export function setupScreen(onReady: (d: Device) => void, cancel?: () => void, code?: string): Screen {
  const state = {
    code: code ?? '',
    token: '',
    checking: false,
    error: null as string | null,
    errorOn: 'code' as 'code' | 'token',
    sentFromUrl: false,
  };
  const run = async (k: Kiosk, attempt: () => Promise<Device>) => {
    state.checking = true;
    state.error = null;
    k.refresh();
    try {
      onReady(await attempt());
    } catch (e) {
      state.error =
        e instanceof SetupRefused
          ? k.t(e.reason === 'wrong-token' ? 'setup.wrongToken' : 'setup.notKiosk')
          : describeFailure(e, k.t);
      state.checking = false;
      k.refresh();
    }
  };
  const savePairing = (k: Kiosk) => {
    state.errorOn = 'code';
    const digits = pairingCode(state.code);
    if (!digits) {
      state.error = makeT(pairingText)('pairing.badCode');
      return k.refresh();
    }
    return run(k, () => pair(digits));
  };
  const saveToken = (k: Kiosk) => {
    state.errorOn = 'token';
    const token = state.token.trim();
    if (!token) {
      state.error = k.t('setup.empty');
      return k.refresh();
    }
    return run(k, () => setUp(token));
  };
  return (k: Kiosk) => {
    const t = k.t;
    const tp = makeT(pairingText); // the pairing texts, in the kiosk's current language
    if (code && !state.sentFromUrl) {
      state.sentFromUrl = true;
      queueMicrotask(() => void savePairing(k));
    }
    const described = (field: 'code' | 'token', id: string) => {
      const wrong = state.error !== null && state.errorOn === field;
      return { 'aria-invalid': wrong ? 'true' : null, 'aria-describedby': wrong ? 'setup-error' : id || null };
    };
    const codeInput = h('input', {
      id: 'pairing-code',
      class: 'field pairing-code',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: 12,
      spellcheck: 'false',
      'data-focus-id': 'pairing-code',
      ...described('code', 'pairing-hint'),
      oninput: (e: Event) => (state.code = (e.target as HTMLInputElement).value),
      onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && void savePairing(k),
    });
    codeInput.value = state.code;
    const tokenInput = h('input', {
      id: 'device-token',
      class: 'field',
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      'data-focus-id': 'device-token',
      ...described('token', ''),
      oninput: (e: Event) => (state.token = (e.target as HTMLInputElement).value),
      onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && void saveToken(k),
    });
    tokenInput.value = state.token;
    return h(
      'section',
      { class: 'setup', 'aria-labelledby': 'setup-title' },
      h('h1', { id: 'setup-title', tabindex: '-1' }, t('setup.title')),
      h(
        'div',
        { class: 'field-group' },
        h('label', { for: 'pairing-code' }, tp('pairing.setupCode')),
        h('p', { class: 'prompt', id: 'pairing-hint' }, tp('pairing.setupCodeHint')),
        codeInput,
      ),
      h(
        'div',
        { class: 'row' },
        button(state.checking ? tp('pairing.pairing') : tp('pairing.pair'), () => void savePairing(k), 'primary', {
          'data-testid': 'pairing-save',
          disabled: state.checking,
        }),
      ),
      state.error
        ? h('p', { class: 'error', id: 'setup-error', role: 'alert', 'data-testid': 'error' }, state.error)
        : null,
      h('p', { class: 'prompt setup-or' }, tp('pairing.or')),
      h('div', { class: 'field-group' }, h('label', { for: 'device-token' }, t('setup.token')), tokenInput),
      h(
        'div',
        { class: 'row' },
        cancel ? button(t('kiosk.back'), cancel, 'secondary', { 'data-testid': 'back' }) : null,
        button(state.checking ? t('setup.checking') : t('setup.save'), () => void saveToken(k), 'secondary', {
          'data-testid': 'setup-save',
          disabled: state.checking,
        }),
      ),
    );
  };
}
