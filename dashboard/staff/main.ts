/** The staff tablet console at /staff/: sign in, then the live console; a reload keeps the session. */
import '../../shared/browser/base.css';
import './staff.css';
import { describeFailure, makeT, setLang, currentLang } from '../../shared/browser/lang.ts';
import { staff as staffText } from '../../shared/i18n/staff.ts';
import { mountConsole } from './console.ts';
import { button, h } from '../../shared/browser/dom.ts';
import type { StaffSession } from '../../shared/browser/session.ts';
import { forget, restore } from './session.ts';
import { signInScreen } from './signin.ts';
import { keepPageOffline } from '../../shared/browser/keep-offline.ts';

const root = document.getElementById('app')!;
let teardown: (() => void) | null = null;

function switchLang(then: () => void): () => void {
  return () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    then();
  };
}

function showSignIn(notice?: string): void {
  teardown?.();
  teardown = null;
  const t = makeT(staffText);
  document.title = t('staff.pageTitle');
  root.replaceChildren(
    signInScreen(
      t,
      (s) => void showConsole(s, true),
      switchLang(() => showSignIn(notice)),
      notice,
    ),
  );
}

async function showConsole(session: StaffSession, fresh: boolean): Promise<void> {
  const t = makeT(staffText);
  document.title = t('staff.pageTitle');
  root.replaceChildren(h('p', { class: 'loading' }, t('staff.loading')));
  try {
    teardown = await mountConsole(root, session, { fresh, onSignOut: (notice) => showSignIn(notice) });
  } catch (e) {
    // Without the branch's lines and staff the console cannot draw; say why and offer the way on.
    root.replaceChildren(
      h(
        'main',
        { class: 'signin' },
        h('p', { class: 'signin-message', role: 'alert' }, describeFailure(e, t)),
        button(t('staff.retry'), () => void showConsole(session, fresh), 'primary'),
        button(t('staff.signOut'), () => (forget(), showSignIn()), 'secondary'),
      ),
    );
  }
}

async function start(): Promise<void> {
  const session = await restore();
  if (session) await showConsole(session, false);
  else showSignIn();
}

void start();
void keepPageOffline('staff');
