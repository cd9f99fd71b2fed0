/**
 * Sends a post at once and remembers each channel's last posts in memory: what the channels page needs
 * (ChannelHistory) until the notifier (server/notify/notifier.ts, s18engine) keeps the history in its
 * outbox and takes this place in server/app.ts.
 */
import type { Channel, ChannelHistory, ChannelPost, PostOutcome } from './channel.ts';
import { buildPost, judgeReply, type NotifyMessage } from './vendors.ts';

const KEEP = 50;
const TIMEOUT_MS = 10_000;

const TEST_TITLE = { zh: '测试消息', en: 'Test message' };

export class DirectPosts implements ChannelHistory {
  private readonly posts = new Map<string, ChannelPost[]>();
  private readonly failed = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly branchName: (branch: string) => string,
  ) {}

  history(channelId: string, n: number): Promise<ChannelPost[]> {
    return Promise.resolve((this.posts.get(channelId) ?? []).slice(0, n));
  }

  failures(channelId: string): Promise<number> {
    return Promise.resolve(this.failed.get(channelId) ?? 0);
  }

  /** As the notifier makes it: headed with the channel's first branch (or the product for all branches). */
  async sendTest(channel: Channel, text: { zh: string; en: string }): Promise<PostOutcome> {
    const branch = channel.branches?.[0] ?? '';
    const message: NotifyMessage = {
      event: 'digest',
      branch,
      branchName: branch ? this.branchName(branch) : '迎宾 Yingbin',
      lines: [],
      text,
      wallUrl: null,
      title: TEST_TITLE,
    };
    const at = this.now();
    const outcome = await send(channel, message, at);
    const list = this.posts.get(channel.id) ?? [];
    list.unshift({
      at: new Date(at).toISOString(),
      event: 'test',
      alerts: 0,
      ok: outcome.ok,
      reason: outcome.ok ? null : outcome.reason,
    });
    this.posts.set(channel.id, list.slice(0, KEEP));
    if (!outcome.ok) this.failed.set(channel.id, (this.failed.get(channel.id) ?? 0) + 1);
    return outcome;
  }
}

/** One POST, judged; a network error says what happened without the URL (it may hold the robot's key). */
async function send(channel: Channel, message: NotifyMessage, nowMs: number): Promise<PostOutcome> {
  const post = buildPost(channel, message, nowMs);
  try {
    const res = await fetch(post.url, {
      method: 'POST',
      headers: post.headers,
      body: post.body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return judgeReply(channel, res.status, await res.text());
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError') return { ok: false, reason: `no answer within ${TIMEOUT_MS / 1000} s` };
    return { ok: false, reason: `cannot reach the address (${err.cause?.code ?? err.name})` };
  }
}
