/** Staff sign-in sessions (only a hash of each token is kept) and the wrong-PIN count of each staff id. */
import type { Sql } from './sql.ts';

export class SessionStore {
  constructor(private readonly sql: Sql) {}

  async create(tokenHash: string, staffId: string, createdAt: number, expiresAt: number): Promise<void> {
    await this.sql.run('INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      tokenHash,
      staffId,
      createdAt,
      expiresAt,
    ]);
  }

  async remove(tokenHash: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  /**
   * Claims one PIN check for a staff id before the PIN is looked at — one conditional statement, so
   * attempts arriving at once on any number of processes are counted one by one and at most
   * `lockAfter` PINs are ever checked per lock period. The claim that makes `lockAfter` locks the id
   * until `lockUntil` (a right PIN among them lifts it again: `rightPin`). Returns the claim's number in
   * the period, or 0 when the id is locked now and nothing may be checked.
   */
  async claimAttempt(staffId: string, lockAfter: number, now: number, lockUntil: number): Promise<number> {
    // In a transaction of its own: on SQLite a write must not join a group of commands already open.
    const row = await this.sql.transaction(() =>
      this.sql.get<{ count: number }>(
        `INSERT INTO sign_in_failures (staff_id, count, locked_until) VALUES (?, 1, 0)
       ON CONFLICT (staff_id) DO UPDATE SET
         count = CASE WHEN sign_in_failures.locked_until = 0 THEN sign_in_failures.count + 1 ELSE 1 END,
         locked_until = CASE
           WHEN (CASE WHEN sign_in_failures.locked_until = 0 THEN sign_in_failures.count + 1 ELSE 1 END) >= ? THEN CAST(? AS BIGINT)
           ELSE 0 END
       WHERE sign_in_failures.locked_until <= CAST(? AS BIGINT)
       RETURNING count`,
        [staffId, lockAfter, lockUntil, now],
      ),
    );
    return row ? Number(row.count) : 0;
  }

  /** Until when a staff id is locked (0: not locked). */
  async lockedUntil(staffId: string): Promise<number> {
    const row = await this.sql.get<{ until: number }>(
      'SELECT locked_until AS until FROM sign_in_failures WHERE staff_id = ?',
      [staffId],
    );
    return row ? Number(row.until) : 0;
  }

  async rightPin(staffId: string): Promise<void> {
    await this.sql.run('DELETE FROM sign_in_failures WHERE staff_id = ?', [staffId]);
  }

  /** The session behind a token hash, expired or not. */
  find(tokenHash: string): Promise<{ staffId: string; expiresAt: number } | undefined> {
    return this.sql.get('SELECT staff_id AS "staffId", expires_at AS "expiresAt" FROM sessions WHERE token_hash = ?', [
      tokenHash,
    ]);
  }
}
