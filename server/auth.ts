/** Who is asking: signed-in staff (PIN → session token) or a configured device (kiosk, wall). */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Config, DeviceConfig, StaffConfig } from './config.ts';
import type { SessionStore } from './store/sessions.ts';
import type { DeviceStore } from './store/devices.ts';
import { HttpError, forbidden, unauthorized } from './errors.ts';
import type { StaffRole } from '../shared/rules.ts';
import type { Actor } from '../shared/types.ts';

export type Principal =
  | { kind: 'staff'; id: string; branch: string; roles: StaffRole[]; staff: StaffConfig }
  | { kind: 'device'; id: string; branch: string; role: DeviceConfig['role'] };

const SESSION_MS = 12 * 3600_000;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

/** `scrypt$N$r$p$salt$hash`, all that is needed to check a PIN later. */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const [N, r, p] = [16384, 8, 1];
  const hash = scryptSync(pin, salt, 32, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, staff: StaffConfig): boolean {
  if (staff.pinHash) {
    const [, N, r, p, salt, hash] = staff.pinHash.split('$');
    if (!N || !r || !p || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, { N: +N, r: +r, p: +p });
    return timingSafeEqual(actual, expected);
  }
  const a = Buffer.from(pin);
  const b = Buffer.from(staff.pin ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class Auth {
  /** Wrong PINs for ids that are no staff member: counted alike (the reply must not tell), never stored. */
  private readonly unknownIds = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly config: Config,
    private readonly devices: DeviceStore,
    private readonly now: () => number,
  ) {}

  /** PIN sign-in; five wrong PINs lock the id for five minutes (on every process: the count is stored). */
  async login(staffId: string, pin: string): Promise<{ token: string; staff: StaffConfig; expiresAt: number }> {
    const now = this.now();
    const staff = this.config.staffMember(staffId);
    const failures = staff ? await this.sessions.failures(staffId) : this.unknownIds.get(staffId);
    const lockedUntil = failures?.lockedUntil ?? 0;
    if (lockedUntil > now) {
      const minutes = Math.ceil((lockedUntil - now) / 60_000);
      throw new HttpError(423, 'locked', `too many wrong PINs: ${staffId} is locked for ${minutes} more minute(s)`);
    }
    if (!staff || !verifyPin(pin, staff)) {
      const count = staff ? await this.sessions.wrongPin(staffId, LOCK_AFTER_FAILURES, now + LOCK_MS) : this.wrongUnknownId(staffId, now);
      if (count === 0) throw new HttpError(423, 'locked', `too many wrong PINs: ${staffId} is locked for 5 minutes`);
      throw new HttpError(401, 'wrong-pin', `wrong staff id or PIN (${LOCK_AFTER_FAILURES - count} attempt(s) left)`);
    }
    if (failures) await this.sessions.rightPin(staffId);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_MS;
    await this.sessions.create(sha256(token), staffId, now, expiresAt);
    return { token, staff, expiresAt };
  }

  /** `SessionStore.wrongPin` for an id nobody has, kept in memory (bounded: guessed ids are endless). */
  private wrongUnknownId(staffId: string, now: number): number {
    const f = this.unknownIds.get(staffId);
    const count = (f && f.lockedUntil === 0 ? f.count : 0) + 1; // a lock that ran out starts afresh
    const locked = count >= LOCK_AFTER_FAILURES;
    if (this.unknownIds.size > 10_000) this.unknownIds.clear();
    this.unknownIds.set(staffId, { count: locked ? 0 : count, lockedUntil: locked ? now + LOCK_MS : 0 });
    return locked ? 0 : count;
  }

  async logout(token: string): Promise<void> {
    await this.sessions.remove(sha256(token));
  }

  /** The principal behind a bearer token, or null when the token means nothing. */
  async resolve(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const device = this.config.devices.find((d) => d.token.length === token.length && timingSafeEqual(Buffer.from(d.token), Buffer.from(token)));
    if (device) return { kind: 'device', id: device.id, branch: device.branch, role: device.role };
    const made = await this.devices.byToken(token);
    if (made) return { kind: 'device', id: made.id, branch: made.branch, role: made.role };
    const session = await this.sessions.find(sha256(token));
    if (!session || session.expiresAt < this.now()) return null;
    const staff = this.config.staffMember(session.staffId);
    if (!staff) return null;
    return { kind: 'staff', id: staff.id, branch: staff.branch, roles: staff.roles, staff };
  }
}

export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}

export type Permission = 'check-in' | 'vip' | 'act' | 'read' | 'read-public' | 'manage';

/** What each kind of principal may do — a kiosk checks in and identifies VIPs, a wall only reads. */
export function may(p: Principal, what: Permission): boolean {
  if (p.kind === 'device') {
    if (p.role === 'kiosk') return what === 'check-in' || what === 'vip' || what === 'read-public';
    return what === 'read-public';
  }
  if (what === 'manage') return p.roles.includes('manager');
  return true;
}

/** Throws unless the principal may do `what` in `branch`. */
export function authorize(p: Principal | null, branch: string, what: Permission): Principal {
  if (!p) throw unauthorized();
  if (p.branch !== branch) throw forbidden(`you belong to branch ${p.branch}, not ${branch}`);
  if (!may(p, what)) throw forbidden();
  return p;
}

export function actorOf(p: Principal): Actor {
  return p.kind === 'staff' ? { type: 'staff', id: p.id, roles: p.roles } : { type: 'device', id: p.id };
}
