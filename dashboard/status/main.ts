/**
 * /s/<token>: the customer's own view of their turn, on their phone (DESIGN §9). No sign-in — the link's
 * token is the key. It asks the server once a second (a change shows within ~1 s; no socket to keep alive
 * through a phone's sleep and the hall's Wi-Fi), stops asking once the visit is over, and then offers the
 * rating once.
 */
import '../../shared/browser/base.css';
import './status.css';
import { api } from '../../shared/api/routes.ts';
import type { StatusReply } from '../../shared/api/status.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { applyText, currentLang, describeFailure, makeT, setLang } from '../../shared/browser/lang.ts';
import { statusText } from '../../shared/i18n/status.ts';
import { RATING_TAGS, type RatingTag } from '../../shared/rating.ts';

const POLL_MS = 1000;
const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let t = makeT(statusText);
let last: StatusReply | null = null;
let thanked = false;
/** The call the phone last buzzed for: a new call (or a call to another counter) buzzes again. */
let buzzedFor: string | null = null;

function fill(list: HTMLElement, items: readonly string[]): void {
  list.replaceChildren(
    ...items.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

function render(s: StatusReply): void {
  const lang = currentLang();
  $('problem').hidden = true;
  $('branch').textContent = s.branch.name[lang];
  const card = $('card');
  card.hidden = false;
  card.dataset.state = s.state;
  $('ticket').textContent = s.provisionalTicket ? `${s.ticket}（${s.provisionalTicket}）` : s.ticket;
  $('line').textContent = s.line.name[lang];
  const state = $('state');
  state.textContent =
    s.state === 'called' && s.counter !== null
      ? t('status.calledTo', { counter: s.counter })
      : s.state === 'serving' && s.counter !== null
        ? t('status.servingAt', { counter: s.counter })
        : s.state === 'done'
          ? t('status.done')
          : t(`status.state.${s.state}`);
  $('ahead').textContent =
    s.ahead === null ? '' : s.ahead === 0 ? t('status.aheadNone') : t('status.ahead', { n: s.ahead });
  $('wait').textContent =
    s.state !== 'waiting'
      ? ''
      : s.estimatedWaitSeconds === null
        ? t('status.waitUnknown')
        : t('status.wait', { minutes: Math.round(s.estimatedWaitSeconds / 60) });
  $('wait-how').hidden = s.state !== 'waiting' || s.estimatedWaitSeconds === null;

  const guide = s.guide;
  const hasGuide = guide !== null && (guide.steps[lang].length > 0 || guide.papers[lang].length > 0);
  $('guide').hidden = !hasGuide || s.state === 'done';
  if (guide) {
    fill($('steps'), guide.steps[lang]);
    fill($('papers'), guide.papers[lang]);
  }

  const rateable = s.completed && !s.rated && !thanked;
  $('rating').hidden = !rateable;
  const rated = $('rated');
  rated.hidden = !(thanked || (s.completed && s.rated));
  rated.textContent = thanked ? t('status.thanks') : t('status.rated');
  $('updated').textContent = t('status.updated', {
    time: new Date(s.serverTime).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB'),
  });

  // Called: make it unmistakable — the colour (status.css) and, where the phone allows, a buzz.
  if (s.state === 'called' && buzzedFor !== s.counter) {
    buzzedFor = s.counter;
    if ('vibrate' in navigator) navigator.vibrate([300, 150, 300, 150, 600]);
  }
  if (s.state !== 'called') buzzedFor = null;
}

function problem(text: string): void {
  const p = $('problem');
  p.hidden = false;
  p.textContent = text;
}

async function poll(): Promise<void> {
  try {
    last = await call(api.status, { params: { token } });
    render(last);
    // Once over, nothing more will change but the rating, which this page itself sends.
    if (last.state === 'done') return;
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 404) {
      $('card').hidden = true;
      $('guide').hidden = true;
      $('rating').hidden = true;
      return problem(t('status.gone'));
    }
    problem(e instanceof ApiFailure && e.offline ? t('status.offline') : describeFailure(e, t));
  }
  setTimeout(() => void poll(), POLL_MS);
}

function buildRating(): void {
  $('stars').replaceChildren(
    ...[1, 2, 3, 4, 5].map((n) => {
      const label = document.createElement('label');
      label.className = 'star';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'score';
      input.value = String(n);
      const face = document.createElement('span');
      face.textContent = '★';
      face.setAttribute('aria-hidden', 'true');
      const words = document.createElement('span');
      words.className = 'visually-hidden';
      words.dataset.star = String(n);
      label.append(input, face, words);
      return label;
    }),
  );
  $('tags').replaceChildren(
    ...RATING_TAGS.map((tag) => {
      const label = document.createElement('label');
      label.className = 'tag';
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.name = 'tag';
      input.value = tag.id;
      const words = document.createElement('span');
      words.dataset.tag = tag.id;
      label.append(input, words);
      return label;
    }),
  );
}

/** Words that are not in [data-i18n]: the stars' names and the tags (from shared/rating.ts). */
function labelRating(): void {
  const lang = currentLang();
  document.querySelectorAll<HTMLElement>('[data-star]').forEach((el) => {
    el.textContent = t('status.star', { n: el.dataset.star! });
  });
  document.querySelectorAll<HTMLElement>('[data-tag]').forEach((el) => {
    el.textContent = RATING_TAGS.find((x) => x.id === el.dataset.tag)?.[lang] ?? el.dataset.tag!;
  });
}

// Every star up to the one picked is lit, as a customer expects of a star row.
$('stars').addEventListener('change', () => {
  const score = Number(document.querySelector<HTMLInputElement>('input[name=score]:checked')?.value ?? 0);
  document.querySelectorAll<HTMLElement>('.star').forEach((el, i) => el.classList.toggle('lit', i < score));
  $('rating-error').textContent = ''; // "pick the stars first" is answered
});

$('rating').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const picked = document.querySelector<HTMLInputElement>('input[name=score]:checked');
  if (!picked) return void ($('rating-error').textContent = t('status.pickStars'));
  const tags = [...document.querySelectorAll<HTMLInputElement>('input[name=tag]:checked')].map((i) => i.value);
  const comment = $<HTMLTextAreaElement>('comment').value.trim();
  $('rating-error').textContent = '';
  call(api.rateVisit, {
    params: { token },
    body: { score: Number(picked.value), tags: tags as RatingTag[], comment: comment || null },
  })
    .then(() => {
      thanked = true;
      if (last) render(last);
    })
    .catch((e: unknown) => {
      if (e instanceof ApiFailure && e.code === 'already-rated' && last) return render({ ...last, rated: true });
      $('rating-error').textContent = describeFailure(e, t);
    });
});

$('lang-button').addEventListener('click', () => {
  setLang(currentLang() === 'zh' ? 'en' : 'zh');
  t = makeT(statusText);
  applyText(document, t);
  labelRating();
  document.title = `${t('status.title')} · Yingbin`;
  if (last) render(last);
});

applyText(document, t);
buildRating();
labelRating();
document.title = `${t('status.title')} · Yingbin`;
void poll();
