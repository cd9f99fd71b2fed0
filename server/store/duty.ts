/** Each staff member's post, and the append-only log of every change of post. */
import type { Sql } from './sql.ts';
import type { DutyStatus } from '../../shared/socket.ts';
import { dbClock } from './db-clock.ts';

export interface StoredPost {
  branch: string;
  staffId: string;
  status: DutyStatus;
  since: number;
}

/** A post with when it last changed on the database's clock (migration 0021). */
interface ChangedPost extends StoredPost {
  changedAt: number;
}

export class DutyStore {
  constructor(private readonly sql: Sql) {}

  /** The posts of one branch, or of every branch (one read for all boards). */
  posts(branch?: string): Promise<StoredPost[]> {
    const columns = 'SELECT branch, staff_id AS "staffId", status, since FROM duty';
    return branch === undefined ? this.sql.all(columns) : this.sql.all(`${columns} WHERE branch = ?`, [branch]);
  }

  /**
   * Every post of the branches where some post changed at or after `from` (the database's clock), and
   * that clock as the read began: one statement, which answers the clock even when nothing changed.
   */
  async changedSince(from: number): Promise<{ posts: ChangedPost[]; readAt: number }> {
    const rows = await this.sql.all<{
      readAt: number;
      branch: string | null;
      staffId: string;
      status: DutyStatus;
      since: number;
      changedAt: number;
    }>(
      `SELECT c.read_at AS "readAt", d.branch, d.staff_id AS "staffId", d.status, d.since, d.changed_at AS "changedAt"
       FROM (SELECT ${dbClock(this.sql.dialect)} AS read_at) c
       LEFT JOIN duty d ON d.branch IN (SELECT branch FROM duty WHERE changed_at >= ?)`,
      [from],
    );
    const posts: ChangedPost[] = [];
    for (const { branch, staffId, status, since, changedAt } of rows)
      if (branch !== null) posts.push({ branch, staffId, status, since: Number(since), changedAt: Number(changedAt) });
    return { posts, readAt: Number(rows[0]?.readAt ?? from) };
  }

  /** Sets a post and logs the change, in one transaction. */
  async set(branch: string, staffId: string, status: DutyStatus, at: number, changedBy: string): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run(
        `INSERT INTO duty (staff_id, branch, status, since, changed_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(staff_id) DO UPDATE SET branch = excluded.branch, status = excluded.status,
           since = excluded.since, changed_by = excluded.changed_by`,
        [staffId, branch, status, at, changedBy],
      );
      await this.sql.run('INSERT INTO duty_log (staff_id, branch, status, at, changed_by) VALUES (?, ?, ?, ?, ?)', [
        staffId,
        branch,
        status,
        at,
        changedBy,
      ]);
    });
  }
}
