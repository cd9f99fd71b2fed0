/** Staff sign-in sessions: only a hash of each token is kept. */
import type { Sql } from './sql.ts';

export class SessionStore {
  constructor(private readonly sql: Sql) {}

  async create(tokenHash: string, staffId: string, createdAt: number, expiresAt: number): Promise<void> {
    await this.sql.run('INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash, staffId, createdAt, expiresAt]);
  }

  async remove(tokenHash: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  /** The session behind a token hash, expired or not. */
  find(tokenHash: string): Promise<{ staffId: string; expiresAt: number } | undefined> {
    return this.sql.get('SELECT staff_id AS "staffId", expires_at AS "expiresAt" FROM sessions WHERE token_hash = ?', [tokenHash]);
  }
}
