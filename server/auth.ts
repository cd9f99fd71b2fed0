/** Who is asking: signed-in staff (PIN → session token) or a device (kiosk, wall) from the configuration or made by a manager. */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Config, DeviceConfig, StaffConfig } from './config.ts';
import type { SessionStore } from './store/sessions.ts';
import type { DeviceStore } from './store/devices.ts';
import { HttpError, forbidden, unauthorized } from './errors.ts';
import { logger } from './logger.ts';
import type { StaffRole } from '../shared/rules.ts';
import type { Actor } from '../shared/types.ts';

export type Principal =
  | {
      kind: 'staff';
      id: string;
      branch: string;
      roles: StaffRole[];
      staff: StaffConfig;
      session: string;
      expiresAt: number;
    }
  | { kind: 'device'; id: string; branch: string; role: DeviceConfig['role'] };

const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

/** `scrypt$N$r$p$salt$hash`, all that is needed to check a PIN later. */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const [N, r, p] = [16384, 8, 1];
  const hash = scryptSync(pin, salt, 32, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The async scrypt: a sign-in must not stop the hall's pushes and timers for the tens of ms a hash takes. */
const scryptAsync = (pin: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(pin, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

async function matchesHash(pin: string, pinHash: string): Promise<boolean> {
  const [, N, r, p, salt, hash] = pinHash.split('$');
  if (!N || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: +N,
    r: +r,
    p: +p,
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/**
 * Checked for ids that are no staff member (and for plain demo PINs), so no answer comes back sooner than
 * another. Its value never matches; only the work of checking it counts (the parameters of `hashPin`).
 */
const DUMMY_HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/** Checks a PIN with one scrypt whoever asks: the time taken does not tell which staff ids exist. */
async function verifyPin(pin: string, staff: StaffConfig | undefined): Promise<boolean> {
  if (staff?.pinHash) return matchesHash(pin, staff.pinHash);
  await matchesHash(pin, DUMMY_HASH);
  if (!staff) return false;
  const a = Buffer.from(pin);
  const b = Buffer.from(staff.pin ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** 401 `wrong-pin` with how many attempts are left before the lock (`error.attemptsLeft`). */
class WrongPin extends HttpError {
  constructor(readonly attemptsLeft: number) {
    super(401, 'wrong-pin', `wrong staff id or PIN (${attemptsLeft} attempt(s) left)`);
  }

  override toJSON() {
    const json = super.toJSON();
    return { error: { ...json.error, attemptsLeft: this.attemptsLeft } };
  }
}

const locked = (lockedUntil: number, now: number) =>
  new HttpError(
    423,
    'locked',
    `too many wrong PINs: locked for ${Math.max(1, Math.ceil((lockedUntil - now) / 60_000))} more minute(s)`,
  );

export class Auth {
  /** Attempts on ids that are no staff member: counted alike (the reply must not tell), never stored. */
  private readonly unknownIds = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly config: Config,
    private readonly devices: DeviceStore,
    private readonly now: () => number,
  ) {}

  /**
   * PIN sign-in; five wrong PINs lock the id for five minutes on every process. Each attempt is counted
   * before its PIN is checked (SessionStore.claimAttempt), so however many arrive at once, at most five
   * PINs are checked per lock period. Staff ids are case-insensitive (G01 signs in as g01).
   */
  async login(staffId: string, pin: string): Promise<{ token: string; staff: StaffConfig; expiresAt: number }> {
    const now = this.now();
    const staff = this.config.staffMember(staffId);
    const key = staff ? staff.id : staffId.toLowerCase();
    const attempt = staff
      ? await this.sessions.claimAttempt(key, LOCK_AFTER_FAILURES, now, now + LOCK_MS)
      : this.claimUnknown(key, now);
    if (attempt === 0) {
      throw locked(
        staff ? await this.sessions.lockedUntil(key) : (this.unknownIds.get(key)?.lockedUntil ?? now + LOCK_MS),
        now,
      );
    }
    if (!(await verifyPin(pin, staff)) || !staff) {
      const attemptsLeft = LOCK_AFTER_FAILURES - attempt;
      logger.info({ staffId: key, attempt, attemptsLeft }, 'wrong PIN');
      if (attemptsLeft <= 0) throw new HttpError(423, 'locked', `too many wrong PINs: ${key} is locked for 5 minutes`);
      throw new WrongPin(attemptsLeft);
    }
    await this.sessions.rightPin(staff.id);
    const token = randomBytes(32).toString('base64url');
    const minutes = this.config.limits.sessionMinutes;
    // 0: until sign-out (the store keeps a number: the largest exact one).
    const expiresAt = minutes === 0 ? Number.MAX_SAFE_INTEGER : now + Math.round(minutes * 60_000);
    await this.sessions.create(sha256(token), staff.id, now, expiresAt);
    return { token, staff, expiresAt };
  }

  /** `SessionStore.claimAttempt` for an id nobody has, kept in memory (bounded: guessed ids are endless). */
  private claimUnknown(key: string, now: number): number {
    let f = this.unknownIds.get(key);
    if (f && f.lockedUntil > now) return 0;
    if (!f || f.lockedUntil !== 0) f = { count: 0, lockedUntil: 0 }; // a lock that ran out starts afresh
    f.count += 1;
    if (f.count >= LOCK_AFTER_FAILURES) f.lockedUntil = now + LOCK_MS;
    if (this.unknownIds.size > 10_000) this.unknownIds.clear();
    this.unknownIds.set(key, f);
    return f.count;
  }

  /** Ends a session; returns the hash its live sockets are known by (to drop them). */
  async logout(token: string): Promise<string> {
    const hash = sha256(token);
    await this.sessions.remove(hash);
    return hash;
  }

  /** The principal behind a bearer token, or null when the token means nothing (any more). */
  async resolve(token: string | undefined): Promise<Principal | null> {
    if (!token) return null;
    const device = this.config.devices.find(
      (d) => d.token.length === token.length && timingSafeEqual(Buffer.from(d.token), Buffer.from(token)),
    );
    if (device) return { kind: 'device', id: device.id, branch: device.branch, role: device.role };
    const made = await this.devices.byToken(token);
    if (made) return { kind: 'device', id: made.id, branch: made.branch, role: made.role };
    const hash = sha256(token);
    const session = await this.sessions.find(hash);
    if (!session || Number(session.expiresAt) <= this.now()) return null;
    const staff = this.config.staffMember(session.staffId);
    if (!staff) return null;
    return {
      kind: 'staff',
      id: staff.id,
      branch: staff.branch,
      roles: staff.roles,
      staff,
      session: hash,
      expiresAt: Number(session.expiresAt),
    };
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
