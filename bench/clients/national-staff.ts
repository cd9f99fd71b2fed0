/**
 * A child process that plays the staff and kiosks of a share of the national day's halls through the proxy:
 * each hall's staff sign in once, then every planned visit is checked in at the kiosk, greeted by the
 * greeter (a VIP by the VIP host) after its drawn delay, called to a counter, started and completed, each
 * at its planned instant divided by K. Every request leaves from the hall's own loopback address, so nginx's
 * ip_hash sends the hall to one process as a real hall behind one NAT. A request the proxy could not place
 * (a killed process: a reset, 502–504) is sent again with the same Idempotency-Key, as the kiosk retries.
 */
import http from 'node:http';
import { serve } from '../lib/child.ts';
import type { PlannedVisit } from '../lib/national-plan.ts';

export interface StaffHall {
  id: string;
  address: string;
  kioskToken: string;
  staff: { greeter: Credentials; vipHost: Credentials; counter: Credentials };
  plan: PlannedVisit[];
}
interface Credentials {
  staffId: string;
  pin: string;
}
export interface Sessions {
  greeter: string;
  vipHost: string;
  counter: string;
}
export interface StaffReport {
  visits: number;
  checkIns: { at: number; ms: number }[];
  retried: number;
  failed: Record<string, number>;
  sample: string;
  cpuMs: number;
}

let url: URL;
let halls: StaffHall[] = [];
const agents = new Map<string, http.Agent>();
const sessions = new Map<string, Sessions>();

const RETRYABLE = new Set([502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function agentFor(hall: StaffHall): http.Agent {
  let a = agents.get(hall.id);
  if (!a) agents.set(hall.id, (a = new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: hall.address })));
  return a;
}

function post(agent: http.Agent, path: string, token: string, body: unknown, key?: string) {
  const text = JSON.stringify(body);
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/api/v1${path}`,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(text),
          Authorization: `Bearer ${token}`,
          ...(key ? { 'Idempotency-Key': key } : {}),
        },
      },
      (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (out += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: out }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(text);
  });
}

let report: StaffReport;

/** Sends until answered by a process (at most a minute of retries); the answer, or null once given up. */
async function send(hall: StaffHall, path: string, token: string, body: unknown, key: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (attempt > 0) {
      report.retried++;
      await sleep(500);
    }
    const t0 = performance.now();
    try {
      const r = await post(agentFor(hall), path, token, body, key);
      if (RETRYABLE.has(r.status)) continue;
      if (r.status >= 400) {
        report.failed[r.status] = (report.failed[r.status] ?? 0) + 1;
        report.sample ||= `${path}: ${r.text.slice(0, 200)}`;
        return null;
      }
      return { ...r, ms: performance.now() - t0 };
    } catch {
      // reset or refused: the process behind nginx died under us; the key makes the retry safe
    }
  }
  report.failed.gaveUp = (report.failed.gaveUp ?? 0) + 1;
  return null;
}

async function signIn(hall: StaffHall): Promise<Sessions> {
  const one = async (c: Credentials) => {
    const r = await post(agentFor(hall), '/auth/login', '', c);
    if (r.status !== 200) throw new Error(`sign-in ${c.staffId}: ${r.status} ${r.text.slice(0, 200)}`);
    return (JSON.parse(r.text) as { token: string }).token;
  };
  return {
    greeter: await one(hall.staff.greeter),
    vipHost: await one(hall.staff.vipHost),
    counter: await one(hall.staff.counter),
  };
}

/** One visit's day, each step at its instant (or at once after the previous answer, if that came later). */
async function live(hall: StaffHall, v: PlannedVisit, n: number, t0: number, k: number): Promise<void> {
  const s = sessions.get(hall.id)!;
  const key = `${hall.id}-${n}`;
  const at = (simSeconds: number) => sleep(t0 + (simSeconds * 1000) / k - Date.now());
  let t = v.at;
  await at(t);
  const base = `/branches/${hall.id}/visits`;
  const checkIn = await send(hall, base, hall.kioskToken, { line: v.line, ...(v.vip ? { vip: {} } : {}) }, `${key}-in`);
  if (!checkIn) return;
  report.checkIns.push({ at: Date.now(), ms: checkIn.ms });
  const id = (JSON.parse(checkIn.text) as { visit: { id: string } }).visit.id;
  const steps: [number, string, string, unknown][] = [
    [v.greetAfter, 'greet', v.vip ? s.vipHost : s.greeter, {}],
    [v.callAfter, 'call', s.counter, { counter: v.counter }],
    [v.walkSeconds, 'start', s.counter, { counter: v.counter }],
    [v.serviceSeconds, 'complete', s.counter, {}],
  ];
  for (const [after, action, token, body] of steps) {
    await at((t += after));
    if (!(await send(hall, `${base}/${id}/${action}`, token, body, `${key}-${action}`))) return;
  }
  report.visits++;
}

serve(async (m: { type: string } & Record<string, any>) => {
  switch (m.type) {
    case 'setup': {
      url = new URL(m.url as string);
      halls = m.halls as StaffHall[];
      // A few sign-ins at a time: each is an scrypt of tens of ms on the server.
      const out: Record<string, Sessions> = {};
      for (let i = 0; i < halls.length; i += 4) {
        await Promise.all(
          halls.slice(i, i + 4).map(async (h) => {
            const s = await signIn(h);
            sessions.set(h.id, s);
            out[h.id] = s;
          }),
        );
      }
      return { sessions: out };
    }
    case 'run': {
      report = { visits: 0, checkIns: [], retried: 0, failed: {}, sample: '', cpuMs: 0 };
      const cpu = process.cpuUsage();
      await Promise.all(halls.flatMap((h) => h.plan.map((v, n) => live(h, v, n, m.t0 as number, m.k as number))));
      const used = process.cpuUsage(cpu);
      report.cpuMs = (used.user + used.system) / 1000;
      for (const a of agents.values()) a.destroy();
      return report;
    }
    case 'disconnect':
      for (const a of agents.values()) a.destroy();
      return {};
    default:
      throw new Error(`unknown message ${m.type}`);
  }
});
