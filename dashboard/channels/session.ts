/**
 * Who is using the channels page: a manager who signed in here (kept for the browser tab, like the
 * report), or else whoever is signed in on this tablet's staff console — so a manager who comes from the
 * console's 通知渠道 button need not sign in again. The console's session is only read here, never ended.
 */
import { KeptSession, signInManager, signOut as endSession, type StaffSession } from '../../shared/browser/session.ts';

const own = new KeptSession(sessionStorage, 'yingbin.channels.session');
const tablet = new KeptSession(localStorage, 'yingbin.staff.session');

export interface PageSession extends StaffSession {
  /** Signed in on this page (it may sign out); false: the staff console's session, borrowed. */
  own: boolean;
}

export function currentSession(): PageSession | null {
  const mine = own.read();
  if (mine) return { ...mine, own: true };
  const borrowed = tablet.read();
  return borrowed ? { ...borrowed, own: false } : null;
}

/** Refuses anyone but a manager ('not-manager'). */
export async function signIn(staffId: string, pin: string): Promise<PageSession> {
  const s = await signInManager(staffId, pin);
  own.keep(s);
  return { ...s, own: true };
}

/** Ends this page's own sign-in; a borrowed console session is left as it is. */
export function signOut(s: PageSession): void {
  if (!s.own) return;
  own.forget();
  void endSession(s);
}
