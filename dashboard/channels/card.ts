/** One channel as the manager reads it: what it is, where it posts, its last posts, and the test button. */
import type { ReplyOf } from '../../shared/api/contract.ts';
import type { api } from '../../shared/api/routes.ts';
import { button, h } from '../../shared/browser/dom.ts';
import type { Translate } from '../../shared/i18n/index.ts';

export type ChannelView = ReplyOf<typeof api.channels>['channels'][number];
type Post = ChannelView['posts'][number];

export interface CardContext {
  t: Translate;
  lang: 'zh' | 'en';
  timeZone: string;
  /** Sends the test message; resolves with the outcome and the channel as it now stands. */
  test(id: string): Promise<{ ok: boolean; reason: string | null; channel: ChannelView }>;
  /** A refusal or network failure, in the reader's words. */
  describe(e: unknown): string;
}

function when(iso: string, ctx: CardContext): string {
  return new Intl.DateTimeFormat(ctx.lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: ctx.timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

function postsTable(posts: readonly Post[], ctx: CardContext): HTMLElement {
  const { t } = ctx;
  if (posts.length === 0) return h('p', { class: 'status', 'data-testid': 'no-posts' }, t('channels.noPosts'));
  return h(
    'table',
    { class: 'posts', 'data-testid': 'posts' },
    h('caption', {}, t('channels.posts')),
    h(
      'thead',
      {},
      h('tr', {}, ...['when', 'what', 'result'].map((k) => h('th', { scope: 'col' }, t(`channels.${k}`)))),
    ),
    h(
      'tbody',
      {},
      ...posts.map((p) =>
        h(
          'tr',
          { 'data-testid': 'post' },
          h('td', {}, when(p.at, ctx)),
          h(
            'td',
            {},
            t(`channels.event.${p.event}`),
            p.tickets.length > 0
              ? ` · ${p.tickets.join(ctx.lang === 'zh' ? '、' : ', ')}`
              : p.alerts > 0
                ? ` · ${t('channels.alertCount', { n: p.alerts })}`
                : '',
          ),
          p.sending
            ? h('td', {}, t('channels.sending'))
            : h(
                'td',
                { class: p.ok ? 'ok' : 'failed' },
                p.ok ? t('channels.ok') : t('channels.failed', { reason: p.reason ?? '' }),
              ),
        ),
      ),
    ),
  );
}

/** The card of one channel; it replaces itself with a fresh one after a test. */
export function channelCard(c: ChannelView, ctx: CardContext): HTMLElement {
  const { t } = ctx;
  const outcome = h('span', { class: 'outcome', role: 'status', 'aria-live': 'polite', 'data-testid': 'outcome' });
  const testButton = button(t('channels.test'), () => void runTest(), 'primary', { 'data-testid': 'test' });
  const card = h(
    'section',
    { class: 'card channel', 'data-channel': c.id, 'aria-labelledby': `channel-${c.id}` },
    h('h2', { id: `channel-${c.id}` }, h('span', { class: 'kind' }, t(`channels.kind.${c.kind}`)), c.id),
    h(
      'dl',
      {},
      h('dt', {}, t('channels.url')),
      h('dd', { 'data-testid': 'url' }, c.url),
      h('dt', {}, t('channels.branches')),
      h('dd', {}, c.branches ? c.branches.join('、') : t('channels.allBranches')),
      h('dt', {}, t('channels.events')),
      h(
        'dd',
        {},
        c.events
          ? c.events.map((e) => t(`channels.event.${e}`)).join(ctx.lang === 'zh' ? '、' : ', ')
          : t('channels.allEvents'),
      ),
      h('dt', {}, t('channels.secret')),
      h('dd', { 'data-testid': 'secret' }, t(c.secretSet ? 'channels.secretSet' : 'channels.secretUnset')),
      h('dt', {}, t('channels.failures')),
      h(
        'dd',
        { 'data-testid': 'failures', class: c.failures > 0 ? 'failures-some' : '' },
        t('channels.failureCount', { n: c.failures }),
      ),
    ),
    h('div', { class: 'test-row' }, testButton, outcome),
    postsTable(c.posts, ctx),
  );

  async function runTest(): Promise<void> {
    testButton.disabled = true;
    outcome.className = 'outcome';
    outcome.textContent = t('channels.sending');
    try {
      const r = await ctx.test(c.id);
      const fresh = channelCard(r.channel, ctx);
      const said = fresh.querySelector<HTMLElement>('[data-testid="outcome"]')!;
      said.className = `outcome ${r.ok ? 'ok' : 'failed'}`;
      said.textContent = r.ok ? t('channels.sent') : t('channels.failed', { reason: r.reason ?? '' });
      card.replaceWith(fresh);
      fresh.querySelector<HTMLButtonElement>('[data-testid="test"]')?.focus();
    } catch (e) {
      outcome.className = 'outcome failed';
      outcome.textContent = ctx.describe(e);
      testButton.disabled = false;
    }
  }
  return card;
}
