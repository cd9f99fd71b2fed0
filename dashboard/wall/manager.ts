/**
 * A manager signed in on the wall, only to acknowledge alerts: PIN sign-in, held in memory (never
 * stored on a screen the public can see), signed out by a tap or after a few idle minutes.
 */
import { ApiFailure, post } from '../../shared/browser/api.ts';
import type { StaffPublic } from '../../shared/types.ts';

const IDLE_MS = 10 * 60_000;

export interface ManagerSession {
  token: string;
  staff: StaffPublic;
}

export class ManagerSignIn {
  private session: ManagerSession | null = null;
  private lastUsed = 0;

  get current(): ManagerSession | null {
    return this.session;
  }

  /** Signs in; refuses (and signs straight out) an account that is not a manager. */
  async signIn(staffId: string, pin: string): Promise<ManagerSession> {
    const r = await post<{ token: string; staff: StaffPublic }>('/auth/login', { staffId, pin });
    if (!r.staff.roles.includes('manager')) {
      await post('/auth/logout', {}, r.token).catch(() => undefined);
      throw new ApiFailure(403, 'not-manager', 'not a manager');
    }
    this.session = { token: r.token, staff: r.staff };
    this.touch();
    return this.session;
  }

  async signOut(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await post('/auth/logout', {}, s.token).catch(() => undefined);
  }

  touch(): void {
    this.lastUsed = Date.now();
  }

  /** True when an idle session was just ended (called from the page's once-a-second tick). */
  expireIfIdle(now = Date.now()): boolean {
    if (this.session && now - this.lastUsed > IDLE_MS) {
      void this.signOut();
      return true;
    }
    return false;
  }
}
