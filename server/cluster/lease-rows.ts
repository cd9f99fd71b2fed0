/**
 * The statements of a lease round (server/cluster/ownership.ts decides; this reads and writes), each one
 * statement whatever the number of branches: a list of branches goes in as one JSON parameter. Every
 * configured branch has a row from the start (no owner, lapsed when free), so free leases are found by
 * reading the table rather than by asking branch by branch. Times are the database's clock.
 */
import type { Sql } from '../store/sql.ts';

/** The database's clock in epoch ms: every process reads the same one, whatever its own clock says. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** A JSON array parameter as a set of rows. */
const LIST = '(SELECT json_array_elements_text(CAST(? AS json)))';

type FreeLease = { branch: string; state: 'taken' | 'free' | 'missing' };

export class LeaseRows {
  constructor(
    private readonly sql: Sql,
    /** This process, as lease rows name their owner. */
    private readonly id: string,
    private readonly leaseMs: number,
  ) {}

  /** A free row for each branch that has none. */
  async make(branches: string[]): Promise<void> {
    await this.sql.run(
      `INSERT INTO branch_leases (branch, owner, expires_at) SELECT b, '', 0 FROM ${LIST} AS t(b)
       ON CONFLICT (branch) DO NOTHING`,
      [JSON.stringify(branches)],
    );
  }

  /**
   * Says this process is alive, forgets processes gone for an hour, and answers every process known with
   * whether it was seen within `liveMs` (this one always).
   */
  async heartbeat(liveMs: number): Promise<{ id: string; live: boolean }[]> {
    return this.sql.all(
      `WITH beat AS (
         INSERT INTO cluster_processes (id, seen_at) VALUES (?, ${DB_NOW})
         ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at RETURNING id),
       gone AS (DELETE FROM cluster_processes WHERE seen_at < ${DB_NOW} - 3600000)
       SELECT id, seen_at > ${DB_NOW} - ? AS live FROM cluster_processes WHERE id NOT IN (SELECT id FROM beat)
       UNION ALL SELECT id, true FROM beat`,
      [this.id, liveMs],
    );
  }

  /** Renews every lease this process holds; answers their branches (a lease taken from it is not among them). */
  async renew(): Promise<string[]> {
    const rows = await this.sql.all<{ branch: string }>(
      `UPDATE branch_leases SET expires_at = ${DB_NOW} + ? WHERE owner = ? RETURNING branch`,
      [this.leaseMs, this.id],
    );
    return rows.map((r) => r.branch);
  }

  /**
   * Locks the given branches' free leases (lapsed, or held by one of `dead`) that no other process is
   * taking right now, takes `need` of them in branch order plus every one named in `alsoTake`, and answers
   * each free lease taken or left, and each branch without a row (`missing`).
   */
  async takeFree(branches: string[], need: number, dead: string[], alsoTake: string[]): Promise<FreeLease[]> {
    return this.sql.all<FreeLease>(
      `WITH mine AS (SELECT b AS branch FROM ${LIST} AS t(b)),
       free AS (
         SELECT l.branch FROM branch_leases l
         WHERE l.branch IN (SELECT branch FROM mine) AND (l.expires_at < ${DB_NOW} OR l.owner IN ${LIST})
         ORDER BY l.branch FOR UPDATE SKIP LOCKED),
       chosen AS (
         SELECT branch FROM free WHERE branch IN ${LIST}
         UNION (SELECT branch FROM free ORDER BY branch LIMIT ?)),
       taken AS (
         UPDATE branch_leases SET owner = ?, expires_at = ${DB_NOW} + ?
         WHERE branch IN (SELECT branch FROM chosen) RETURNING branch)
       SELECT f.branch, CASE WHEN t.branch IS NULL THEN 'free' ELSE 'taken' END AS state
       FROM free f LEFT JOIN taken t ON t.branch = f.branch
       UNION ALL SELECT branch, 'missing' FROM mine WHERE branch NOT IN (SELECT branch FROM branch_leases)`,
      [JSON.stringify(branches), JSON.stringify(dead), JSON.stringify(alsoTake), need, this.id, this.leaseMs],
    );
  }

  /** Frees leases this process holds (all of them without a list): another process may take them at once. */
  async release(branches?: string[]): Promise<void> {
    if (branches === undefined)
      await this.sql.run("UPDATE branch_leases SET owner = '', expires_at = 0 WHERE owner = ?", [this.id]);
    else
      await this.sql.run(`UPDATE branch_leases SET owner = '', expires_at = 0 WHERE owner = ? AND branch IN ${LIST}`, [
        this.id,
        JSON.stringify(branches),
      ]);
  }

  /** Removes this process's heartbeat (a clean stop): the others' share grows at their next round. */
  async leave(): Promise<void> {
    await this.sql.run('DELETE FROM cluster_processes WHERE id = ?', [this.id]);
  }
}
