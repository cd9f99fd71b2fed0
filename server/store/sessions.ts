/** Staff sign-in sessions (only a hash of each token is kept) and the wrong-PIN count of each staff id. */
import type { Sql } from './sql.ts';

export class SessionStore {
  constructor(private readonly sql: Sql) {}

  async create(tokenHash: string, staffId: string, createdAt: number, expiresAt: number): Promise<void> {
    await this.sql.run('INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash, staffId, createdAt, expiresAt]);
  }

  async remove(tokenHash: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  /** A staff id's wrong PINs: until when it is locked (0: not locked; past: the lock ran out), or none. */
  async failures(staffId: string): Promise<{ lockedUntil: number } | undefined> {
    const row = await this.sql.get<{ until: number }>('SELECT locked_until AS until FROM sign_in_failures WHERE staff_id = ?', [staffId]);
    return row && { lockedUntil: Number(row.until) };
  }

  /**
   * Counts one more wrong PIN — one statement, so attempts on several processes at once all count — and
   * locks the id until `lockUntil` when that makes `lockAfter`. Returns the count (0 once locked).
   */
  async wrongPin(staffId: string, lockAfter: number, lockUntil: number): Promise<number> {
    const row = await this.sql.get<{ count: number }>(
      `INSERT INTO sign_in_failures (staff_id, count, locked_until) VALUES (?, 1, 0)
       ON CONFLICT (staff_id) DO UPDATE SET
         count = CASE WHEN sign_in_failures.locked_until = 0 THEN sign_in_failures.count + 1 ELSE 1 END, locked_until = 0
       RETURNING count`,
      [staffId],
    );
    const count = Number(row!.count);
    if (count < lockAfter) return count;
    await this.sql.run('UPDATE sign_in_failures SET count = 0, locked_until = ? WHERE staff_id = ?', [lockUntil, staffId]);
    return 0;
  }

  async rightPin(staffId: string): Promise<void> {
    await this.sql.run('DELETE FROM sign_in_failures WHERE staff_id = ?', [staffId]);
  }

  /** The session behind a token hash, expired or not. */
  find(tokenHash: string): Promise<{ staffId: string; expiresAt: number } | undefined> {
    return this.sql.get('SELECT staff_id AS "staffId", expires_at AS "expiresAt" FROM sessions WHERE token_hash = ?', [tokenHash]);
  }
}
