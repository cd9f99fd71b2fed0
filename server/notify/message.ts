/**
 * The words of a post, Chinese first, then English: every ticket with how long its customer has waited and
 * the rule's configured name (never a fixed "5分钟"), and the link to the branch's wall. The same words go
 * out as markdown (DingTalk, WeCom) or plain text (Feishu, a webhook's `text`).
 */
import type { NotifyEvent } from './channel.ts';

type Bilingual = { zh: string; en: string };

/** One alert in a post: its ticket, how long the customer has waited, and the rule it is about. */
export interface NotifyLine {
  alertId: string;
  ticket: string;
  ruleName: { zh: string; en: string };
  waitedSeconds: number;
  /** The alert fired after its instant (the server was down, say): the post says so. */
  late: boolean;
}

export interface NotifyMessage {
  event: NotifyEvent;
  branch: string;
  /** The hall's configured name, each heading in its own language. */
  branchName: { zh: string; en: string };
  lines: NotifyLine[];
  /** A digest, a test message or a complaint's comment; null: the words are made from the lines. */
  text: { zh: string; en: string } | null;
  /** The branch's wall (`${publicUrl}/wall/?branch=ID`), linked at the end; null: no link. */
  wallUrl: string | null;
  /** A heading other than the event's (the channels page's test message: 测试消息 / Test message). */
  title?: { zh: string; en: string };
}

const EVENT_NAMES: Record<NotifyEvent, Bilingual> = {
  warning: { zh: '预警', en: 'Warning' },
  breach: { zh: '超时', en: 'Breach' },
  escalation: { zh: '超时升级', en: 'Escalation' },
  complaint: { zh: '投诉', en: 'Complaint' },
  digest: { zh: '日报', en: 'Daily digest' },
};

/** What the lines of an alert post say together, by event. */
const SUMMARY: Record<NotifyEvent, { zh: (n: number) => string; en: (n: number) => string }> = {
  warning: { zh: (n) => `${n}位客户即将超时：`, en: (n) => `${n} ${plural(n, 'customer')} close to the limit:` },
  breach: { zh: (n) => `${n}位客户等候超时：`, en: (n) => `${n} ${plural(n, 'customer')} waited too long:` },
  escalation: {
    zh: (n) => `${n}位客户超时未处理，已升级：`,
    en: (n) => `${n} ${plural(n, 'breach', 'breaches')} not handled, escalated:`,
  },
  complaint: { zh: (n) => `${n}条投诉：`, en: (n) => `${n} ${plural(n, 'complaint')}:` },
  digest: { zh: () => '', en: () => '' },
};

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** 372 → "6分12秒" / "6 min 12 s"; 45 → "45秒"; 3720 → "1小时2分". */
function waitedWords(seconds: number, lang: 'zh' | 'en'): string {
  const s = Math.max(0, Math.floor(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (lang === 'zh') {
    if (h > 0) return `${h}小时${m}分`;
    if (m > 0) return r > 0 ? `${m}分${r}秒` : `${m}分钟`;
    return `${r}秒`;
  }
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return r > 0 ? `${m} min ${r} s` : `${m} min`;
  return `${r} s`;
}

function lineWords(l: NotifyLine, lang: 'zh' | 'en'): string {
  const waited = waitedWords(l.waitedSeconds, lang);
  if (lang === 'zh') return `${l.ticket} 等候 ${waited}（${l.ruleName.zh}${l.late ? '，延迟送达' : ''}）`;
  return `${l.ticket} waited ${waited} (${l.ruleName.en}${l.late ? ', sent late' : ''})`;
}

interface Block {
  heading: string;
  /** Paragraphs before the list (the text of a digest, a test, a complaint's comment). */
  paragraphs: string[];
  items: string[];
}

function block(message: NotifyMessage, lang: 'zh' | 'en'): Block {
  const title = message.title?.[lang] ?? EVENT_NAMES[message.event][lang];
  const heading = lang === 'zh' ? `【${title}】${message.branchName.zh}` : `${title} · ${message.branchName.en}`;
  const paragraphs = message.text ? [message.text[lang]] : [];
  const n = message.lines.length;
  if (n > 0 && !message.text) paragraphs.push(SUMMARY[message.event][lang](n));
  return { heading, paragraphs, items: message.lines.map((l) => lineWords(l, lang)) };
}

export interface MessageWords {
  /** One line for a chat list's preview (DingTalk's markdown title). */
  title: string;
  markdown: string;
  plain: string;
}

const MORE = {
  zh: (n: number) => `另有 ${n} 位客户，详见大堂看板`,
  en: (n: number) => `and ${n} more — see the wall`,
};

/** The words with only the first `shown` lines of a long post, and how many more there are. */
function render(message: NotifyMessage, shown: number): MessageWords {
  const cut = (b: Block, lang: 'zh' | 'en'): Block => {
    const rest = b.items.length - shown;
    return rest > 0 ? { ...b, items: [...b.items.slice(0, shown), MORE[lang](rest)] } : b;
  };
  const zh = cut(block(message, 'zh'), 'zh');
  const en = cut(block(message, 'en'), 'en');
  const link = message.wallUrl;
  const markdown = [zh, en]
    .map((b) => [`### ${b.heading}`, ...b.paragraphs, b.items.map((i) => `- ${i}`).join('\n')])
    .flat()
    .filter((p) => p !== '');
  if (link) markdown.push(`[大堂看板 · Wall](${link})`);
  const plain = [zh, en]
    .map((b) => [b.heading, ...b.paragraphs, ...b.items].join('\n'))
    .concat(link ? [`大堂看板 · Wall: ${link}`] : []);
  return { title: `${zh.heading} ${en.heading}`, markdown: markdown.join('\n\n'), plain: plain.join('\n\n') };
}

const bytes = (w: MessageWords) => Math.max(Buffer.byteLength(w.markdown), Buffer.byteLength(w.plain));

/**
 * The words of `message` in both languages, Chinese first, within `maxBytes` (UTF-8) — a robot refuses a
 * longer message (WeCom's markdown takes 4,096 bytes) and a refused post would be retried in vain: a
 * long group names its first tickets and says how many more wait.
 */
export function messageWords(message: NotifyMessage, maxBytes = Infinity): MessageWords {
  let shown = message.lines.length;
  let words = render(message, shown);
  while (shown > 0 && bytes(words) > maxBytes) {
    shown = Math.min(shown - 1, Math.floor((shown * maxBytes) / bytes(words)));
    words = render(message, Math.max(shown, 0));
  }
  return words;
}

/** The link to a branch's wall in a post, when the configuration says where the server is reached. */
export function wallLink(publicUrl: string | null, branch: string): string | null {
  return publicUrl === null ? null : `${publicUrl}/wall/?branch=${encodeURIComponent(branch)}`;
}
