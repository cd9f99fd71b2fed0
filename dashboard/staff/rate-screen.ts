/**
 * 请您评价 on the counter tablet (issue 19 item 3): after 办理完成 the counter view offers it; tapped, a
 * full-screen rating screen is turned to the customer — five large stars, quick tags, an optional comment,
 * 提交 / 跳过 — Chinese first with English beneath, whatever language the clerk uses. It posts through the
 * staff route (`via: counter`, once: the server refuses a second rating).
 */
import './rate.css';
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { newKey } from '../../shared/browser/ids.ts';
import { describeFailure } from '../../shared/browser/lang.ts';
import { translator } from '../../shared/i18n/index.ts';
import { satisfactionText } from '../../shared/i18n/satisfaction.ts';
import { RATING_TAGS, type RatingTag } from '../../shared/rating.ts';
import type { Visit } from '../../shared/types.ts';
import type { Ctx } from './context.ts';

// The customer reads the screen, not the clerk: both languages, Chinese first.
const zh = translator('zh', satisfactionText);
const en = translator('en', satisfactionText);
const both = (key: string, vars?: Record<string, string | number>) =>
  h(
    'span',
    { class: 'bi' },
    h('span', { class: 'bi-zh' }, zh(key, vars)),
    h('span', { class: 'bi-en' }, en(key, vars)),
  );

/** The longest comment shared/rating.ts's schema keeps (it is not exported there). */
const MAX_COMMENT = 500;

/** How long the thanks stay on the screen before it turns back to the clerk. */
const THANKS_MS = 2500;

export class RateScreen {
  /** The offer in the counter view: the customer just served, one tap from the screen. */
  readonly offer = h('div', { class: 'rate-offer', 'data-testid': 'rate-offer', hidden: true });
  readonly screen = h('div', {
    class: 'rate-screen',
    'data-testid': 'rate-screen',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'rate-title',
    hidden: true,
  });
  private visit: Visit | null = null;
  private score = 0;
  private readonly tags = new Set<RatingTag>();
  private sending = false;
  private key = '';

  constructor(
    private readonly ctx: () => Ctx,
    private readonly token: string,
  ) {}

  /** A visit was completed at this counter: offer its rating (the latest completion replaces any earlier offer). */
  offerFor(v: Visit): void {
    this.visit = v;
    const t = this.ctx().t;
    this.offer.hidden = false;
    this.offer.replaceChildren(
      h('span', { class: 'rate-offer-text' }, t('rate.ticket', { ticket: v.ticket })),
      button(t('rate.offer'), () => this.open(), 'primary', { 'data-testid': 'rate-open' }),
      button('×', () => this.closeOffer(), 'secondary', { 'aria-label': t('rate.skip') }),
    );
  }

  private closeOffer(): void {
    this.offer.hidden = true;
    this.offer.replaceChildren();
  }

  private open(): void {
    if (!this.visit) return;
    this.score = 0;
    this.tags.clear();
    this.key = newKey();
    this.closeOffer();
    this.draw();
    this.screen.hidden = false;
    this.screen.querySelector<HTMLButtonElement>('.rate-star')?.focus();
  }

  private close(): void {
    this.screen.hidden = true;
    this.screen.replaceChildren();
    this.visit = null;
  }

  private draw(error = ''): void {
    const v = this.visit!;
    const comment = this.screen.querySelector('textarea')?.value ?? '';
    const stars = [1, 2, 3, 4, 5].map((n) =>
      button('★', () => ((this.score = n), this.draw()), 'secondary', {
        class: `rate-star${n <= this.score ? ' on' : ''}`,
        'data-score': n,
        'aria-pressed': String(n === this.score),
        'aria-label': `${zh('rate.stars', { n })} ${en('rate.stars', { n })}`,
      }),
    );
    const tags = RATING_TAGS.map((tag) =>
      button(
        h('span', { class: 'bi' }, h('span', { class: 'bi-zh' }, tag.zh), h('span', { class: 'bi-en' }, tag.en)),
        () => {
          if (this.tags.has(tag.id)) this.tags.delete(tag.id);
          else this.tags.add(tag.id);
          this.draw();
        },
        'secondary',
        {
          class: `rate-tag${this.tags.has(tag.id) ? ' on' : ''}`,
          'data-tag': tag.id,
          'aria-pressed': String(this.tags.has(tag.id)),
        },
      ),
    );
    const box = h('textarea', {
      class: 'rate-comment',
      'data-testid': 'rate-comment',
      maxlength: MAX_COMMENT,
      rows: 3,
      'aria-label': `${zh('rate.comment')} ${en('rate.comment')}`,
    });
    box.value = comment;
    this.screen.replaceChildren(
      h(
        'div',
        { class: 'rate-card' },
        h('h2', { id: 'rate-title', class: 'rate-title' }, both('rate.title')),
        h('p', { class: 'rate-ticket' }, zh('rate.ticket', { ticket: v.ticket })),
        h(
          'div',
          { class: 'rate-stars', role: 'group', 'aria-label': `${zh('rate.title')} ${en('rate.title')}` },
          ...stars,
        ),
        h('p', { class: 'rate-label' }, both('rate.tags')),
        h('div', { class: 'rate-tags' }, ...tags),
        h('label', { class: 'rate-label' }, both('rate.comment'), box),
        h('p', { class: 'rate-error', role: 'alert', 'data-testid': 'rate-error' }, error),
        h(
          'div',
          { class: 'rate-actions' },
          button(both('rate.skip'), () => this.close(), 'secondary', { 'data-testid': 'rate-skip' }),
          button(both('rate.submit'), () => void this.submit(), 'primary', {
            'data-testid': 'rate-submit',
            disabled: this.sending,
          }),
        ),
      ),
    );
  }

  private async submit(): Promise<void> {
    const v = this.visit;
    if (!v || this.sending) return;
    if (this.score === 0) return this.draw(`${zh('rate.pickStars')} · ${en('rate.pickStars')}`);
    const comment = this.screen.querySelector('textarea')?.value.trim() ?? '';
    this.sending = true;
    try {
      await call(api.rate, {
        params: { branch: this.ctx().branch.id, visitId: v.id },
        body: { score: this.score, tags: [...this.tags], comment: comment || null },
        token: this.token,
        idempotencyKey: this.key,
      });
      this.thank();
      this.sending = false;
    } catch (e) {
      this.sending = false;
      // Rated already (on the phone, or a retry that got through): nothing more to ask.
      if (e instanceof ApiFailure && e.code === 'already-rated') return this.thank();
      this.draw(describeFailure(e, this.ctx().t));
    }
  }

  private thank(): void {
    this.screen.replaceChildren(
      h('div', { class: 'rate-card rate-thanks', 'data-testid': 'rate-thanks' }, both('rate.thanks')),
    );
    setTimeout(() => this.close(), THANKS_MS);
  }
}
