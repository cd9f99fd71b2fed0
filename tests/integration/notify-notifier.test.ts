/**
 * The Notifier's face for others (server/notify/notifier.ts) on a real store and real receivers: `send`
 * for a digest or a test message (once per key, to the channels routed or named), `history` and
 * `failures` as the channels page shows them, and the `onPost` hook the metrics count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Notifier } from '../../server/notify/notifier.ts';
import type { Channel, NotifySettings } from '../../server/notify/channel.ts';
import { openStore } from '../../server/store/db.ts';
import type { Sql } from '../../server/store/sql.ts';
import { writeTestSetup } from '../support/config.ts';
import { sleep } from '../support/notify.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';

const open: { notifier: Notifier; sql: Sql }[] = [];
const receivers: Receiver[] = [];

afterEach(async () => {
  for (const { notifier, sql } of open.splice(0)) {
    await notifier.stop();
    await sql.close();
  }
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function notifierFor(channels: Channel[]) {
  const { dbPath } = writeTestSetup({});
  const sql = await openStore({ dbPath });
  const settings: NotifySettings = { channels, groupWaitSeconds: 0.2, groupIntervalSeconds: 0, publicUrl: null };
  const posts: { channel: string; ok: boolean }[] = [];
  const notifier = new Notifier({
    sql,
    settings: () => settings,
    branchName: () => ({ zh: '测试营业厅', en: 'Test Hall' }),
    targetSeconds: () => 300,
    now: Date.now,
    onPost: (channel, ok) => void posts.push({ channel, ok }),
  });
  await notifier.start();
  open.push({ notifier, sql });
  return { notifier, posts };
}

const channel = (id: string, r: Receiver, kind: Channel['kind'], events: Channel['events'] = null): Channel => ({
  id,
  kind,
  url: r.url,
  secret: null,
  branches: null,
  events,
});

const digest = (text: string) => ({
  event: 'digest' as const,
  branch: 't1',
  branchName: { zh: '测试营业厅', en: 'Test Hall' },
  lines: [],
  text: { zh: text, en: text },
  wallUrl: null,
});

describe('the Notifier', () => {
  it('sends a digest once per key to the channels that ask for digests, and lists it in their history', async () => {
    const daily = await startReceiver('wecom', { secret: 'wecom-digest-key-01' });
    const alertsOnly = await startReceiver('dingtalk');
    receivers.push(daily, alertsOnly);
    const { notifier, posts } = await notifierFor([
      channel('daily', daily, 'wecom', ['digest']),
      channel('alerts', alertsOnly, 'dingtalk', ['breach']),
    ]);
    expect(await notifier.send(digest('日终小结：达标率 97.5%'), { key: 't1:2026-11-30' })).toEqual(['daily']);
    // The close of day run again (a takeover): the same key queues nothing new.
    await notifier.send(digest('日终小结：达标率 97.5%'), { key: 't1:2026-11-30' });
    const [post] = await daily.waitForPosts(1);
    expect(post!.verified, post!.problem ?? '').toBe(true);
    expect(post!.raw).toContain('日终小结');
    await sleep(1000);
    expect(daily.posts).toHaveLength(1);
    expect(alertsOnly.posts).toHaveLength(0);
    expect(posts).toEqual([{ channel: 'daily', ok: true }]);
    expect(await notifier.history('daily')).toEqual([
      expect.objectContaining({ event: 'digest', branch: 't1', ok: true, attempts: 1, reason: null, tickets: [] }),
    ]);
    expect(await notifier.failures('daily')).toBe(0);
  });

  it("posts the channels page's test message at once to that channel only, and answers how it went", async () => {
    const flaky = await startReceiver('dingtalk', { secret: 'SEC-test-button-01', failFirst: 1, failAs: 'code' });
    const other = await startReceiver('feishu');
    receivers.push(flaky, other);
    const flakyChannel = { ...channel('flaky', flaky, 'dingtalk'), secret: 'SEC-test-button-01' };
    const { notifier, posts } = await notifierFor([flakyChannel, channel('other', other, 'feishu')]);
    const words = { zh: '这是一条测试消息。', en: 'This is a test message.' };
    const refused = await notifier.sendTest(flakyChannel, words);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/errcode 130101/);
    expect(await notifier.sendTest(flakyChannel, words)).toEqual({ ok: true });
    expect(flaky.posts.map((p) => p.verified)).toEqual([true, true]);
    expect(JSON.stringify(flaky.posts[1]!.body)).toContain('测试消息');
    expect(other.posts).toHaveLength(0);
    expect(posts).toEqual([
      { channel: 'flaky', ok: false },
      { channel: 'flaky', ok: true },
    ]);
    const history = await notifier.history('flaky');
    expect(history.map((h) => [h.event, h.ok, h.alerts])).toEqual([
      ['test', true, 0],
      ['test', false, 0],
    ]);
    expect(history[1]!.reason).toMatch(/130101/);
    expect(await notifier.failures('flaky')).toBe(1);
  });

  it('retries a digest whose post failed, and shows both attempts in the history', async () => {
    const daily = await startReceiver('webhook', { secret: 'webhook-digest-01', failFirst: 1, failAs: 'http' });
    receivers.push(daily);
    const { notifier, posts } = await notifierFor([
      { ...channel('daily', daily, 'webhook'), secret: 'webhook-digest-01' },
    ]);
    await notifier.send(digest('日终小结'), { key: 't1:2026-11-30' });
    await daily.waitForPosts(2, 20_000); // the second after 5 s of backoff
    await sleep(500);
    expect(daily.posts.map((p) => [p.verified, p.status])).toEqual([
      [true, 500],
      [true, 200],
    ]);
    expect(posts.map((p) => p.ok)).toEqual([false, true]);
    const history = await notifier.history('daily');
    expect(history.map((h) => [h.state, h.attempts])).toEqual([
      ['sent', 2],
      ['failed', 1],
    ]);
    expect(history[1]!.reason).toMatch(/500/);
    expect(history[1]!.dead).toBe(0);
    expect(await notifier.failures('daily')).toBe(1);
  });
});
