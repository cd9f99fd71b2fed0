/**
 * For the notification tests (tests/integration/notify-*.test.ts): a test configuration with channels,
 * check-ins that fall due in a second, and the tickets a robot's post names.
 */
import { api } from './api.ts';
import { KIOSK_TOKEN, OTHER_KIOSK_TOKEN, testConfig } from './config.ts';
import type { ReceivedPost } from './receivers.ts';

export interface TestChannel {
  id: string;
  kind: 'dingtalk' | 'wecom' | 'feishu' | 'webhook';
  url: string;
  secret?: string;
  branches?: string[];
  events?: string[];
}

/** The test branches (t1, t2) with a 1 s reception rule (no warnings unless asked) and these channels. */
export function notifyConfig(
  channels: TestChannel[],
  o: { wait?: number; interval?: number; escalateAfterMinutes?: number; warnAt?: number[] } = {},
) {
  const config = testConfig({
    receptionSeconds: 1,
    warnAt: o.warnAt ?? [0.5],
    extra: {
      alerts: { escalateAfterMinutes: o.escalateAfterMinutes ?? 0 },
      notify: { channels, groupWaitSeconds: o.wait ?? 0.3, groupIntervalSeconds: o.interval ?? 0 },
    },
  });
  // The second branch clocks as fast as the first.
  const t2 = config.branches[1] as Record<string, unknown>;
  t2.rules = { reception: { targetSeconds: 1, warnAt: o.warnAt ?? [0.5] } };
  return config;
}

/** Checks `n` customers in at a branch's kiosk; their tickets, in order (t1's start A, t2's B: never alike). */
export async function checkIns(url: string, n: number, branch: 't1' | 't2' = 't1'): Promise<string[]> {
  const http = api(url);
  const tickets: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await http.post(
      `/branches/${branch}/visits`,
      { line: branch === 't1' ? 'property' : 'life' },
      branch === 't1' ? KIOSK_TOKEN : OTHER_KIOSK_TOKEN,
    );
    if (r.status !== 201 && r.status !== 200)
      throw new Error(`check-in refused: ${r.status} ${JSON.stringify(r.body)}`);
    tickets.push(r.body.visit.ticket as string);
  }
  return tickets;
}

/** The tickets one post names (each once, though a post may name a ticket in Chinese and in English). */
export function ticketsOf(post: ReceivedPost): string[] {
  // Read in the body's strings, not the raw JSON: there "\nA001" would hide a ticket after an escape.
  const text = post.body === null ? post.raw : stringsOf(post.body).join('\n');
  return [...new Set(text.match(/\b[A-Z]\d{3}\b/g) ?? [])].sort();
}

function stringsOf(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(stringsOf);
  // Feishu's base64 `sign` could hold a ticket-like run of characters by chance.
  if (typeof x === 'object' && x !== null)
    return Object.entries(x).flatMap(([k, v]) => (k === 'sign' ? [] : stringsOf(v)));
  return [];
}

/** How many posts named each ticket. */
export function ticketCounts(posts: readonly ReceivedPost[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of posts) for (const t of ticketsOf(p)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
