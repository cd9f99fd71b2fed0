/**
 * The outbox's rules on a real store (a SQLite file, or PostgreSQL under `npm run test:postgres`), with
 * the instants passed in — the outbox takes `now` as an argument, so an hour of retries takes no hour:
 * backoff and giving up, the rate budget shared by two claimers, a claim that runs out and is taken
 * over, and the group wait and interval.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox, type NewRow } from '../../server/notify/outbox.ts';
import { openStore } from '../../server/store/db.ts';
import type { Sql } from '../../server/store/sql.ts';
import { writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { TEST_STORE } from '../support/server.ts';

let engine: Engine | undefined;
const stores: Sql[] = [];

beforeAll(async () => {
  if (TEST_STORE === 'postgres') engine = await startPostgres();
}, 120_000);

afterAll(async () => {
  for (const s of stores) await s.close();
  await engine?.stop();
});

async function freshStore(): Promise<Sql> {
  const sql = engine
    ? await openStore({
        dbPath: '',
        databaseUrl: await createDatabase(engine.url, `o_${randomBytes(5).toString('hex')}`),
      })
    : await openStore({ dbPath: writeTestSetup({}).dbPath });
  stores.push(sql);
  return sql;
}

const T0 = Date.UTC(2026, 10, 30, 2, 0, 0);
const NO_GROUPING = { groupWaitMs: 0, groupIntervalMs: 0 };

const breach = (ticket: string, notBefore: number, branch = 't1'): NewRow => ({
  channel: 'hall',
  branch,
  event: 'breach',
  key: `visit-${ticket}:reception:breach`,
  visitId: `visit-${ticket}`,
  rule: 'reception',
  data: {
    line: {
      alertId: `visit-${ticket}:reception:breach`,
      ticket,
      ruleName: { zh: '5分钟接待', en: 'Greeted within 5 minutes' },
      waitedSeconds: 300,
      late: false,
    },
  },
  notBefore,
});

const message = (key: string): NewRow => ({
  channel: 'hall',
  branch: 't1',
  event: 'digest',
  key,
  visitId: null,
  rule: null,
  data: { message: { text: { zh: key, en: key }, lines: [] } },
  notBefore: T0,
});

const ticketsOf = (post: { rows: { data: unknown }[] }) =>
  post.rows.map((r) => (r.data as { line: { ticket: string } }).line.ticket);

describe('the notification outbox', () => {
  it('keeps one row per channel and alert, however often the alert is heard', async () => {
    const outbox = new Outbox(await freshStore());
    expect(await outbox.add([breach('A001', T0)], T0)).toBe(1);
    expect(await outbox.add([breach('A001', T0)], T0 + 10)).toBe(0);
    const posts = await outbox.claim('hall', NO_GROUPING, T0 + 20, T0 + 15_020);
    expect(posts.map(ticketsOf)).toEqual([['A001']]);
    await outbox.markSent(posts[0]!, T0 + 30);
    // Heard again after it was sent (a takeover's resend): still nothing new to send.
    expect(await outbox.add([breach('A001', T0 + 40)], T0 + 40)).toBe(0);
    expect(await outbox.claim('hall', NO_GROUPING, T0 + 50, T0 + 15_050)).toEqual([]);
  });

  it('retries a failed post after 5 s, 10 s, 20 s … at most 5 minutes, and gives it up an hour after its first attempt', async () => {
    const outbox = new Outbox(await freshStore());
    await outbox.add([breach('A001', T0)], T0);
    let now = T0;
    let post = (await outbox.claim('hall', NO_GROUPING, now, now + 15_000))[0]!;
    const waits: number[] = [];
    for (;;) {
      const dead = await outbox.markFailed(post, 'HTTP 500', now);
      if (dead.length > 0) {
        expect(dead).toEqual(['A001']);
        break;
      }
      const wait = Math.min(5_000 * 2 ** waits.length, 300_000);
      // Not a millisecond before its backoff has passed, and at once when it has.
      expect(await outbox.claim('hall', NO_GROUPING, now + wait - 1, now + wait + 15_000)).toEqual([]);
      now += wait;
      post = (await outbox.claim('hall', NO_GROUPING, now, now + 15_000))[0]!;
      expect(ticketsOf(post)).toEqual(['A001']);
      waits.push(wait / 1000);
    }
    expect(waits.slice(0, 8)).toEqual([5, 10, 20, 40, 80, 160, 300, 300]);
    expect(now - T0).toBeGreaterThanOrEqual(3_600_000);
    expect(now - T0).toBeLessThan(3_600_000 + 300_000);
    // Dead: never claimed again; its last post says it gave one up.
    expect(await outbox.claim('hall', NO_GROUPING, now + 600_000, now + 615_000)).toEqual([]);
    const [last] = await outbox.posts('hall', 1);
    expect(last).toMatchObject({ state: 'failed', ok: false, dead: 1, reason: 'HTTP 500' });
  });

  it('lets a channel make 20 posts in any 61 s, counted in the store for every claimer', async () => {
    const sql = await freshStore();
    const [one, other] = [new Outbox(sql), new Outbox(sql)]; // two processes' outboxes on one store
    await one.add(
      Array.from({ length: 30 }, (_, i) => message(`m${i}`)),
      T0,
    );
    const first = await one.claim('hall', NO_GROUPING, T0, T0 + 15_000);
    expect(first).toHaveLength(20);
    expect(await other.claim('hall', NO_GROUPING, T0 + 1, T0 + 15_001)).toEqual([]);
    for (const p of first) await one.markSent(p, T0 + 100);
    expect(await other.claim('hall', NO_GROUPING, T0 + 60_999, T0 + 75_999)).toEqual([]);
    expect(await other.claim('hall', NO_GROUPING, T0 + 61_000, T0 + 76_000)).toHaveLength(10);
  });

  it("takes over a claim that ran out; the late claimer's answer then changes nothing", async () => {
    const outbox = new Outbox(await freshStore());
    await outbox.add([breach('A001', T0)], T0);
    const [stalled] = await outbox.claim('hall', NO_GROUPING, T0, T0 + 15_000);
    expect(await outbox.claim('hall', NO_GROUPING, T0 + 14_999, T0 + 29_999)).toEqual([]);
    const [taken] = await outbox.claim('hall', NO_GROUPING, T0 + 15_000, T0 + 30_000);
    expect(ticketsOf(taken!)).toEqual(['A001']);
    await outbox.markFailed(stalled!, 'no reply within 5 s', T0 + 15_500); // its token is no longer the rows'
    await outbox.markSent(taken!, T0 + 16_000);
    expect(await outbox.claim('hall', NO_GROUPING, T0 + 100_000, T0 + 115_000)).toEqual([]);
    const history = await outbox.posts('hall', 5);
    expect(history.map((h) => h.state).sort()).toEqual(['failed', 'sent']);
    expect(history.find((h) => h.state === 'failed')!.dead).toBe(0);
  });

  it('groups a branch and event from its first row for the wait, then at the interval after its last post', async () => {
    const outbox = new Outbox(await freshStore());
    const times = { groupWaitMs: 1000, groupIntervalMs: 5000 };
    await outbox.add([breach('A001', T0 + 1000)], T0);
    await outbox.add([breach('A002', T0 + 1500)], T0 + 500);
    await outbox.add([breach('B001', T0 + 1800, 't2')], T0 + 800);
    expect(await outbox.claim('hall', times, T0 + 999, T0 + 16_000)).toEqual([]);
    const first = await outbox.claim('hall', times, T0 + 1000, T0 + 16_000);
    expect(first.map(ticketsOf)).toEqual([['A001', 'A002']]);
    await outbox.markSent(first[0]!, T0 + 1010);
    const second = await outbox.claim('hall', times, T0 + 1800, T0 + 16_800);
    expect(second.map(ticketsOf)).toEqual([['B001']]); // another branch: its own group and wait
    await outbox.markSent(second[0]!, T0 + 1810);
    // t1 posted at +1 s: what comes next waits for +6 s, not a fresh wait of its own.
    await outbox.add([breach('A003', T0 + 3000)], T0 + 2000);
    expect(await outbox.claim('hall', times, T0 + 5999, T0 + 20_000)).toEqual([]);
    expect((await outbox.claim('hall', times, T0 + 6000, T0 + 21_000)).map(ticketsOf)).toEqual([['A003']]);
  });

  it('drops the rows of an acknowledged alert and of a resolved clock that were not sent yet', async () => {
    const outbox = new Outbox(await freshStore());
    await outbox.add([breach('A001', T0), breach('A002', T0), breach('A003', T0)], T0);
    expect(await outbox.dropAlert('visit-A001:reception:breach')).toBe(1);
    expect(await outbox.dropResolved('visit-A002', 'reception')).toBe(1);
    expect((await outbox.claim('hall', NO_GROUPING, T0, T0 + 15_000)).map(ticketsOf)).toEqual([['A003']]);
  });
  it('forgets finished rows and posts older than the cut, and keeps the rest and every unsent row', async () => {
    const outbox = new Outbox(await freshStore());
    const DAY = 24 * 3_600_000;
    const old = T0 - 31 * DAY;
    await outbox.add([breach('A001', old)], old);
    await outbox.markSent((await outbox.claim('hall', NO_GROUPING, old, old + 15_000))[0]!, old + 10);
    await outbox.add([breach('A002', T0)], T0);
    await outbox.markSent((await outbox.claim('hall', NO_GROUPING, T0, T0 + 15_000))[0]!, T0 + 10);
    await outbox.add([breach('A003', T0 + 1)], T0 + 1); // still waiting for its turn

    expect(await outbox.prune(T0 - 30 * DAY)).toBe(2); // A001's row and its post
    expect((await outbox.posts('hall', 10)).map((p) => p.tickets)).toEqual([['A002']]);
    // The kept rows still hold their keys: A002 is not sent again, A003 still goes.
    expect(await outbox.add([breach('A002', T0 + 2)], T0 + 2)).toBe(0);
    const next = await outbox.claim('hall', NO_GROUPING, T0 + 61_000, T0 + 76_000);
    expect(next.map(ticketsOf)).toEqual([['A003']]);
  });
});
