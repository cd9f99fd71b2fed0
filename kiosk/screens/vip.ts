/**
 * "I am a VIP customer": the member or card number, typed on the keypad or a keyboard, shown masked,
 * and checked here with the same rule the server uses before it goes anywhere.
 */
import { memberNoSchema } from '../../shared/schemas.ts';
import type { Kiosk, Screen } from '../app.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { applyKey, keypad, maskDigits } from '../keypad.ts';

export const MEMBER_NO_MAX = 20;

/** A masked member-number field with its keypad; `value()` reads it, `showError` explains a refusal. */
export function memberNoField(k: Kiosk, id: string, label: string, value: { digits: string }, onEnter: () => void) {
  const t = k.t;
  const shown = h(
    'p',
    { class: 'masked', id: `${id}-shown`, 'aria-live': 'polite' },
    value.digits ? t('vip.shown', { masked: maskDigits(value.digits) }) : t('vip.none'),
  );
  const input = h('input', {
    id,
    class: 'field member-no',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: String(MEMBER_NO_MAX + 4),
    'aria-describedby': `${id}-shown`,
    'data-focus-id': id,
  });
  input.value = value.digits;
  const sync = () => {
    shown.textContent = value.digits ? t('vip.shown', { masked: maskDigits(value.digits) }) : t('vip.none');
  };
  input.addEventListener('input', () => {
    value.digits = input.value;
    sync();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') onEnter();
  });
  const setFromKey = (digits: string) => {
    value.digits = digits;
    input.value = digits;
    sync();
  };
  return {
    input,
    setFromKey,
    element: h('div', { class: 'field-group' }, h('label', { for: id }, label), input, shown),
  };
}

/** Validates with the shared schema: the digits without spaces, or null when malformed. */
export function validMemberNo(digits: string): string | null {
  const r = memberNoSchema.safeParse(digits);
  return r.success ? r.data : null;
}

export function vipEntryScreen(done: () => void): Screen {
  const value = { digits: '' };
  let error = false;
  return (k: Kiosk) => {
    const t = k.t;
    const draft = k.draft!;
    if (!value.digits && draft.memberNo) value.digits = draft.memberNo;
    const ok = () => {
      const memberNo = validMemberNo(value.digits);
      if (!memberNo) {
        error = true;
        k.refresh();
        return;
      }
      draft.memberNo = memberNo;
      done();
    };
    const field = memberNoField(k, 'member-no', t('vip.memberNo'), value, ok);
    const errorText = error
      ? h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, t('vip.badNumber'))
      : null;
    if (error) field.input.setAttribute('aria-invalid', 'true');
    return h(
      'section',
      { class: 'vip-entry', 'aria-labelledby': 'vip-title' },
      h('h1', { id: 'vip-title', tabindex: '-1' }, t('vip.title')),
      h('p', { class: 'prompt' }, t('vip.intro')),
      field.element,
      errorText,
      keypad(t, (key) => {
        error = false;
        field.setFromKey(applyKey(value.digits, key, MEMBER_NO_MAX));
        errorText?.remove();
      }),
      h(
        'div',
        { class: 'row' },
        button(t('kiosk.back'), () => done(), 'secondary', { 'data-testid': 'back' }),
        button(t('vip.ok'), ok, 'primary', { 'data-testid': 'vip-ok' }),
      ),
    );
  };
}
