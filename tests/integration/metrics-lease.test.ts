/**
 * Lease ownership as an operator sees it in cluster mode: two server processes (child processes, as a
 * lease names its owner by host and pid) on one throwaway PostgreSQL share the branches' leases, and their scrapes say which owns which — each branch owned by
 * exactly one, its open visits reported by that owner alone (so Prometheus's sum is the hall's count) —
 * and when one stops, the other's scrape shows it holding every branch.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, testConfig, writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { startServer, type RunningServer } from '../support/server.ts';

/** Samples of one family: `{labels}` → value. */
function samples(text: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))) out[m[1] ?? ''] = Number(m[2]);
  return out;
}

describe('lease ownership in the scrape of two processes on PostgreSQL', () => {
  let postgres: Engine;
  let dir: string;
  const apps: RunningServer[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const databaseUrl = await createDatabase(postgres.url, `t_${randomBytes(5).toString('hex')}`);
    const setup = writeTestSetup(testConfig());
    dir = setup.dir;
    for (let i = 0; i < 2; i++)
      apps.push(await startServer({ ...setup, databaseUrl, env: { YINGBIN_LEASE_SECONDS: '1.5' } }));
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.kill();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();

  it("reports each process's lease rounds as they happen and how long it took to start", async () => {
    for (const { url } of apps) {
      const first = samples(await scrape(url), 'yingbin_lease_round_seconds_count')['']!;
      expect(first).toBeGreaterThanOrEqual(1); // the first round is done before the process listens
      // A round every half second (a 1.5 s lease): the count goes on growing, each round with its duration.
      await expect
        .poll(async () => samples(await scrape(url), 'yingbin_lease_round_seconds_count')[''], { timeout: 10_000 })
        .toBeGreaterThan(first);
      expect(samples(await scrape(url), 'yingbin_lease_round_seconds_sum')['']).toBeGreaterThan(0);
      expect(samples(await scrape(url), 'yingbin_startup_seconds')['']).toBeGreaterThan(0);
    }
  });

  it('shows each branch owned by exactly one process, and the survivor owning all when the other stops', async () => {
    // The second process takes its fair share (one of the two branches) within a few lease rounds.
    await expect
      .poll(
        async () => {
          const [a, b] = await Promise.all(apps.map((x) => scrape(x.url)));
          return [samples(a!, 'yingbin_branch_lease_owned'), samples(b!, 'yingbin_branch_lease_owned')];
        },
        { timeout: 20_000, interval: 250 },
      )
      .toSatisfy(
        ([a, b]: Record<string, number>[]) =>
          ['t1', 't2'].every((t) => a![`{branch="${t}"}`]! + b![`{branch="${t}"}`]! === 1) &&
          Object.values(a!).reduce((n, v) => n + v, 0) === 1,
      );
    // What the scrape says is what the process believes.
    const ownedBranches = async (url: string) =>
      (await api(url).get<{ ownedBranches: string[] }>('/health')).body.ownedBranches;
    for (const { url } of apps) {
      const owned = samples(await scrape(url), 'yingbin_branch_lease_owned');
      const believed = await ownedBranches(url);
      for (const t of ['t1', 't2']) expect(owned[`{branch="${t}"}`], t).toBe(believed.includes(t) ? 1 : 0);
    }

    // A customer of t1: counted by t1's owner alone, so the sum over processes is the hall's one customer.
    expect((await api(apps[0]!.url).post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).status).toBe(201);
    const owner = (await ownedBranches(apps[0]!.url)).includes('t1') ? apps[0]! : apps[1]!;
    const other = apps.find((x) => x !== owner)!;
    await expect
      .poll(async () => samples(await scrape(owner.url), 'yingbin_open_visits'))
      .toEqual({
        '{branch="t1"}': 1,
      });
    expect(samples(await scrape(other.url), 'yingbin_open_visits')).toEqual({ '{branch="t2"}': 0 });

    // One stops: the other takes its branch over once the lease lapses.
    await apps[0]!.kill();
    await expect
      .poll(async () => samples(await scrape(apps[1]!.url), 'yingbin_branch_lease_owned'), {
        timeout: 20_000,
        interval: 250,
      })
      .toEqual({ '{branch="t1"}': 1, '{branch="t2"}': 1 });
    expect(samples(await scrape(apps[1]!.url), 'yingbin_open_visits')).toEqual({
      '{branch="t1"}': 1,
      '{branch="t2"}': 0,
    });
  });
});
