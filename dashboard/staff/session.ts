/** The signed-in staff member, kept in localStorage so a reload (or a tablet woken from sleep) stays signed in. */
import { ApiFailure, get, post, request } from '../common/api.ts';
import type { StaffPublic } from '../../shared/types.ts';

export interface Session {
  token: string;
  staff: StaffPublic;
}

const STORE_KEY = 'yingbin.staff.session';
const LAST_ID_KEY = 'yingbin.staff.lastId';

function stored(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null') as Session | null;
    return s && typeof s.token === 'string' && s.staff && typeof s.staff.id === 'string' ? s : null;
  } catch {
    return null;
  }
}

/**
 * The kept session, checked with the server. A token the server refuses is forgotten; when the server
 * cannot be reached the kept session is used (the console shows that it is offline).
 */
export async function restore(): Promise<Session | null> {
  const s = stored();
  if (!s) return null;
  try {
    const me = await get<{ kind: string; staff?: StaffPublic }>('/auth/me', s.token);
    if (me.kind !== 'staff' || !me.staff) throw new ApiFailure(401, 'unauthorized', 'not a staff session');
    const fresh = { token: s.token, staff: me.staff };
    localStorage.setItem(STORE_KEY, JSON.stringify(fresh));
    return fresh;
  } catch (e) {
    if (e instanceof ApiFailure && e.offline) return s;
    forget();
    return null;
  }
}

/** Throws ApiFailure ('wrong-pin', 'locked', …) when the server refuses. */
export async function signIn(staffId: string, pin: string): Promise<Session> {
  const r = await post<{ token: string; staff: StaffPublic }>('/auth/login', { staffId, pin });
  const s = { token: r.token, staff: r.staff };
  localStorage.setItem(STORE_KEY, JSON.stringify(s));
  localStorage.setItem(LAST_ID_KEY, staffId);
  return s;
}

export async function signOut(s: Session): Promise<void> {
  forget();
  try {
    await request('POST', '/auth/logout', { token: s.token });
  } catch {
    // The token is gone from this tablet either way; the server's copy expires on its own.
  }
}

export function forget(): void {
  localStorage.removeItem(STORE_KEY);
}

export function lastStaffId(): string {
  return localStorage.getItem(LAST_ID_KEY) ?? '';
}
