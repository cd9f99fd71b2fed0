/** The signed-in staff member, kept in localStorage so a reload (or a tablet woken from sleep) stays signed in. */
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import {
  KeptSession,
  signIn as signInStaff,
  signOut as endSession,
  type StaffSession,
} from '../../shared/browser/session.ts';
import type { BranchPublic, StaffPublic } from '../../shared/types.ts';

const STORE_KEY = 'yingbin.staff.session';
const LAST_ID_KEY = 'yingbin.staff.lastId';
const BRANCH_KEY = 'yingbin.staff.branch';
const kept = new KeptSession(localStorage, STORE_KEY);

/**
 * The kept session, checked with the server. A token the server refuses is forgotten; when the server
 * cannot be reached the kept session is used (the console shows that it is offline).
 */
export async function restore(): Promise<StaffSession | null> {
  const s = kept.read();
  if (!s) return null;
  try {
    const me = await call(api.me, { token: s.token });
    if (me.kind !== 'staff') throw new ApiFailure(401, 'unauthorized', 'not a staff session');
    const fresh = { token: s.token, staff: me.staff };
    kept.keep(fresh);
    return fresh;
  } catch (e) {
    if (e instanceof ApiFailure && e.offline) return s;
    forget();
    return null;
  }
}

/** Signs in and keeps the session on the tablet (see shared/browser/session.ts for the refusals). */
export async function signIn(staffId: string, pin: string): Promise<StaffSession> {
  const s = await signInStaff(staffId, pin);
  kept.keep(s);
  localStorage.setItem(LAST_ID_KEY, staffId);
  return s;
}

export async function signOut(s: StaffSession): Promise<void> {
  forget();
  await endSession(s);
}

export function forget(): void {
  kept.forget();
  localStorage.removeItem(BRANCH_KEY);
}

export interface BranchInfo {
  branch: BranchPublic;
  staff: StaffPublic[];
}

/**
 * The branch's lines, counters, rules and staff from the server, kept on the tablet; when the server
 * cannot be reached the kept copy is used, so a reload without network still shows the console (offline).
 */
export async function keptBranch(branchId: string, load: () => Promise<BranchInfo>): Promise<BranchInfo> {
  try {
    const info = await load();
    localStorage.setItem(BRANCH_KEY, JSON.stringify(info));
    return info;
  } catch (e) {
    if (!(e instanceof ApiFailure && e.offline)) throw e;
    try {
      const kept = JSON.parse(localStorage.getItem(BRANCH_KEY) ?? 'null') as BranchInfo | null;
      if (kept?.branch?.id === branchId && Array.isArray(kept.staff)) return kept;
    } catch {
      // a broken copy: fall through to the refusal
    }
    throw e;
  }
}

export function lastStaffId(): string {
  return localStorage.getItem(LAST_ID_KEY) ?? '';
}
