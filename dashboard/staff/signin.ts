/** Sign-in: staff id, then the PIN on a big on-screen keypad (one hand, no keyboard popping up). */
import { describeFailure } from '../../shared/browser/lang.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { SignInFailure, type StaffSession } from '../../shared/browser/session.ts';
import { lastStaffId, signIn } from './session.ts';

const PIN_MAX = 8;
const PIN_MIN = 4;

export function signInScreen(
  t: Translate,
  onSignedIn: (s: StaffSession) => void,
  onLang: () => void,
  notice?: string,
): HTMLElement {
  let pin = '';
  let busy = false;
  const idInput = h('input', {
    id: 'staff-id',
    name: 'staffId',
    value: lastStaffId(),
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    maxlength: 64,
    required: true,
  });
  const dots = h('output', { class: 'pin-dots', id: 'pin-dots', 'aria-live': 'polite', 'data-testid': 'pin-dots' });
  const message = h('p', { class: 'signin-message', role: 'alert', 'data-testid': 'signin-message' }, notice ?? '');
  const submit = button(t('staff.signIn'), () => void go(), 'primary', { class: 'btn btn-primary signin-submit' });

  const showPin = () => {
    dots.textContent = pin.length === 0 ? t('staff.pinEmpty') : '●'.repeat(pin.length);
    dots.setAttribute('aria-label', t('staff.pinDigits', { n: pin.length }));
  };
  const press = (d: string) => {
    if (pin.length < PIN_MAX) pin += d;
    showPin();
  };
  const back = () => {
    pin = pin.slice(0, -1);
    showPin();
  };

  async function go(): Promise<void> {
    if (busy) return;
    const staffId = idInput.value.trim();
    if (!staffId) return void ((message.textContent = t('staff.needId')), idInput.focus());
    if (pin.length < PIN_MIN) return void (message.textContent = t('staff.needPin'));
    busy = true;
    submit.disabled = true;
    message.textContent = t('staff.signingIn');
    try {
      onSignedIn(await signIn(staffId, pin));
    } catch (e) {
      message.textContent = describeFailure(e, t);
      // The server says how many wrong PINs are left before the lock: warn before the last one, not after.
      if (e instanceof SignInFailure && e.code === 'wrong-pin' && e.attemptsLeft !== null) {
        message.textContent += t(e.attemptsLeft <= 1 ? 'staff.lastAttempt' : 'staff.attemptsLeft', {
          n: e.attemptsLeft,
        });
      }
      pin = '';
      showPin();
    } finally {
      busy = false;
      submit.disabled = false;
    }
  }

  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => button(d, () => press(d), 'key'));
  const keypad = h(
    'div',
    { class: 'keypad', role: 'group', 'aria-label': t('staff.keypad') },
    ...digits,
    button(t('staff.clear'), () => ((pin = ''), showPin()), 'key', { class: 'btn btn-key key-word' }),
    button('0', () => press('0'), 'key'),
    button('⌫', back, 'key', { 'aria-label': t('staff.backspace') }),
  );
  // A hardware keyboard works too (a phone, a tablet with a cover keyboard).
  const onKey = (e: KeyboardEvent) => {
    if (document.activeElement === idInput) return void (e.key === 'Enter' && void go());
    if (/^\d$/.test(e.key)) press(e.key);
    else if (e.key === 'Backspace') back();
    else if (e.key === 'Enter') void go();
  };
  const screen = h(
    'main',
    { class: 'signin', 'data-testid': 'signin' },
    h(
      'header',
      { class: 'signin-head' },
      h('h1', {}, t('staff.title')),
      button(t('lang.switch'), onLang, 'secondary', { class: 'btn btn-secondary lang' }),
    ),
    h(
      'form',
      { class: 'signin-card', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void go()) },
      h('label', { for: 'staff-id' }, t('staff.staffId')),
      idInput,
      h('span', { class: 'label' }, t('staff.pin')),
      dots,
      keypad,
      submit,
      message,
    ),
  );
  screen.addEventListener('keydown', onKey);
  showPin();
  queueMicrotask(() => (idInput.value ? screen.focus() : idInput.focus()));
  screen.tabIndex = -1;
  return screen;
}
