/**
 * A lease round's cost follows the work, not the number of branches (issue 20 item 3): renewing, looking
 * for free leases and catching up on other processes' changes take the same few statements for 10
 * branches as for 1,000, on a real PostgreSQL. And the lease keeps what it promised: a fair share each,
 * a dead predecessor's branches taken at once, everything handed back on a clean stop.
 *
 * Statements are counted by a wrapper around the real store (every statement passes through the Sql
 * interface, one call each), not by pg_stat_statements, which needs the server started with
 * shared_preload_libraries, nor by pg_stat_database.xact_commit, which counts other sessions too.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseOwner } from '../../server/cluster/ownership.ts';
import { parseConfig, type Config } from '../../server/config.ts';
import { Duty } from '../../server/duty.ts';
import { LiveCache } from '../../server/live-cache.ts';
import { AlertStore } from '../../server/store/alerts.ts';
import { openStore } from '../../server/store/db.ts';
import { DutyStore } from '../../server/store/duty.ts';
import type { Sql } from '../../server/store/sql.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import type { Alert } from '../../shared/types.ts';

const LEASE_MS = 60_000; // rounds only when the test asks (nudge): the timer's round is 20 s away

let engine: Engine;
const stores: Sql[] = [];
const owners: LeaseOwner[] = [];

beforeAll(async () => {
  engine = await startPostgres();
}, 120_000);

afterAll(async () => {
  for (const o of owners) await o.stop();
  for (const s of stores) await s.close();
  await engine?.stop();
});

/** The real store, and how many statements went through it. */
function counting(sql: Sql): { sql: Sql; count: () => number } {
  let n = 0;
  const counted: Sql = {
    dialect: sql.dialect,
    where: sql.where,
    all: (text, params) => (n++, sql.all(text, params)),
    get: (text, params) => (n++, sql.get(text, params)),
    rows: (text, params) => (n++, sql.rows(text, params)),
    run: (text, params) => (n++, sql.run(text, params)),
    transaction: (fn) => sql.transaction(fn),
    lock: (name) => (n++, sql.lock(name)),
    close: () => sql.close(),
  };
  return { sql: counted, count: () => n };
}

/** `n` halls with one greeter each. */
function halls(n: number): Config {
  const ids = Array.from({ length: n }, (_, i) => `h${String(i + 1).padStart(4, '0')}`);
  return parseConfig(
    {
      branches: ids.map((id) => ({
        id,
        name: { zh: `营业厅${id}`, en: `Hall ${id}` },
        lines: [{ id: 'life', name: { zh: '太平人寿', en: 'Taiping Life' }, prefix: 'B' }],
        counters: ['1'],
      })),
      staff: ids.map((id) => ({ id: `g-${id}`, name: '王芳', branch: id, roles: ['greeter'], pinHash: 'scrypt$none' })),
    },
    'halls.json',
  );
}

async function database(name: string): Promise<Sql> {
  const sql = await openStore({ dbPath: '', databaseUrl: await createDatabase(engine.url, name) });
  stores.push(sql);
  return sql;
}

/** A lease owner whose rounds catch the live cache up, as app.ts wires them; `round()` runs one now. */
async function startProcess(sql: Sql, config: Config, machine?: string) {
  const branches = () => config.branches.map((b) => b.id);
  const live = new LiveCache(new AlertStore(sql), new Duty(new DutyStore(sql), config, Date.now));
  await live.load(branches());
  // A lease names its owner's machine and pid; two owners in this one process are two machines.
  const node = process.env.YINGBIN_NODE_NAME;
  if (machine) process.env.YINGBIN_NODE_NAME = machine;
  const owner = new LeaseOwner(sql, branches, LEASE_MS, Date.now);
  if (node === undefined) delete process.env.YINGBIN_NODE_NAME;
  else process.env.YINGBIN_NODE_NAME = node;
  owners.push(owner);
  let done: (() => void) | undefined;
  owner.onRound = () => done?.();
  const gained: string[] = [];
  await owner.start({
    gained: async (b) => void gained.push(b),
    lost: () => undefined,
    round: () => live.catchUp(branches()),
  });
  const round = () =>
    new Promise<void>((resolve) => {
      done = resolve;
      owner.nudge();
    });
  return { owner, live, gained, round };
}

/** Another process's alert, written as AlertStore writes it (its announcement never came). */
function alertOf(branch: string): Alert {
  const now = new Date().toISOString();
  return {
    id: `${branch}:v1:reception:breach`,
    kind: 'breach',
    visitId: `${branch}-v1`,
    branch,
    ticket: 'B001',
    line: 'life',
    rule: 'reception',
    dueAt: now,
    clockDueAt: now,
    firedAt: now,
    late: false,
    vip: false,
    specialNeeds: [],
  };
}

