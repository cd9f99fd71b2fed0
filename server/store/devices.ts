/** Device tokens made by managers at run time; only a hash of each token is kept. */
import { createHash, randomBytes } from 'node:crypto';
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

  async create(d: { id: string; branch: string; role: 'kiosk' | 'wall'; label?: string; createdBy: string; now: number }): Promise<{ token: string; device: DeviceRecord }> {
    const token = `${d.role}-${randomBytes(24).toString('base64url')}`;
    await this.sql.run('INSERT INTO devices (id, branch, role, token_hash, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      d.id,
      d.branch,
      d.role,
      hash(token),
      d.label ?? null,
      d.createdBy,
      d.now,
    ]);
    return { token, device: (await this.get(d.id))! };
  }

  async get(id: string): Promise<DeviceRecord | undefined> {
    const r = await this.sql.get<Row>('SELECT * FROM devices WHERE id = ?', [id]);
    return r && toRecord(r);
  }

  async list(branch: string): Promise<DeviceRecord[]> {
    return (await this.sql.all<Row>('SELECT * FROM devices WHERE branch = ? ORDER BY created_at', [branch])).map(toRecord);
  }

  async revoke(id: string, by: string, now: number): Promise<boolean> {
    return (await this.sql.run('UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL', [now, by, id])) === 1;
  }

  /** The live (not revoked) device behind a token. */
  byToken(token: string): Promise<{ id: string; branch: string; role: 'kiosk' | 'wall' } | undefined> {
    return this.sql.get('SELECT id, branch, role FROM devices WHERE token_hash = ? AND revoked_at IS NULL', [hash(token)]);
  }
}
