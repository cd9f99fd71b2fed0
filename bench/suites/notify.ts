/**
 * 8. Notification channels (issue 18): 1,000 breaches in a minute over 50 halls, posted to 50 hall groups
 * (one channel per hall) and one regional group (every hall on one channel), each a signed webhook receiver
 * in this process. Every breach must reach its hall's channel and the regional one exactly once, no channel
 * may get more than 20 posts in any rolling minute (the robots' limit), and each channel's first post must
 * come within groupWaitSeconds + 1 s of its first breach. The floor of the first post's delay is the
 * configured group wait itself: the alert is held that long on purpose, for others to join it.
 */
import { startReceiver, type Receiver } from '../../tests/support/receivers.ts';
import { hallId, hallsConfig, kioskToken, writeSetup } from '../lib/halls.ts';
import { startBenchServer } from '../lib/server.ts';
import { distribution, summarize } from '../lib/stats.ts';
import type { Row } from '../lib/table.ts';

export interface NotifyOptions {
  halls: number;
  breaches: number;
  /** Over how long the breaches fall due. */
  windowMs: number;
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  /** Give up waiting for deliveries after this long past the last due breach. */
  drainMs: number;
}

export interface NotifyResult {
  rows: Row[];
  problems: string[];
}

const SECTION = '8 notify';
const TARGET_SECONDS = 2;
const SECRET = 'bench-webhook-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Watched {
  id: string;
  receiver: Receiver;
  /** Arrival time (epoch ms) of each post, by its index in `receiver.posts`. */
  at: number[];
  expected: Map<string, number>;
}

/** The alert ids in one webhook post. */
const alertIds = (body: unknown) => ((body as { alerts?: { id: string }[] } | null)?.alerts ?? []).map((a) => a.id);

