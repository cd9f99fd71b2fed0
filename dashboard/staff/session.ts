/** The signed-in staff member, kept in localStorage so a reload (or a tablet woken from sleep) stays signed in. */
import { ApiFailure, get, request } from '../../shared/browser/api.ts';
import type { BranchPublic, StaffPublic } from '../../shared/types.ts';

export interface Session {
  token: string;
  staff: StaffPublic;
}

const STORE_KEY = 'yingbin.staff.session';
const LAST_ID_KEY = 'yingbin.staff.lastId';
const BRANCH_KEY = 'yingbin.staff.branch';

/** A refused sign-in; `attemptsLeft` is how many more wrong PINs the server allows before it locks the id. */
export class SignInFailure extends ApiFailure {
  constructor(
    failure: ApiFailure,
    readonly attemptsLeft: number | null,
  ) {
    super(failure.status, failure.code, failure.message, failure.field);
  }
}

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

/** Throws a SignInFailure ('wrong-pin' with the attempts left when the server says, 'locked', …) when refused. */
export async function signIn(staffId: string, pin: string): Promise<Session> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ staffId, pin }),
  }).catch((e: Error) => {
    throw new SignInFailure(new ApiFailure(0, 'network', e.message), null);
  });
  const data = (await res.json().catch(() => null)) as {
    token: string;
    staff: StaffPublic;
    error?: { code?: string; message?: string; attemptsLeft?: unknown };
  } | null;
  if (!res.ok || !data) {
    const err = data?.error;
    const left = typeof err?.attemptsLeft === 'number' ? err.attemptsLeft : null;
    throw new SignInFailure(
      new ApiFailure(
        res.status,
        err?.code ?? (res.status >= 500 ? 'internal' : 'network'),
        err?.message ?? res.statusText,
      ),
      left,
    );
  }
  const r = data;
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
