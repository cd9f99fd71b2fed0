/** An on-screen keypad for a touch screen without a keyboard; a physical keyboard works as well. */
import type { Translate } from '../shared/i18n/index.ts';
import { h } from '../shared/browser/dom.ts';

/** A digit or letter, or 'delete' / 'clear'. */
export type KeypadKey = string;

/** Digits 1–9, clear, 0, delete, and optional letter keys above them (ticket prefixes). */
export function keypad(t: Translate, onKey: (k: KeypadKey) => void, letters: string[] = []): HTMLElement {
  const key = (label: string, value: KeypadKey, aria?: string) =>
    h('button', { type: 'button', class: 'key', 'aria-label': aria ?? label, onclick: () => onKey(value) }, label);
  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, d));
  return h(
    'div',
    { class: 'keypad', role: 'group', 'aria-label': t('keypad.label') },
    letters.length > 0 ? h('div', { class: 'keypad-letters' }, ...letters.map((l) => key(l, l))) : null,
    h(
      'div',
      { class: 'keypad-digits' },
      ...digits,
      key(t('keypad.clear'), 'clear'),
      key('0', '0'),
      key('⌫', 'delete', t('keypad.delete')),
    ),
  );
}

/** Applies a keypad key to a text value. */
export function applyKey(value: string, k: KeypadKey, max: number): string {
  if (k === 'clear') return '';
  if (k === 'delete') return value.slice(0, -1);
  return value.length >= max ? value : value + k;
}

/** Shows a member number with only its last four digits, grouped for reading: •••• •••• 1234. */
export function maskDigits(digits: string): string {
  const d = digits.replace(/\s+/g, '');
  const masked = d.length <= 4 ? d : '•'.repeat(d.length - 4) + d.slice(-4);
  // Grouped from the right, so the four digits the customer can check stand together.
  const groups: string[] = [];
  for (let end = masked.length; end > 0; end -= 4) groups.unshift(masked.slice(Math.max(0, end - 4), end));
  return groups.join(' ');
}
