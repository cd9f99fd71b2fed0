/** The manager's sign-in for this page, kept for the browser tab only (a report may be printed on a shared PC). */
import { KeptSession, signInManager, type StaffSession } from '../../shared/browser/session.ts';

const kept = new KeptSession(sessionStorage, 'yingbin.report.session');

export function currentSession(): StaffSession | null {
  return kept.read();
}

/** Refuses anyone but a manager ('not-manager'): the report is theirs alone. */
export async function signIn(staffId: string, pin: string): Promise<StaffSession> {
  const s = await signInManager(staffId, pin);
  kept.keep(s);
  return s;
}

export function signOut(): void {
  kept.forget();
}
