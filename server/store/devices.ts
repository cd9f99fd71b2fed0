/** Device tokens made by managers at run time; only a hash of each token is kept. */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Sql } from './sql.ts';

export interface DeviceRecord {
  id: string;
  branch: string;
  role: 'kiosk' | 'wall';
  label: string | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

interface Row {
  id: string;
  branch: string;
  role: 'kiosk' | 'wall';
  label: string | null;
  created_by: string;
  created_at: number;
  revoked_by: string | null;
  revoked_at: number | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const toRecord = (r: Row): DeviceRecord => ({
  id: r.id,
  branch: r.branch,
  role: r.role,
  label: r.label,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString(),
  revokedBy: r.revoked_by,
});

export class DeviceStore {
  constructor(private readonly sql: Sql) {}

  async create(d: {
    id: string;
    branch: string;
    role: 'kiosk' | 'wall';
    label?: string;
    createdBy: string;
    now: number;
  }): Promise<{ token: string; device: DeviceRecord }> {
    const token = `${d.role}-${randomBytes(24).toString('base64url')}`;
    await this.sql.run(
      'INSERT INTO devices (id, branch, role, token_hash, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [d.id, d.branch, d.role, hash(token), d.label ?? null, d.createdBy, d.now],
    );
    return { token, device: (await this.get(d.id))! };
  }

  async get(id: string): Promise<DeviceRecord | undefined> {
    const r = await this.sql.get<Row>('SELECT * FROM devices WHERE id = ?', [id]);
    return r && toRecord(r);
  }

  async list(branch: string): Promise<DeviceRecord[]> {
    return (await this.sql.all<Row>('SELECT * FROM devices WHERE branch = ? ORDER BY created_at', [branch])).map(
      toRecord,
    );
  }

  async revoke(id: string, by: string, now: number): Promise<boolean> {
    return (
      (await this.sql.run('UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL', [
        now,
        by,
        id,
      ])) === 1
    );
  }

  /** The live (not revoked) device behind a token. */
  byToken(token: string): Promise<{ id: string; branch: string; role: 'kiosk' | 'wall' } | undefined> {
    return this.sql.get('SELECT id, branch, role FROM devices WHERE token_hash = ? AND revoked_at IS NULL', [
      hash(token),
    ]);
  }
}

/** A pairing code as kept: its hash, what device it makes, and whether it is still good. */
export interface PairingCodeRecord {
  id: string;
  branch: string;
  role: 'kiosk' | 'wall';
  label: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  deviceId: string | null;
}

interface PairingRow {
  id: string;
  code_hash: string;
  branch: string;
  role: 'kiosk' | 'wall';
  label: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  device_id: string | null;
}

const toPairing = (r: PairingRow): PairingCodeRecord => ({
  id: r.id,
  branch: r.branch,
  role: r.role,
  label: r.label,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  deviceId: r.device_id,
});

const codeHash = (code: string) => createHash('sha256').update(`pairing:${code}`).digest('hex');

/** Why a code did not pair: never issued (or mistyped), past its time, or already taken by a device. */
export type PairingRefusal = 'unknown' | 'expired' | 'used';

/**
 * Six-digit one-time codes, kept hashed in the database so that any process can redeem one exactly once.
 * No two live codes share their digits, so a code names one device to be.
 */
export class PairingCodes {
  constructor(private readonly sql: Sql) {}

  async issue(p: {
    branch: string;
    role: 'kiosk' | 'wall';
    label?: string | undefined;
    createdBy: string;
    now: number;
    ttlMs: number;
  }): Promise<{ code: string; record: PairingCodeRecord }> {
    return this.sql.transaction(async () => {
      await this.sql.lock('pairing-codes');
      for (let attempt = 0; attempt < 20; attempt++) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const live = await this.sql.get(
          'SELECT id FROM pairing_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
          [codeHash(code), p.now],
        );
        if (live) continue;
        const id = randomBytes(12).toString('base64url');
        await this.sql.run(
          'INSERT INTO pairing_codes (id, code_hash, branch, role, label, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [id, codeHash(code), p.branch, p.role, p.label ?? null, p.createdBy, p.now, p.now + p.ttlMs],
        );
        return { code, record: (await this.byId(id))! };
      }
      throw new Error('no free pairing code after 20 tries'); // a million codes: only if thousands are live
    });
  }

  /**
   * Takes the code for a device, inside the caller's transaction: `make` creates the device (and may
   * throw, undoing the take). A code is taken once, whichever process is asked and however often.
   */
  async redeem<T>(
    code: string,
    now: number,
    make: (c: PairingCodeRecord) => Promise<{ deviceId: string; result: T }>,
  ): Promise<{ ok: true; result: T } | { ok: false; why: PairingRefusal }> {
    return this.sql.transaction(async () => {
      await this.sql.lock('pairing-codes');
      const rows = (
        await this.sql.all<PairingRow>('SELECT * FROM pairing_codes WHERE code_hash = ? ORDER BY created_at DESC', [
          codeHash(code),
        ])
      ).map(toPairing);
      const live = rows.find((r) => r.usedAt === null && r.expiresAt > now);
      if (!live) {
        const latest = rows[0];
        return { ok: false, why: !latest ? 'unknown' : latest.usedAt !== null ? 'used' : 'expired' };
      }
      const made = await make(live);
      const taken = await this.sql.run(
        'UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE id = ? AND used_at IS NULL',
        [now, made.deviceId, live.id],
      );
      if (taken !== 1) throw new Error('pairing code taken twice'); // the lock makes this impossible; never hand out a second token
      return { ok: true, result: made.result };
    });
  }

  async byId(id: string): Promise<PairingCodeRecord | undefined> {
    const r = await this.sql.get<PairingRow>('SELECT * FROM pairing_codes WHERE id = ?', [id]);
    return r && toPairing(r);
  }
}
