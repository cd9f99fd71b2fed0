/**
 * Each vendor's post (server/notify/vendors.ts) sent over real HTTP to a receiver that checks it the way
 * the vendor documents it (tests/support/receivers.ts): DingTalk's and Feishu's signatures, WeCom's key,
 * the webhook's HMAC. A wrong secret is refused by the receiver, and the reply read as a failure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, ChannelKind } from '../../server/notify/channel.ts';
import { wallLink } from '../../server/notify/message.ts';
import { buildPost, judgeReply, type NotifyLine, type NotifyMessage } from '../../server/notify/vendors.ts';
import { startReceiver, type Receiver } from '../support/receivers.ts';

const lines: NotifyLine[] = [
  {
    alertId: 'a1',
    ticket: 'A003',
    ruleName: { zh: '5分钟接待', en: 'Greeted within 5 minutes' },
    waitedSeconds: 372,
    late: false,
  },
  {
    alertId: 'a2',
    ticket: 'V001',
    ruleName: { zh: 'VIP 3分钟专人接待', en: 'VIP host within 3 minutes' },
    waitedSeconds: 185,
    late: true,
  },
];
const breach: NotifyMessage = {
  event: 'breach',
  branch: 't1',
  branchName: { zh: '测试营业厅', en: 'Test Hall' },
  lines,
  text: null,
  wallUrl: 'http://hall.yingbin.test:8080/wall/?branch=t1',
};

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(kind: ChannelKind, opts: Parameters<typeof startReceiver>[1] = {}): Promise<Receiver> {
  const r = await startReceiver(kind, opts);
  receivers.push(r);
  return r;
}

const channel = (kind: ChannelKind, url: string, secret: string | null): Channel => ({
  id: `${kind}-1`,
  kind,
  url,
  secret,
  branches: null,
  events: null,
});

/** Sends the post as the notifier would: one real HTTP POST, the reply judged. */
async function send(c: Channel, message: NotifyMessage = breach) {
  const post = buildPost(c, message, Date.now());
  const res = await fetch(post.url, { method: 'POST', headers: post.headers, body: post.body });
  return { post, outcome: judgeReply(c, res.status, await res.text()) };
}

/** The words a person reads in the post, whatever the vendor's body. */
function wordsOf(kind: ChannelKind, body: unknown): string {
  const b = body as Record<string, any>;
  if (kind === 'dingtalk') return `${b.markdown.title}\n${b.markdown.text}`;
  if (kind === 'wecom') return b.markdown.content;
  if (kind === 'feishu') return b.content.text;
  return b.text;
}

