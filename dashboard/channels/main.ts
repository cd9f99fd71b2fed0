/** /channels/: the manager's notification channels — where alerts go, what was sent, and a test message. */
import '../../shared/browser/base.css';
import '../common/manager-page.css';
import './channels.css';
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { applyText, currentLang, describeFailure, makeT, setLang } from '../../shared/browser/lang.ts';
import { channels as channelsText } from '../../shared/i18n/channels.ts';
import { h } from '../../shared/browser/dom.ts';
import { channelCard } from './card.ts';
import { currentSession, signIn, signOut, type PageSession } from './session.ts';

let t = makeT(channelsText);
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
/** What the sign-in form says, kept as words to make so the language switch can say it again. */
let note: () => string = () => '';

function showSignIn(say: () => string = () => ''): void {
  $('sign-in').hidden = false;
  $('main').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  note = say;
  $('sign-in-note').textContent = note();
}

async function show(session: PageSession): Promise<void> {
  $('sign-in').hidden = true;
  $('main').hidden = false;
  $('sign-out').hidden = !session.own;
  $('who').textContent = session.staff.name;
  $('status').textContent = t('channels.loading');
  $('list').replaceChildren();
  try {
    const token = session.token;
    const [{ channels }, { branch }] = await Promise.all([
      call(api.channels, { token }),
      call(api.branch, { params: { branch: session.staff.branch }, token }),
    ]);
    const lang = currentLang();
    const ctx = {
      t,
      lang,
      timeZone: branch.timeZone,
      test: (id: string) => call(api.testChannel, { params: { id }, token }),
      describe: (e: unknown) => describeFailure(e, t),
    };
    $('status').textContent = channels.length === 0 ? '' : t('channels.intro');
    $('list').replaceChildren(
      ...(channels.length === 0
        ? [h('p', { class: 'card none', 'data-testid': 'no-channels' }, t('channels.none'))]
        : channels.map((c) => channelCard(c, ctx))),
    );
  } catch (e) {
    // A staff member who is not a manager (the console's session, say) is refused by the server: say why.
    if (e instanceof ApiFailure && (e.status === 401 || e.status === 403)) {
      if (session.own) signOut(session);
      return showSignIn(() => (e.status === 403 ? t('channels.managerOnly') : describeFailure(e, t)));
    }
    if (!(e instanceof ApiFailure)) console.error(e);
    $('status').textContent = describeFailure(e, t);
  }
}

function boot(): void {
  applyText(document, t);
  document.title = `${t('channels.title')} · Yingbin`;
  $('lang-button').addEventListener('click', () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    t = makeT(channelsText);
    applyText(document, t);
    document.title = `${t('channels.title')} · Yingbin`;
    const s = currentSession();
    if (s && !$('main').hidden) void show(s);
    else if (!$('sign-in').hidden && $('sign-in-note').textContent)
      $('sign-in-note').textContent = t('channels.managerOnly');
  });
  $('sign-in').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      try {
        const s = await signIn($<HTMLInputElement>('staff-id').value.trim(), $<HTMLInputElement>('pin').value);
        $<HTMLInputElement>('pin').value = '';
        await show(s);
      } catch (e) {
        showSignIn(() =>
          e instanceof ApiFailure && e.code === 'not-manager' ? t('channels.managerOnly') : describeFailure(e, t),
        );
      }
    })();
  });
  $('sign-out').addEventListener('click', () => {
    const s = currentSession();
    if (s) signOut(s);
    showSignIn();
  });
  const s = currentSession();
  if (s) void show(s);
  else showSignIn();
}

boot();