/** The most posts that arrived in any 60 s window. */
function busiestMinute(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 60_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

export async function notifySuite(o: NotifyOptions, say: (s: string) => void): Promise<NotifyResult> {
  const problems: string[] = [];
  const halls = Array.from({ length: o.halls }, (_, i) => hallId(i));
  const hallReceivers = await Promise.all(halls.map(() => startReceiver('webhook', { secret: SECRET })));
  const region = await startReceiver('webhook', { secret: SECRET });
  const config = {
    ...hallsConfig({ halls: o.halls, receptionSeconds: TARGET_SECONDS, warnAt: [] }),
    notify: {
      groupWaitSeconds: o.groupWaitSeconds,
      groupIntervalSeconds: o.groupIntervalSeconds,
      channels: [
        ...halls.map((h, i) => ({
          id: `hall-${h}`,
          kind: 'webhook',
          url: hallReceivers[i]!.url,
          secret: SECRET,
          branches: [h],
          events: ['breach'],
        })),
        { id: 'region', kind: 'webhook', url: region.url, secret: SECRET, events: ['breach'] },
      ],
    },
  };
  const server = await startBenchServer(writeSetup(config), 'notify');
  const watched: Watched[] = [
    ...halls.map((h, i) => ({ id: `hall-${h}`, receiver: hallReceivers[i]!, at: [], expected: new Map() })),
    { id: 'region', receiver: region, at: [], expected: new Map() },
  ];
  // Stamp each post's arrival (the receivers run in this process; 5 ms is far below the 1 s bound).
  const stamp = setInterval(() => {
    const now = Date.now();
    for (const w of watched) while (w.at.length < w.receiver.posts.length) w.at.push(now);
  }, 5);

  try {
    // The breaches fall due evenly over the window: each check-in's reception clock runs out 2 s later.
    const started = Date.now();
    const gap = o.windowMs / o.breaches;
    for (let n = 0; n < o.breaches; n++) {
      const wait = started + n * gap - Date.now();
      if (wait > 0) await sleep(wait);
      const hall = halls[n % halls.length]!;
      const r = await fetch(`${server.url}/api/v1/branches/${hall}/visits`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${kioskToken(hall)}` },
        body: JSON.stringify({ line: 'life' }),
      });
      if (r.status !== 201) throw new Error(`check-in refused: ${r.status} ${await r.text()}`);
      const visit = ((await r.json()) as { visit: { id: string; rules: { id: string; dueAt: string }[] } }).visit;
      const due = Date.parse(visit.rules.find((c) => c.id === 'reception')!.dueAt);
      // The breach alert's id: the visit, the rule, the kind and its instant (server/scheduler.ts).
      const id = `${visit.id}:reception:breach:${due}`;
      watched[n % halls.length]!.expected.set(id, due);
      watched.at(-1)!.expected.set(id, due);
    }
    const lastDue = Math.max(...watched.at(-1)!.expected.values());
    say(`  ${o.breaches} breaches over ${o.halls} halls due within ${((lastDue - started) / 1000).toFixed(0)} s`);

    const delivered = (w: Watched) => new Set(w.receiver.posts.flatMap((p) => alertIds(p.body)));
    const allIn = () => watched.every((w) => [...w.expected.keys()].every((id) => delivered(w).has(id)));
    while (!allIn() && Date.now() < lastDue + o.drainMs) await sleep(100);
    const doneAt = Date.now();

    let missing = 0;
    let doubled = 0;
    let unverified = 0;
    const firstDelays: number[] = [];
    const minutes: number[] = [];
    for (const w of watched) {
      const seen = new Map<string, number>();
      w.receiver.posts.forEach((p) => alertIds(p.body).forEach((id) => seen.set(id, (seen.get(id) ?? 0) + 1)));
      for (const id of w.expected.keys()) if (!seen.has(id)) missing++;
      for (const [id, n] of seen) if (n > 1 || !w.expected.has(id)) doubled += n > 1 ? n - 1 : 1;
      unverified += w.receiver.posts.filter((p) => !p.verified).length;
      const firstDue = Math.min(...w.expected.values());
      if (w.at.length > 0) firstDelays.push(w.at[0]! - firstDue);
      minutes.push(busiestMinute(w.at));
    }
    const hallMinutes = minutes.slice(0, -1);
    const regionPosts = region.posts.length;
    const firstBound = (o.groupWaitSeconds + 1) * 1000;
    const delays = distribution(firstDelays);
    say(
      `  delivered: missing ${missing}, doubled ${doubled}, unverified ${unverified}; all in ${((doneAt - lastDue) / 1000).toFixed(1)} s after the last breach`,
    );
    say(
      `  first post after the channel's first breach: p50 ${delays.p50} ms, max ${delays.max} ms (bound ${firstBound} ms)`,
    );
    say(
      `  busiest minute: hall channels ≤ ${Math.max(...hallMinutes)} posts, regional ${minutes.at(-1)} posts (${regionPosts} posts in all for ${o.breaches} breaches)`,
    );
    if (missing > 0) problems.push(`${missing} breaches never reached a channel`);
    if (doubled > 0) problems.push(`${doubled} breaches posted twice (or to a wrong channel)`);
    if (unverified > 0) problems.push(`${unverified} posts failed the signature check`);
    if (Math.max(...minutes) > 20) problems.push(`a channel got ${Math.max(...minutes)} posts in one minute`);
    if (delays.max > firstBound) problems.push(`a first post came ${delays.max} ms after its breach`);

    const one = (v: number) => summarize([v]);
    return {
      problems,
      rows: [
        {
          section: SECTION,
          figure: `${o.breaches} breaches/${o.windowMs / 1000} s, ${o.halls} halls: missing + doubled`,
          unit: 'alerts',
          value: one(missing + doubled),
          aim: { text: '= 0', met: missing + doubled === 0 },
        },
        {
          section: SECTION,
          figure: 'first post after the first breach, per channel (p50 over 51)',
          unit: 'ms',
          value: summarize(firstDelays),
          aim: { text: `≤ ${firstBound}`, met: delays.max <= firstBound },
          floor: {
            value: one(o.groupWaitSeconds * 1000),
            ratio: `+${delays.p50 - o.groupWaitSeconds * 1000} ms`,
          },
        },
        {
          section: SECTION,
          figure: 'posts in the busiest minute, regional channel (1,000 breaches)',
          unit: 'posts',
          value: one(minutes.at(-1)!),
          aim: { text: '≤ 20', met: minutes.at(-1)! <= 20 },
        },
        {
          section: SECTION,
          figure: 'posts in the busiest minute, a hall channel (max over 50)',
          unit: 'posts',
          value: summarize(hallMinutes),
          aim: { text: '≤ 20', met: Math.max(...hallMinutes) <= 20 },
        },
        {
          section: SECTION,
          figure: 'every breach delivered, after the last one fell due',
          unit: 's',
          value: one((doneAt - lastDue) / 1000),
        },
      ],
    };
  } finally {
    clearInterval(stamp);
    await server.stop();
    await Promise.all(watched.map((w) => w.receiver.close()));
  }
}
