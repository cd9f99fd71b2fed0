/** Device tokens made by managers at run time; only a hash of each token is kept. */
import { createHash, randomBytes } from 'node:crypto';
import type { DB } from './db.ts';

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
  constructor(private readonly db: DB) {}

  create(d: { id: string; branch: string; role: 'kiosk' | 'wall'; label?: string; createdBy: string; now: number }): { token: string; device: DeviceRecord } {
    const token = `${d.role}-${randomBytes(24).toString('base64url')}`;
    this.db
      .prepare('INSERT INTO devices (id, branch, role, token_hash, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(d.id, d.branch, d.role, hash(token), d.label ?? null, d.createdBy, d.now);
    return { token, device: this.get(d.id)! };
  }

  get(id: string): DeviceRecord | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
    return r && toRecord(r);
  }

  list(branch: string): DeviceRecord[] {
    return (this.db.prepare('SELECT * FROM devices WHERE branch = ? ORDER BY created_at').all(branch) as Row[]).map(toRecord);
  }

  revoke(id: string, by: string, now: number): boolean {
    return this.db.prepare('UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL').run(now, by, id).changes === 1;
  }

  /** The live (not revoked) device behind a token. */
  byToken(token: string): { id: string; branch: string; role: 'kiosk' | 'wall' } | undefined {
    return this.db.prepare('SELECT id, branch, role FROM devices WHERE token_hash = ? AND revoked_at IS NULL').get(hash(token)) as
      | { id: string; branch: string; role: 'kiosk' | 'wall' }
      | undefined;
  }
}
