/**
 * Two Yingbin processes on one real PostgreSQL and Redis (tests/support/cluster.ts), both running a
 * dispatcher on the one outbox: every breach reaches the robot exactly once — also after the owner of
 * the branches is killed and the other takes them over (and hears again what the dead one had stored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startEngines, type Cluster, type Engines } from '../support/cluster.ts';
import { checkIns, notifyConfig, sleep, ticketCounts } from '../support/notify.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';

let engines: Engines;
let cluster: Cluster | undefined;
let robot: Receiver | undefined;

beforeAll(async () => {
  engines = await startEngines();
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await robot?.close();
  await engines?.stop();
});

async function delivered(tickets: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = ticketCounts(robot!.posts);
    if (tickets.every((t) => counts.has(t))) return;
    await sleep(200);
  }
}

describe('notifications from a two-process cluster', () => {
  it('delivers each breach exactly once, also across a takeover', async () => {
    robot = await startReceiver('feishu', { secret: 'feishu-cluster-0001' });
    cluster = await startCluster(engines, {
      processes: 2,
      config: notifyConfig(
        [{ id: 'hall', kind: 'feishu', url: robot.url, secret: 'feishu-cluster-0001', events: ['breach'] }],
        {
          wait: 0.3,
        },
      ),
    });
    const [a, b] = cluster.nodes;
    const tickets: string[] = [];
    for (let i = 0; i < 4; i++) {
      tickets.push(...(await checkIns(a!.url, 1, 't1')), ...(await checkIns(b!.url, 1, 't2')));
      tickets.push(...(await checkIns(b!.url, 1, 't1')), ...(await checkIns(a!.url, 1, 't2')));
    }
    await delivered(tickets, 20_000);

    // The first process owns both branches (it started first): kill it, check in at the other.
    await a!.kill('SIGKILL');
    const after = [...(await checkIns(b!.url, 3, 't1')), ...(await checkIns(b!.url, 3, 't2'))];
    tickets.push(...after);
    await delivered(tickets, 30_000);
    await sleep(2000);

    const counts = ticketCounts(robot.posts);
    expect([...counts.keys()].sort()).toEqual([...tickets].sort());
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(robot.posts.every((p) => p.verified)).toBe(true);
  }, 120_000);
});
