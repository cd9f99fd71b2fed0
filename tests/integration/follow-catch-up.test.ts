/**
 * A cluster process's catch-up (server/open-visits.ts), against a real PostgreSQL: it reads the log's newest
 * entries rather than every open visit, keeps only the branches it follows, and still finds a change whose
 * transaction took its sequence number early and committed late — after a higher number had been read.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AfterCommit } from '../../server/after-commit.ts';
import { parseConfig } from '../../server/config.ts';
import { Hall } from '../../server/hall.ts';
import { OpenVisits } from '../../server/open-visits.ts';
import { openStore } from '../../server/store/db.ts';
import { EventLog } from '../../server/store/log.ts';
import type { Sql } from '../../server/store/sql.ts';
import { testConfig, writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';

const kiosk = { type: 'device', id: 'kiosk-1' } as const;

describe('catch-up of a cluster process by the log’s sequence (PostgreSQL)', () => {
  let postgres: Engine;
  let writerSql: Sql;
  let readerSql: Sql;

  beforeAll(async () => {
    postgres = await startPostgres();
    const databaseUrl = await createDatabase(postgres.url, `t_follow_${randomBytes(4).toString('hex')}`);
    const { dbPath } = writeTestSetup({});
    // Two connections, as two processes have.
    writerSql = await openStore({ dbPath, databaseUrl });
    readerSql = await openStore({ dbPath, databaseUrl });
  }, 120_000);
  afterAll(async () => {
    await writerSql?.close();
    await readerSql?.close();
    await postgres?.stop();
  });

  it('finds a check-in committed after a later-numbered one was read, and keeps nothing of a branch it does not follow', async () => {
    const config = parseConfig(testConfig());
    const writer = new Hall(new EventLog(writerSql), config, Date.now);
    // The first check-in's transaction waits, after taking its sequence number, until it is let go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    writer.projections.push(async () => {
      if (!holding) {
        holding = true;
        await gate;
      }
      return [];
    });
    const reader = new OpenVisits(new EventLog(readerSql), new AfterCommit(), false, Date.now);
    await reader.begin();
    await reader.follow('t1');

    const slow = writer.checkIn('t1', { line: 'property' }, kiosk);
    await expect.poll(() => holding).toBe(true);
    const fast = await writer.checkIn('t1', { line: 'life' }, kiosk);
    const other = await writer.checkIn('t2', { line: 'life' }, { type: 'device', id: 'kiosk-2' });
    const idOf = (r: { body: unknown }) => (r.body as { visit: { id: string; branch: string } }).visit.id;

    // The reader heard no announcement: catch-up finds the committed check-in of t1, not t2's (not followed).
    expect(await reader.reconcile()).toBe(1);
    expect(reader.folds('t1').map((f) => f.id)).toEqual([idOf(fast)]);
    expect(reader.folds('t2')).toEqual([]);

    // The slow transaction commits now, its sequence number below the one already read: found all the same.
    release();
    const late = await slow;
    expect(await reader.reconcile()).toBe(1);
    expect(
      reader
        .folds('t1')
        .map((f) => f.id)
        .sort(),
    ).toEqual([idOf(fast), idOf(late)].sort());

    // Closed elsewhere: forgotten at the next catch-up. Nothing new since: nothing read again.
    await writer.appendSystem({
      visitId: idOf(fast),
      branch: 't1',
      type: 'closed',
      occurredAt: Date.now(),
      actor: { type: 'system', id: 'close-of-day' },
      payload: { reason: 'left-at-close' },
    });
    expect(await reader.reconcile()).toBe(1);
    expect(reader.folds('t1').map((f) => f.id)).toEqual([idOf(late)]);
    expect(await reader.reconcile()).toBe(0);
    expect(reader.follows('t2')).toBe(false);
    expect(idOf(other)).toBeTruthy();
  });
});
