/** Everything that can be done to one customer, in a sheet: the rarer steps, correcting the line, transfers. */
import type { Visit } from '../../shared/types.ts';
import { hhmm, lineName, staffName, type Ctx } from './context.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { allowedSteps, STEPS } from './steps.ts';
import { stateText } from './card-parts.ts';

const REASONS = ['staff.reason.expertise', 'staff.reason.shift', 'staff.reason.customer'];

export class Sheet {
  readonly dialog = h('dialog', { class: 'sheet', 'data-testid': 'sheet' });

  /** The control that opened the sheet: a keyboard user gets the focus back there when it closes. */
  private opener: HTMLElement | null = null;

  constructor(private readonly ctx: () => Ctx) {
    this.dialog.addEventListener('click', (e) => e.target === this.dialog && this.close());
    this.dialog.addEventListener('keydown', (e) => this.keepFocusInside(e));
    this.dialog.addEventListener('close', () => {
      const back = this.opener;
      this.opener = null;
      if (back?.isConnected) back.focus();
    });
  }

  /** Tab past the last control comes round to the first (and Shift-Tab the other way): never behind the sheet. */
  private keepFocusInside(e: KeyboardEvent): void {
    if (e.key !== 'Tab') return;
    const stops = [...this.dialog.querySelectorAll<HTMLElement>('button, select, input, textarea')].filter(
      (el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null,
    );
    const [first, last] = [stops[0], stops[stops.length - 1]];
    if (!first || !last) return;
    const at = document.activeElement;
    if (e.shiftKey && (at === first || !this.dialog.contains(at))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (at === last || !this.dialog.contains(at))) {
      e.preventDefault();
      first.focus();
    }
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  /** The visit as the store now has it: the sheet may stay open while it changes elsewhere. */
  open(v: Visit): void {
    const ctx = this.ctx();
    const act = (command: string, body?: Record<string, unknown>) => () => {
      this.close();
      void ctx.act(v, command, body);
    };
    const section = (title: string, ...children: (HTMLElement | null)[]) =>
      h('section', { class: 'sheet-section' }, h('h3', {}, title), h('div', { class: 'sheet-buttons' }, ...children));

    // Irreversible: 5 seconds to undo, announced at the bottom of the screen.
    const later = (command: string) => () => {
      this.close();
      ctx.actWithUndo(v, command);
    };

    // The same steps the cards offer (counter steps only at the customer's counter), with the rarer ones.
    const allowed = allowedSteps(ctx, v);
    const steps = allowed.flatMap((s) => {
      const look = STEPS[s];
      if (!look) return [];
      const b = button(ctx.t(look.label), look.undo ? later(s) : act(s), look.kind, { 'data-action': s });
      b.disabled = ctx.sending(v);
      return [b];
    });

    const call = allowed.includes('call')
      ? section(
          ctx.t('staff.callToCounter'),
          ...ctx.branch.counters.map((c) =>
            button(ctx.t('staff.counterN', { counter: c }), act('call', { counter: c }), 'secondary', {
              'data-counter': c,
            }),
          ),
        )
      : null;
    const otherLines = ctx.branch.lines.filter((l) => l.id !== v.line);
    const correct = section(
      ctx.t('staff.correctLine'),
      ...otherLines.map((l) =>
        button(l.name[ctx.lang], act('correct-line', { line: l.id }), 'secondary', { 'data-line': l.id }),
      ),
    );

    this.dialog.replaceChildren(
      h(
        'header',
        { class: 'sheet-head' },
        h('h2', {}, `${v.ticket} · ${lineName(ctx, v.line)}`),
        button(ctx.t('staff.close'), () => this.close(), 'secondary', { 'data-action': 'close' }),
      ),
      h(
        'p',
        { class: 'sheet-facts' },
        `${stateText(ctx, v)} · ${ctx.t('staff.arrived', { time: hhmm(ctx, v.arrivedAt) })} · ${ctx.t('staff.owner', { name: staffName(ctx, v.owner) })}`,
      ),
      section(ctx.t('staff.steps'), ...steps),
      call ?? '',
      correct,
      this.transferForm(ctx, v, otherLines),
    );
    if (!this.dialog.open) {
      const at = document.activeElement;
      this.opener = at instanceof HTMLElement && at !== document.body ? at : null;
      this.dialog.showModal();
    }
  }

  private transferForm(ctx: Ctx, v: Visit, otherLines: Ctx['branch']['lines']): HTMLElement {
    const colleagues = ctx.staff.filter((s) => s.id !== v.owner);
    const target = h(
      'select',
      { name: 'target', 'data-testid': 'transfer-target', 'aria-label': ctx.t('staff.transferTo') },
      h('option', { value: '' }, ctx.t('staff.choose')),
      h(
        'optgroup',
        { label: ctx.t('staff.toColleague') },
        ...colleagues.map((s) => h('option', { value: `staff:${s.id}` }, staffName(ctx, s.id))),
      ),
      h(
        'optgroup',
        { label: ctx.t('staff.toLine') },
        ...otherLines.map((l) => h('option', { value: `line:${l.id}` }, l.name[ctx.lang])),
      ),
    );
    const reason = h('input', {
      name: 'reason',
      maxlength: 500,
      'data-testid': 'transfer-reason',
      'aria-label': ctx.t('staff.reason'),
    });
    const message = h('p', { class: 'sheet-message', role: 'alert' });
    const submit = () => {
      const [kind, id] = target.value.split(':');
      const why = reason.value.trim();
      if (!kind || !id) return void (message.textContent = ctx.t('staff.transferNeedsTarget'));
      if (!why) return void ((message.textContent = ctx.t('staff.transferNeedsReason')), reason.focus());
      this.close();
      void ctx.act(v, 'transfer', kind === 'staff' ? { toStaff: id, reason: why } : { toLine: id, reason: why });
    };
    return h(
      'section',
      { class: 'sheet-section transfer' },
      h('h3', {}, ctx.t('staff.transfer')),
      h('label', { class: 'field' }, h('span', {}, ctx.t('staff.transferTo')), target),
      h('label', { class: 'field' }, h('span', {}, ctx.t('staff.reason')), reason),
      h(
        'div',
        { class: 'sheet-buttons reasons' },
        ...REASONS.map((k) => button(ctx.t(k), () => ((reason.value = ctx.t(k)), message.replaceChildren()), 'chip')),
      ),
      button(ctx.t('staff.transferConfirm'), submit, 'primary', { 'data-action': 'transfer' }),
      message,
    );
  }
}
