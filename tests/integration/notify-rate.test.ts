/**
 * A channel gets at most 20 posts in any minute (the chat robots' limit, DESIGN §8): 60 breaches that
 * fall due one after another over two branches, with no grouping wait, would make far more posts; the
 * server makes 20, then merges the rest into the post after the minute — every ticket delivered, once.
 * Takes a little over a minute of real time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkIns, notifyConfig, sleep, ticketCounts } from '../support/notify.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer | undefined;
let robot: Receiver | undefined;

afterAll(async () => {
  await server?.kill();
  await robot?.close();
});

describe('the rate limit of a channel', () => {
  it('makes at most 20 posts a minute and merges the rest: 60 breaches, every ticket delivered once', async () => {
    robot = await startReceiver('dingtalk', { secret: 'SEC-rate-limit-0001' });
    server = await startServer({
      config: notifyConfig(
        [{ id: 'hall', kind: 'dingtalk', url: robot.url, secret: 'SEC-rate-limit-0001', events: ['breach'] }],
        {
          wait: 0,
          interval: 0,
        },
      ),
    });
    // When each post arrived, seen by polling the receiver.
    const arrivals: number[] = [];
    const watch = setInterval(() => {
      while (arrivals.length < robot!.posts.length) arrivals.push(Date.now());
    }, 20);
    try {
      const tickets: string[] = [];
      for (let i = 0; i < 60; i++) {
        tickets.push(...(await checkIns(server.url, 1, i % 2 === 0 ? 't1' : 't2')));
        await sleep(150);
      }
      expect(new Set(tickets).size).toBe(60);
      // Every ticket arrives: the last ones only once the first post's minute has passed.
      const deadline = Date.now() + 90_000;
      while (ticketCounts(robot.posts).size < 60 && Date.now() < deadline) await sleep(200);
      await sleep(1000);
      const counts = ticketCounts(robot.posts);
      expect([...counts.keys()].sort()).toEqual([...tickets].sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(robot.posts.every((p) => p.verified)).toBe(true);

      // The limit held in every minute, and it did bite: 20 posts, then the rest merged.
      for (const start of arrivals) {
        expect(arrivals.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(20);
      }
      expect(arrivals.filter((t) => t < arrivals[0]! + 59_000)).toHaveLength(20);
      expect(robot.posts.length).toBeLessThan(60);
    } finally {
      clearInterval(watch);
    }
  }, 150_000);
});
