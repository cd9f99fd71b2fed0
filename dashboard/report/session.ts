/** The manager's sign-in for this page, kept for the browser tab only (a report may be printed on a shared PC). */
import { post } from '../../shared/browser/api.ts';

const KEY = 'yingbin.report.session';

export interface Session {
  token: string;
  staffId: string;
  name: string;
  branch: string;
  roles: string[];
}

export function currentSession(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export async function signIn(staffId: string, pin: string): Promise<Session> {
  const r = await post<{ token: string; staff: { id: string; name: string; branch: string; roles: string[] } }>(
    '/auth/login',
    { staffId, pin },
  );
  const s: Session = {
    token: r.token,
    staffId: r.staff.id,
    name: r.staff.name,
    branch: r.staff.branch,
    roles: r.staff.roles,
  };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
