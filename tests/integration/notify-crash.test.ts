/**
 * A crash between the claim and the post loses nothing and sends nothing twice: the server is killed
 * (SIGKILL, by the test hook YINGBIN_TEST_CRASH_AFTER_NOTIFY_CLAIM) right after it claimed a post in the
 * store and before the HTTP call; restarted on the same store, it takes the claim over and the robot
 * gets the breach exactly once. On PostgreSQL the claim is taken over once it runs out (15 s).
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

async function down(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(`${url}/api/v1/health`);
    } catch {
      return true;
    }
    await sleep(100);
  }
  return false;
}

describe('a crash between claiming a post and sending it', () => {
  it('is sent exactly once after the restart', async () => {
    robot = await startReceiver('webhook', { secret: 'webhook-secret-0001' });
    const first = await startServer({
      config: notifyConfig([
        { id: 'ops', kind: 'webhook', url: robot.url, secret: 'webhook-secret-0001', events: ['breach'] },
      ]),
      env: { YINGBIN_TEST_CRASH_AFTER_NOTIFY_CLAIM: '1' },
    });
    server = first;
    const [ticket] = await checkIns(first.url, 1);
    // The breach falls due after 1 s, is claimed after the 0.3 s wait, and the process dies there.
    expect(await down(first.url, 15_000)).toBe(true);
    expect(robot.posts).toHaveLength(0);

    server = await first.restart();
    const [post] = await robot.waitForPosts(1, 30_000);
    expect(post!.verified, post!.problem ?? '').toBe(true);
    await sleep(2000);
    expect(robot.posts).toHaveLength(1);
    expect([...ticketCounts(robot.posts)]).toEqual([[ticket, 1]]);
  }, 60_000);
});
