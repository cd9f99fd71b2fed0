/**
 * Notification channels (DESIGN §8): what the configuration's top-level `notify` says, checked; which
 * channels an alert of a branch and event goes to; and how a channel's URL is shown without its key.
 * The posts themselves are made in vendors.ts; grouping, retries and the outbox are the notifier's.
 */
import { z } from 'zod';

export const NOTIFY_EVENTS = ['warning', 'breach', 'escalation', 'complaint', 'digest'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
const CHANNEL_KINDS = ['dingtalk', 'wecom', 'feishu', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface Channel {
  id: string;
  kind: ChannelKind;
  url: string;
  /** From the file or `YINGBIN_SECRET_<ID>` (the environment wins); never logged, never in a reply. */
  secret: string | null;
  /** null: every branch. */
  branches: string[] | null;
  /** null: every event. */
  events: NotifyEvent[] | null;
}

export interface NotifySettings {
  channels: Channel[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  /** Base of the wall link in a post (`${publicUrl}/wall/?branch=ID`); null: posts carry no link. */
  publicUrl: string | null;
}

/** The channels that take an alert of this branch and event, in the configuration's order. */
export function channelsFor(settings: NotifySettings, branch: string, event: NotifyEvent): Channel[] {
  return settings.channels.filter(
    (c) => (c.branches === null || c.branches.includes(branch)) && (c.events === null || c.events.includes(event)),
  );
}

// Messages here never quote the value: a URL may hold a robot's key, and a secret is a secret.
const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an http:// or https:// address');

const channelId = z
  .string('must be a text id')
  .min(1, 'must not be empty')
  .max(64, 'at most 64 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, _ . or -');

const channelSchema = z.strictObject({
  id: channelId,
  kind: z.enum(CHANNEL_KINDS, `must be one of ${CHANNEL_KINDS.join(', ')}`),
  url: httpUrl,
  secret: z.string('must be text').min(1, 'must not be empty').max(512, 'at most 512 characters').optional(),
  branches: z.array(z.string('must be a branch id')).min(1, 'name at least one branch, or leave it out').optional(),
  events: z
    .array(z.enum(NOTIFY_EVENTS, `must be one of ${NOTIFY_EVENTS.join(', ')}`))
    .min(1, 'name at least one event, or leave it out')
    .optional(),
});

/** The `notify` part of the configuration schema (server/config.ts); secrets are laid in by `settleNotify`. */
export const notifySchema = z
  .strictObject({
    channels: z.array(channelSchema).default([]),
    groupWaitSeconds: z.number().min(0).max(3600).default(10),
    groupIntervalSeconds: z.number().min(0).max(86_400).default(60),
    publicUrl: httpUrl.optional(),
  })
  .prefault({});

type NotifyFile = z.output<typeof notifySchema>;

/** `YINGBIN_SECRET_<CHANNEL_ID>`: the id upper-cased, every character but a letter or digit as `_`. */
export function secretVariable(channelId: string): string {
  return `YINGBIN_SECRET_${channelId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The checks a schema cannot make alone (ids unique, branches that exist), then each channel's secret:
 * the environment variable wins over the file, so an operator can keep secrets out of the file or
 * replace a leaked one without an edit. `fail` throws, naming the field.
 */
export function settleNotify(
  file: NotifyFile,
  branchIds: ReadonlySet<string>,
  env: Record<string, string | undefined>,
  fail: (field: string, why: string) => never,
): NotifySettings {
  const seen = new Set<string>();
  file.channels.forEach((c, i) => {
    if (seen.has(c.id)) fail(`notify.channels.${i}.id`, `"${c.id}" is used twice`);
    seen.add(c.id);
    c.branches?.forEach((b, j) => branchIds.has(b) || fail(`notify.channels.${i}.branches.${j}`, `no branch "${b}"`));
  });
  const variables = new Map<string, string>();
  file.channels.forEach((c, i) => {
    const name = secretVariable(c.id);
    const other = variables.get(name);
    if (other !== undefined) fail(`notify.channels.${i}.id`, `"${c.id}" and "${other}" would both read ${name}`);
    variables.set(name, c.id);
  });
  return {
    channels: file.channels.map((c) => ({
      id: c.id,
      kind: c.kind,
      url: c.url,
      secret: env[secretVariable(c.id)] || c.secret || null,
      branches: c.branches ?? null,
      events: c.events ?? null,
    })),
    groupWaitSeconds: file.groupWaitSeconds,
    groupIntervalSeconds: file.groupIntervalSeconds,
    publicUrl: file.publicUrl?.replace(/\/+$/, '') ?? null,
  };
}

const MASK = '****';
/** Shows the first characters of a key so a manager can tell robots apart; short values are hidden whole. */
const maskValue = (v: string) => (v.length > 8 ? `${v.slice(0, 4)}${MASK}` : MASK);

/**
 * The URL with what could let someone post in its place hidden: every query value (WeCom's `key`,
 * DingTalk's `access_token`), a password, and long token-like path segments (Feishu's hook id).
 */
export function maskUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return MASK;
  }
  if (u.password) u.password = MASK;
  for (const [name, value] of [...u.searchParams]) u.searchParams.set(name, maskValue(value));
  u.pathname = u.pathname
    .split('/')
    .map((s) => (s.length >= 16 && /\d/.test(s) ? maskValue(s) : s))
    .join('/');
  return u.toString();
}

/** How one post went: delivered, or why not (an HTTP status, the vendor's errcode, a network error). */
export type PostOutcome = { ok: true } | { ok: false; reason: string };

/** One post to a channel as the channels page shows it. */
export interface ChannelPost {
  /** When it was sent (ISO 8601). */
  at: string;
  /** The alerts' event, or `test` for the channels page's test message. */
  event: NotifyEvent | 'test';
  /** How many alerts it carried (0 for a digest or a test). */
  alerts: number;
  ok: boolean;
  /** Why it failed (never the secret or the URL's key); null when it went through or is still going. */
  reason: string | null;
  /** The tickets it named, when the notifier keeps them. */
  tickets?: string[];
  /** `sending`: on its way (ok is false until it is answered). */
  state?: 'sending' | 'sent' | 'failed';
}

/** What the channels page reads and asks of the notifier (server/routes/notify.ts). */
export interface ChannelHistory {
  /** The channel's last `n` posts, newest first. */
  history(channelId: string, n: number): Promise<ChannelPost[]>;
  /** How many of the channel's posts failed (each failed attempt counts). */
  failures(channelId: string): Promise<number>;
  /** Posts `text` to the channel now, past grouping and the rate limit, and records it in the history. */
  sendTest(channel: Channel, text: { zh: string; en: string }): Promise<PostOutcome>;
}