describe('the four vendors, each checked by its own receiver', () => {
  const SECRET = 'SECa1b2c3d4e5f6a7b8c9d0';
  for (const kind of ['dingtalk', 'feishu', 'webhook'] as const) {
    it(`${kind}: a signed post is verified and taken; a wrong secret is refused and read as a failure`, async () => {
      const r = await receiver(kind, { secret: SECRET });
      const good = await send(channel(kind, r.url, SECRET));
      expect(r.posts[0]).toMatchObject({ verified: true, problem: null });
      expect(good.outcome).toEqual({ ok: true });

      const bad = await send(channel(kind, r.url, 'SECwrong-secret-0000000'));
      expect(r.posts[1]!.verified).toBe(false);
      expect(bad.outcome.ok).toBe(false);
    });
  }

  it('wecom: the key in the URL is the robot; another key is refused with errcode 93000', async () => {
    const r = await receiver('wecom', { secret: 'b5e8c2d4-1111-2222-3333-444455556666' });
    expect((await send(channel('wecom', r.url, null))).outcome).toEqual({ ok: true });
    const wrong = r.url.replace(/key=[^&]+/, 'key=00000000-1111-2222-3333-444455556666');
    const bad = await send(channel('wecom', wrong, null));
    expect(r.posts.map((p) => p.verified)).toEqual([true, false]);
    expect(bad.outcome).toEqual({ ok: false, reason: 'errcode 93000: invalid webhook url' });
  });

  it('the bodies are as DESIGN §8 writes them', async () => {
    const d = buildPost(
      channel('dingtalk', 'http://127.0.0.1:9/robot/send?access_token=t', 's'),
      breach,
      1_700_000_000_123,
    );
    expect(JSON.parse(d.body)).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: expect.any(String), text: expect.any(String) },
    });
    expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/robot\/send\?access_token=t&timestamp=1700000000123&sign=[^&]+$/);
    const w = buildPost(channel('wecom', 'http://127.0.0.1:9/cgi-bin/webhook/send?key=k', null), breach, 0);
    expect(JSON.parse(w.body)).toEqual({ msgtype: 'markdown', markdown: { content: expect.any(String) } });
    const f = buildPost(
      channel('feishu', 'http://127.0.0.1:9/open-apis/bot/v2/hook/x', 's'),
      breach,
      1_700_000_000_999,
    );
    expect(JSON.parse(f.body)).toEqual({
      timestamp: '1700000000',
      sign: expect.any(String),
      msg_type: 'text',
      content: { text: expect.any(String) },
    });
    const h = buildPost(channel('webhook', 'http://127.0.0.1:9/hook', 's'), breach, 1_700_000_000_999);
    expect(h.headers['X-Yingbin-Timestamp']).toBe('1700000000');
    expect(h.headers['X-Yingbin-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(h.body).alerts).toEqual([
      expect.objectContaining({ id: 'a1', ticket: 'A003', waitedSeconds: 372, late: false }),
      expect.objectContaining({ id: 'a2', ticket: 'V001', waitedSeconds: 185, late: true }),
    ]);
  });

  for (const kind of ['dingtalk', 'wecom', 'feishu', 'webhook'] as const) {
    it(`${kind}: the post names every ticket, its wait and rule, Chinese first, and links the wall`, async () => {
      const r = await receiver(kind, { secret: kind === 'wecom' ? undefined : SECRET });
      await send(channel(kind, r.url, kind === 'wecom' ? null : SECRET));
      const words = wordsOf(kind, r.posts[0]!.body);
      for (const part of [
        'A003 等候 6分12秒（5分钟接待）',
        'V001 等候 3分5秒（VIP 3分钟专人接待，延迟送达）',
        'A003 waited 6 min 12 s (Greeted within 5 minutes)',
        'V001 waited 3 min 5 s (VIP host within 3 minutes, sent late)',
        '【超时】测试营业厅',
        'Breach · Test Hall',
        'http://hall.yingbin.test:8080/wall/?branch=t1',
      ])
        expect(words).toContain(part);
      expect(words.indexOf('等候')).toBeLessThan(words.indexOf('waited'));
    });
  }

  it('webhook: the body names the hall in both languages beside its id', async () => {
    const r = await receiver('webhook');
    await send(channel('webhook', r.url, null));
    expect(r.posts[0]!.body).toMatchObject({ branch: 't1', branchName: '测试营业厅', branchNameEn: 'Test Hall' });
  });

  it('a long group stays within what the robot takes (WeCom: 4,096 bytes), naming its first tickets and how many more', async () => {
    const r = await receiver('wecom');
    const many: NotifyMessage = {
      ...breach,
      lines: Array.from({ length: 200 }, (_, i) => ({
        ...lines[0]!,
        alertId: `a${i}`,
        ticket: `A${String(i + 1).padStart(3, '0')}`,
      })),
    };
    expect((await send(channel('wecom', r.url, null), many)).outcome).toEqual({ ok: true });
    const content = (r.posts[0]!.body as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content).toContain('200位客户等候超时');
    expect(content).toContain('A001 等候 6分12秒');
    const shown = (content.match(/^- A\d{3} 等候/gm) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(content).toContain(`另有 ${200 - shown} 位客户，详见大堂看板`);
    expect(content).toContain(`and ${200 - shown} more — see the wall`);
    expect(content).toContain('http://hall.yingbin.test:8080/wall/?branch=t1');
  });

  it('the wall link is the public address’s /wall/ for the branch, or none when no address is set', () => {
    expect(wallLink('http://hall.yingbin.test:8080', 't1')).toBe('http://hall.yingbin.test:8080/wall/?branch=t1');
    expect(wallLink(null, 't1')).toBeNull();
  });

  it('a digest or test message says its text, Chinese then English, with no wall link when none is set', async () => {
    const r = await receiver('feishu');
    const digest: NotifyMessage = {
      ...breach,
      event: 'digest',
      lines: [],
      text: { zh: '今日达标率 97.5%', en: 'Compliance today 97.5%' },
      wallUrl: null,
    };
    await send(channel('feishu', r.url, null), digest);
    const words = wordsOf('feishu', r.posts[0]!.body);
    expect(words).toBe('【日报】测试营业厅\n今日达标率 97.5%\n\nDaily digest · Test Hall\nCompliance today 97.5%');
  });
});

describe('reading the reply', () => {
  const c = (kind: ChannelKind) => channel(kind, 'http://127.0.0.1:9/x', null);
  it('an HTTP error or a non-zero errcode / code is a failure that says why', () => {
    expect(judgeReply(c('webhook'), 500, 'boom')).toEqual({ ok: false, reason: 'HTTP 500: boom' });
    expect(judgeReply(c('webhook'), 204, '')).toEqual({ ok: true });
    expect(judgeReply(c('dingtalk'), 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(judgeReply(c('dingtalk'), 200, '{"errcode":130101,"errmsg":"send too fast"}')).toEqual({
      ok: false,
      reason: 'errcode 130101: send too fast',
    });
    expect(judgeReply(c('wecom'), 200, '{"errcode":45009,"errmsg":"api freq out of limit"}').ok).toBe(false);
    expect(judgeReply(c('feishu'), 200, '{"code":0,"msg":"success"}')).toEqual({ ok: true });
    expect(judgeReply(c('feishu'), 200, '{"code":9499,"msg":"too many request"}')).toEqual({
      ok: false,
      reason: 'code 9499: too many request',
    });
    expect(judgeReply(c('feishu'), 200, '<html>proxy</html>').ok).toBe(false);
  });

  it('the receivers fail the first posts when told to, as HTTP 500 or as the vendor’s code', async () => {
    const r = await receiver('dingtalk', { failFirst: 2, failAs: 'code' });
    const h = await receiver('webhook', { failFirst: 1 });
    const outcomes = [await send(channel('dingtalk', r.url, null)), await send(channel('dingtalk', r.url, null))];
    expect(outcomes.map((o) => o.outcome.ok)).toEqual([false, false]);
    expect((await send(channel('dingtalk', r.url, null))).outcome).toEqual({ ok: true });
    expect((await send(channel('webhook', h.url, null))).outcome).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^HTTP 500/),
    });
    expect((await send(channel('webhook', h.url, null))).outcome).toEqual({ ok: true });
    expect([...r.posts, ...h.posts].every((p) => p.verified)).toBe(true);
  });
});
