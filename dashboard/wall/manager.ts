/**
 * A manager signed in on the wall, only to acknowledge alerts: PIN sign-in, held in memory (never
 * stored on a screen the public can see), signed out by a tap or after a few idle minutes.
 */
import { signInManager, signOut, type StaffSession } from '../../shared/browser/session.ts';

const IDLE_MS = 10 * 60_000;

export class ManagerSignIn {
  private session: StaffSession | null = null;
  private lastUsed = 0;

  get current(): StaffSession | null {
    return this.session;
  }

  /** Signs in; refuses (and signs straight out) an account that is not a manager ('not-manager'). */
  async signIn(staffId: string, pin: string): Promise<StaffSession> {
    this.session = await signInManager(staffId, pin);
    this.touch();
    return this.session;
  }

  async signOut(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await signOut(s);
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
