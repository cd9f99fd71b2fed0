/** Each staff member's post, and the append-only log of every change of post. */
import type { Sql } from './sql.ts';
import type { DutyStatus } from '../../shared/socket.ts';

export interface StoredPost {
  branch: string;
  staffId: string;
  status: DutyStatus;
  since: number;
}

export class DutyStore {
  constructor(private readonly sql: Sql) {}

  /** The posts of one branch, or of every branch (one read for all boards). */
  posts(branch?: string): Promise<StoredPost[]> {
    const columns = 'SELECT branch, staff_id AS "staffId", status, since FROM duty';
    return branch === undefined ? this.sql.all(columns) : this.sql.all(`${columns} WHERE branch = ?`, [branch]);
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
