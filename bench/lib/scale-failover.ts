/**
 * Failover at a branch count (bench/lib/scale-level.ts): as bench/suites/cluster.ts does it for one hall,
 * but the victim owns a third of all branches. Check-ins paced into the short-target hall at the
 * survivors; its owner SIGKILLed; the survivors' health polled until they hold every branch the victim
 * held; the first late alert at a survivor's wall; every warning and breach counted once per wall.
 */
import type { ClusterNode } from '../../tests/support/cluster.ts';
import type { Receipt } from '../clients/alert-watch.ts';
import { startChild } from './child.ts';
import { kioskToken, wallToken } from './halls.ts';
import { formatNumber as fmt } from './table.ts';
import { healthOf } from './scale-probe.ts';

/** A running process of the cluster, with its pid (from its health answer). */
export interface Live {
  node: ClusterNode;
  url: string;
  pid: number;
}

export interface FailoverFigures {
  /** Branches the killed process held. */
  branches: number;
  /** Kill → the survivors hold every one of them; NaN when they never did. */
  allHeldMs: number;
  /** Kill → a survivor holds the short-target hall. */
  hallHeldMs: number;
  /** Kill → first late alert at a survivor's wall; NaN when none came. */
  firstLateMs: number;
  late: number;
  duplicates: number;
  missing: number;
}

const PER_SECOND = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Per wall: alerts received more than once, and (visit, kind) pairs never received. */
function count(receipts: Receipt[][], visitIds: string[]): { duplicates: number; missing: number } {
  let duplicates = 0;
  let missing = 0;
  for (const mine of receipts) {
    duplicates += mine.length - new Set(mine.map((r) => r.id)).size;
    const got = new Set(mine.map((r) => `${r.visitId} ${r.kind}`));
    for (const v of visitIds) missing += (got.has(`${v} warning`) ? 0 : 1) + (got.has(`${v} breach`) ? 0 : 1);
  }
  return { duplicates, missing };
}

export async function failover(
  live: Live[],
  hall: string,
  targetSeconds: number,
  leaseSeconds: number,
  say: (s: string) => void,
): Promise<FailoverFigures> {
  // A cluster whose rounds outlast the lease holds some branches only now and then: wait for an owner.
  let hs = await Promise.all(live.map((l) => healthOf(l.url)));
  for (let tries = 0; tries < 120 && !hs.some((h) => h.owned.includes(hall)); tries++) {
    await sleep(500);
    hs = await Promise.all(live.map((l) => healthOf(l.url)));
  }
  const v = hs.findIndex((h) => h.owned.includes(hall));
  if (v < 0) {
    say(`    failover: not tried — no process held ${hall} for a minute`);
    const never = { allHeldMs: NaN, hallHeldMs: NaN, firstLateMs: NaN };
    return { branches: 0, ...never, late: 0, duplicates: 0, missing: 0 };
  }
  const victim = live[v]!;
  const theirs = hs[v]!.owned;
  const survivors = live.filter((_, i) => i !== v);
  const load = startChild('clients/http-load.ts');
  const watch = startChild('clients/alert-watch.ts');
  try {
    await watch.request({ type: 'connect', clients: survivors.map((s) => ({ url: s.url, token: wallToken(hall) })) });
    // Longer than the target, so clocks started before the kill fall due in the gap too; the traffic runs
    // past the lease and two rounds (a thousand branches are not taken in an instant).
    const leadMs = targetSeconds * 1000 + 500;
    const trafficMs = leadMs + leaseSeconds * 2000 + 4000;
    const items = Array.from({ length: Math.ceil((trafficMs / 1000) * PER_SECOND) }, () => ({
      branch: hall,
      token: kioskToken(hall),
      body: { line: 'life' },
    }));
    const traffic = load.request<{ visits: { id: string }[]; errors: Record<string, number> }>({
      type: 'paced',
      urls: survivors.map((s) => s.url),
      perSecond: PER_SECOND,
      items,
    });
    // Settled below; a failure meanwhile must not leave its rejection unheard.
    traffic.catch(() => undefined);
    await sleep(leadMs);
    const killedAt = Date.now();
    await victim.node.kill('SIGKILL');
    live.splice(v, 1);

    let allHeldAt = 0;
    let hallHeldAt = 0;
    while (!allHeldAt && Date.now() - killedAt < leaseSeconds * 3000 + 60_000) {
      // A survivor busy taking a third of the branches over may not answer in time: asked again next poll.
      const answers = await Promise.all(survivors.map((s) => healthOf(s.url).catch(() => undefined)));
      const held = new Set(answers.flatMap((h) => h?.owned ?? []));
      if (!hallHeldAt && held.has(hall)) hallHeldAt = Date.now();
      if (theirs.every((b) => held.has(b))) allHeldAt = Date.now();
      else await sleep(50);
    }
    const sent = await traffic;
    await sleep(targetSeconds * 1000 + 3000); // the last breach, and time for a duplicate to show
    const { receipts } = await watch.request<{ receipts: Receipt[][] }>({ type: 'collect' });
    const once = count(
      receipts,
      sent.visits.map((x) => x.id),
    );
    const late = receipts.flat().filter((r) => r.late);
    const firstLate = late.length ? Math.min(...late.map((r) => r.at)) - killedAt : NaN;
    const f: FailoverFigures = {
      branches: theirs.length,
      allHeldMs: allHeldAt ? allHeldAt - killedAt : NaN,
      hallHeldMs: hallHeldAt ? hallHeldAt - killedAt : NaN,
      firstLateMs: firstLate,
      late: late.length,
      ...once,
    };
    const errors = Object.keys(sent.errors).length ? `; check-in errors ${JSON.stringify(sent.errors)}` : '';
    say(
      `    failover: killed the owner of ${f.branches} branches; survivors held ${hall} after ${fmt(f.hallHeldMs)} ms, all ${f.branches} after ${fmt(f.allHeldMs)} ms; ` +
        `first late alert at a survivor's wall after ${fmt(f.firstLateMs)} ms (${f.late} late receipts); ` +
        `${sent.visits.length} check-ins acknowledged, ${f.duplicates} duplicate and ${f.missing} missing alerts${errors}`,
    );
    return f;
  } finally {
    await watch.request({ type: 'disconnect' }).catch(() => undefined);
    await watch.close();
    await load.close();
  }
}
