/**
 * The four kinds of channel, as each vendor documents its robot (DESIGN §8): the body, the signature and
 * how to read the reply. Pure: the time is passed in, nothing is sent here (the notifier sends).
 */
import { createHmac } from 'node:crypto';
import type { Channel, PostOutcome } from './channel.ts';
import { messageWords, type NotifyMessage } from './message.ts';

// The message's shape lives with its words (message.ts); it is part of this module's contract.
export type { NotifyLine, NotifyMessage } from './message.ts';

export interface OutgoingPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
const hmac = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8');

/** DingTalk's robot: s = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))), timestamp in ms. */
function dingtalkSign(secret: string, timestampMs: number): string {
  return encodeURIComponent(hmac(secret, `${timestampMs}\n${secret}`).digest('base64'));
}

/** Feishu's robot: base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), timestamp in s. */
function feishuSign(secret: string, timestampSeconds: number): string {
  return hmac(`${timestampSeconds}\n${secret}`, '').digest('base64');
}

/** Yingbin's own webhook: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>, timestamp in s. */
function webhookSign(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${hmac(secret, `${timestampSeconds}.${body}`).digest('hex')}`;
}

const withQuery = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;

/**
 * What each robot takes in one message, in UTF-8 bytes, less a margin for the body around it: WeCom's
 * markdown 4,096, DingTalk's 20,000, Feishu's request 20 KB. A webhook takes what it is given.
 */
const MAX_BYTES: Record<Channel['kind'], number> = { wecom: 4000, dingtalk: 19_000, feishu: 19_000, webhook: Infinity };

/** The HTTP POST that delivers `message` to `channel`, signed at `nowMs`. */
export function buildPost(channel: Channel, message: NotifyMessage, nowMs: number): OutgoingPost {
  const words = messageWords(message, MAX_BYTES[channel.kind]);
  const seconds = Math.floor(nowMs / 1000);
  switch (channel.kind) {
    case 'dingtalk': {
      const body = JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: words.title, text: words.markdown },
      });
      const url = channel.secret
        ? withQuery(channel.url, `timestamp=${nowMs}&sign=${dingtalkSign(channel.secret, nowMs)}`)
        : channel.url;
      return { url, headers: { ...JSON_HEADERS }, body };
    }
    case 'wecom': {
      // WeCom's markdown has no title field: the title is the first line, as a heading.
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: words.markdown } });
      return { url: channel.url, headers: { ...JSON_HEADERS }, body };
    }
    case 'feishu': {
      const signed = channel.secret ? { timestamp: String(seconds), sign: feishuSign(channel.secret, seconds) } : {};
      const body = JSON.stringify({ ...signed, msg_type: 'text', content: { text: words.plain } });
      return { url: channel.url, headers: { ...JSON_HEADERS }, body };
    }
    case 'webhook': {
      const body = JSON.stringify(webhookBody(message, words.plain));
      const headers: Record<string, string> = { ...JSON_HEADERS, 'X-Yingbin-Timestamp': String(seconds) };
      if (channel.secret) headers['X-Yingbin-Signature'] = webhookSign(channel.secret, seconds, body);
      return { url: channel.url, headers, body };
    }
  }
}

/** `{alerts: […]}` for programs: every alert with its fields, and the words a person would read. */
function webhookBody(message: NotifyMessage, text: string) {
  return {
    alerts: message.lines.map((l) => ({
      id: l.alertId,
      event: message.event,
      branch: message.branch,
      ticket: l.ticket,
      ruleName: l.ruleName,
      waitedSeconds: l.waitedSeconds,
      late: l.late,
    })),
    event: message.event,
    ...(message.title ? { title: message.title } : {}),
    branch: message.branch,
    branchName: message.branchName.zh,
    branchNameEn: message.branchName.en,
    text,
    wallUrl: message.wallUrl,
  };
}

const MAX_REASON = 200;
const short = (s: string) => (s.length > MAX_REASON ? `${s.slice(0, MAX_REASON)}…` : s);

/**
 * Whether the vendor took the post: any HTTP error fails it; DingTalk and WeCom answer 200 with a non-zero
 * `errcode` when they refuse (a bad signature, the robot's rate limit), Feishu with a non-zero `code`
 * (older robots: `StatusCode`). A webhook is taken on any 2xx.
 */
export function judgeReply(channel: Channel, status: number, bodyText: string): PostOutcome {
  if (status < 200 || status > 299) {
    const detail = bodyText.trim() ? `: ${short(bodyText.trim())}` : '';
    return { ok: false, reason: `HTTP ${status}${detail}` };
  }
  if (channel.kind === 'webhook') return { ok: true };
  let reply: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    reply = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, reason: `HTTP ${status} but the reply is not the robot's JSON: ${short(bodyText.trim())}` };
  }
  const [codeField, messageField] =
    channel.kind === 'feishu'
      ? reply.code !== undefined
        ? ['code', 'msg']
        : ['StatusCode', 'StatusMessage']
      : ['errcode', 'errmsg'];
  const code = reply[codeField];
  if (code === 0) return { ok: true };
  if (code === undefined) return { ok: false, reason: `the reply has no ${codeField}: ${short(bodyText.trim())}` };
  const said = reply[messageField];
  return {
    ok: false,
    reason: `${codeField} ${JSON.stringify(code)}${typeof said === 'string' && said ? `: ${short(said)}` : ''}`,
  };
}
