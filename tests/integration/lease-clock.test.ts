/**
 * The branch lease on the app's clock (server/cluster/ownership.ts): the rows are timed by PostgreSQL's
 * clock, but how long this process may go on planning a branch it holds is judged by the clock the app
 * was given, so a process cut off from the database stops at the lease's end and no later.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LeaseOwner } from '../../server/cluster/ownership.ts';
import { openStore } from '../../server/store/db.ts';
import type { Sql } from '../../server/store/sql.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';

const LEASE_MS = 60_000;

describe('a branch lease', () => {
  let engine: Engine | undefined;
  let sql: Sql | undefined;
  afterAll(async () => {
    await sql?.close();
    await engine?.stop();
  });

  it("is held until its end on the app's clock, to the millisecond, unless renewed", async () => {
    engine = await startPostgres();
    sql = await openStore({ dbPath: '', databaseUrl: await createDatabase(engine.url, 'lease_clock') });
    let now = Date.parse('2026-03-02T01:00:00Z');
    const gained: string[] = [];
    const owner = new LeaseOwner(
      sql,
      () => ['t1', 't2'],
      LEASE_MS,
      () => now,
    );
    await owner.start({ gained: async (b) => void gained.push(b), lost: () => undefined });
    try {
      expect(gained).toEqual(['t1', 't2']);
      expect(owner.owned()).toEqual(['t1', 't2']);
      now += LEASE_MS - 1;
      expect(owner.owns('t1')).toBe(true);
      now += 1;
      expect(owner.owns('t1')).toBe(false);
      expect(owner.owned()).toEqual([]);

      // The next round renews it (the database still has this process's rows): held again from that instant.
      owner.nudge();
      await expect.poll(() => owner.owned()).toEqual(['t1', 't2']);
      expect(gained).toEqual(['t1', 't2', 't1', 't2']); // taken on again: planned afresh from the log
      now += LEASE_MS - 1;
      expect(owner.owns('t2')).toBe(true);
      now += 1;
      expect(owner.owns('t2')).toBe(false);
    } finally {
      await owner.stop();
    }
  });
});
