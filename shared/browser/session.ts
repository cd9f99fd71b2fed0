/**
 * A staff member signed in on a page: the staff tablet (kept across reloads), the report (kept for the
 * browser tab) and the wall's manager (held in memory only). All sign in by staff id and PIN, sign out
 * on the server, and keep the pair {token, staff} where their page needs it.
 */
import { api } from '../api/routes.ts';
import { ApiFailure, call } from './api.ts';
import type { StaffPublic } from '../types.ts';

export interface StaffSession {
  token: string;
  staff: StaffPublic;
}

/** A refused sign-in; `attemptsLeft` is how many more wrong PINs the server allows before it locks the id. */
export class SignInFailure extends ApiFailure {
  constructor(
    failure: ApiFailure,
    readonly attemptsLeft: number | null,
  ) {
    super(failure.status, failure.code, failure.message, failure.field);
  }
}

/** Throws a SignInFailure ('wrong-pin' with the attempts left when the server says, 'locked', …) when refused. */
export async function signIn(staffId: string, pin: string): Promise<StaffSession> {
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
  return { token: data.token, staff: data.staff };
}

/**
 * Signs in a manager (the report, acknowledging on the wall). Anyone else is refused with 'not-manager'
 * and their fresh token ended on the server at once, so no session is left behind unused.
 */
export async function signInManager(staffId: string, pin: string): Promise<StaffSession> {
  const s = await signIn(staffId, pin);
  if (!s.staff.roles.includes('manager')) {
    await signOut(s);
    throw new ApiFailure(403, 'not-manager', 'not a manager');
  }
  return s;
}

/** Ends the session on the server; a failure is ignored (the page forgets the token either way, and it expires). */
export async function signOut(s: StaffSession): Promise<void> {
  try {
    await call(api.logout, { token: s.token });
  } catch {
    // The token is gone from this page either way; the server's copy expires on its own.
  }
}

/** A session kept in `storage` under `key`: localStorage outlives a reload, sessionStorage only the tab. */
export class KeptSession {
  constructor(
    private readonly storage: Storage,
    private readonly key: string,
  ) {}

  /** The kept session; null when there is none or what is kept is not one (an older page's shape). */
  read(): StaffSession | null {
    try {
      const s = JSON.parse(this.storage.getItem(this.key) ?? 'null') as Partial<StaffSession> | null;
      return s && typeof s.token === 'string' && typeof s.staff?.id === 'string' ? (s as StaffSession) : null;
    } catch {
      return null;
    }
  }

  keep(s: StaffSession): void {
    this.storage.setItem(this.key, JSON.stringify(s));
  }

  forget(): void {
    this.storage.removeItem(this.key);
  }
}