describe('a lease round', () => {
  it('takes as many statements for 1,000 branches as for 10, idle or catching up on another process’s changes', async () => {
    const cost: Record<number, { idle: number; busy: number }> = {};
    for (const n of [10, 1000]) {
      const store = counting(await database(`round_${n}`));
      const config = halls(n);
      const p = await startProcess(store.sql, config);
      expect(p.owner.owned()).toHaveLength(n); // the only process: every branch
      expect(p.gained).toHaveLength(n);

      let before = store.count();
      await p.round();
      const idle = store.count() - before;

      // Another process fired an alert in one hall and put a greeter on duty in another.
      const other = new AlertStore(store.sql);
      expect(await other.insert(alertOf('h0002'))).toBe(true);
      await new DutyStore(store.sql).set('h0003', 'g-h0003', 'on-duty', Date.now(), 'g-h0003');
      before = store.count();
      await p.round();
      const busy = store.count() - before;
      cost[n] = { idle, busy };

      // The round read them: the snapshot of those halls has them, the others nothing.
      expect(p.live.openAlerts('h0002').map((a) => a.id)).toEqual(['h0002:v1:reception:breach']);
      expect(p.live.duty('h0003')?.onDuty).toBe(1);
      expect(p.live.openAlerts('h0004')).toEqual([]);
      expect(p.owner.owned()).toHaveLength(n);
    }
    expect(cost[1000]).toEqual(cost[10]);
    // Heartbeat, renewal, the look for free leases, changed alerts, changed duty posts.
    expect(cost[10]!.idle).toBe(5);
    expect(cost[10]!.busy).toBe(5);
  });

  it('shares 1,000 branches fairly between two processes, and a clean stop hands them all back at once', async () => {
    const sql = await database('share');
    const config = halls(1000);
    const a = await startProcess(sql, config, 'machine-a');
    expect(a.owner.owned()).toHaveLength(1000);
    const b = await startProcess(sql, config, 'machine-b'); // finds none free: a holds them all
    expect(b.owner.owned()).toHaveLength(0);

    await a.round(); // a sees two live processes: hands 500 over
    expect(a.owner.owned()).toHaveLength(500);
    await b.round(); // b takes its share of what is free
    expect(b.owner.owned()).toHaveLength(500);
    const both = new Set([...a.owner.owned(), ...b.owner.owned()]);
    expect(both.size).toBe(1000);

    // a stops cleanly: its leases are free and its heartbeat gone, so b's next round takes all of them.
    await a.owner.stop();
    await b.round();
    expect(b.owner.owned()).toHaveLength(1000);
  });

  it('takes at once the branches of a process of this machine that died, and waits out another machine’s', async () => {
    const sql = await database('dead_here');
    const config = halls(4);
    // A pid that no longer runs, on this machine, and a live process on another machine.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const node = (process.env.YINGBIN_NODE_NAME || hostname()).replaceAll(':', '_');
    const dead = `${node}:${deadPid}:dead01`;
    const elsewhere = `another-machine:${process.pid}:live01`;
    const farOff = Date.now() + 3_600_000;
    for (const [branch, owner] of [
      ['h0001', dead],
      ['h0002', dead],
      ['h0003', elsewhere],
      ['h0004', elsewhere],
    ] as const)
      await sql.run('INSERT INTO branch_leases (branch, owner, expires_at) VALUES (?, ?, ?)', [branch, owner, farOff]);
    await sql.run('INSERT INTO cluster_processes (id, seen_at) VALUES (?, ?), (?, ?)', [
      dead,
      Date.now(),
      elsewhere,
      Date.now(),
    ]);
    const p = await startProcess(sql, config);
    expect(p.owner.owned()).toEqual(['h0001', 'h0002']);
    await p.round();
    await p.round();
    expect(p.owner.owned()).toEqual(['h0001', 'h0002']); // the other machine's leases have not run out
  });
  it('runs one round for many asks made while it waits (300 branches handed over: one round, not 300)', async () => {
    const store = counting(await database('asks'));
    const p = await startProcess(store.sql, halls(10));
    let rounds = 0;
    const counted = p.owner.onRound;
    p.owner.onRound = (seconds) => (rounds++, counted?.(seconds));
    const before = store.count();
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 300; i++) p.owner.nudge(); // one nudge per branch another process handed over
      p.owner.onRound = (seconds) => (rounds++, counted?.(seconds), resolve());
    });
    await new Promise((r) => setTimeout(r, 200)); // any round queued behind it would have begun by now
    expect(rounds).toBe(1);
    expect(store.count() - before).toBe(5);
  });
});
