/** Short messages at the bottom of the screen: what was done, what was refused, and the 5-second undo. */
import type { Translate } from '../../shared/i18n/index.ts';
import { button, h } from '../../shared/browser/dom.ts';

/** `help`: a customer pressed 请工作人员协助 at the kiosk (help.ts) — it stays longest. */
export type ToastKind = 'info' | 'error' | 'help';
const TOAST_MS: Record<ToastKind, number> = { info: 4000, error: 10000, help: 20000 };

export class Toasts {
  readonly el = h('div', { class: 'toasts', 'aria-live': 'polite', 'data-testid': 'toasts' });

  constructor(private readonly t: () => Translate) {}

  show(text: string, kind: ToastKind = 'info'): void {
    const el = h(
      'div',
      { class: `toast toast-${kind}`, role: kind === 'info' ? 'status' : 'alert', 'data-kind': kind },
      text,
    );
    el.append(button('×', () => el.remove(), 'chip', { 'aria-label': this.t()('staff.close') }));
    this.el.prepend(el);
    setTimeout(() => el.remove(), TOAST_MS[kind]);
  }

  /**
   * "过号 A001 · 5 秒后生效 [撤销]": runs `then` when the seconds are up unless 撤销 is tapped first.
   * Returns a function that sends at once (the console is closing: nothing tapped is lost).
   */
  undo(what: string, seconds: number, then: () => void, undone: () => void): () => void {
    let left = seconds;
    const text = h('span', {}, this.t()('staff.undo.pending', { what, n: left }));
    const finish = (send: boolean) => {
      clearInterval(timer);
      el.remove();
      if (send) then();
      else undone();
    };
    const el = h(
      'div',
      { class: 'toast toast-undo', role: 'status', 'data-testid': 'undo-toast' },
      text,
      button(this.t()('staff.undo.button'), () => finish(false), 'chip', { 'data-action': 'undo' }),
    );
    const timer = setInterval(() => {
      left -= 1;
      if (left <= 0) return finish(true);
      text.textContent = this.t()('staff.undo.pending', { what, n: left });
    }, 1000);
    this.el.prepend(el);
    return () => el.isConnected && finish(true);
  }
}
