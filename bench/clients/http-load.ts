/**
 * A child process that plays many kiosks at once: each of `concurrency` clients keeps one keep-alive
 * connection and sends its next check-in as soon as the last one is answered (a closed loop). Given
 * several server processes (`urls`, the cluster benchmark), client i talks to process i mod n: the load
 * is spread round-robin, as a reverse proxy would.
 */
import http from 'node:http';
import { serve } from '../lib/child.ts';

export interface Target {
  branch: string;
  token: string;
}

export interface CheckInItem extends Target {
  body: Record<string, unknown>;
}

/** The processes to talk to: `urls` when given, else the one `url`. */
const urlsOf = (m: { url?: string; urls?: string[] }): URL[] => (m.urls ?? [m.url!]).map((u) => new URL(u));

function post(
  agent: http.Agent,
  url: URL,
  path: string,
  token: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the closed loop for `durationMs`; latencies of 201 replies in ms. */
async function run(m: { url?: string; urls?: string[]; concurrency: number; durationMs: number; targets: Target[] }) {
  const urls = urlsOf(m);
  const agent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency });
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const started = performance.now();
  const until = started + m.durationMs;
  let sample = '';
  const cpu = process.cpuUsage();
  const client = async (i: number) => {
    const url = urls[i % urls.length]!;
    const t = m.targets[i % m.targets.length]!;
    const path = `/api/v1/branches/${t.branch}/visits`;
    const body = JSON.stringify({ line: 'property' });
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const r = await post(agent, url, path, t.token, body);
        if (r.status === 201) latencies.push(performance.now() - t0);
        else {
          errors[r.status] = (errors[r.status] ?? 0) + 1;
          sample ||= r.text.slice(0, 200);
        }
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: m.concurrency }, (_, i) => client(i)));
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  // How busy the load generator itself was (share of one core), so a reader can tell who was the bottleneck.
  const cpuShare = (used.user + used.system) / 1000 / elapsedMs;
  return { replies: latencies.length, elapsedMs, latencies, errors, sample, cpuShare };
}

/** Sends a given list of check-ins with `concurrency` clients; for setting up a hall full of visits. */
async function send(m: { url?: string; urls?: string[]; concurrency: number; items: CheckInItem[] }) {
  const urls = urlsOf(m);
  const agent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency });
  let next = 0;
  let ok = 0;
  let firstError = '';
  const started = performance.now();
  const client = async () => {
    while (next < m.items.length) {
      const k = next++;
      const item = m.items[k]!;
      const r = await post(
        agent,
        urls[k % urls.length]!,
        `/api/v1/branches/${item.branch}/visits`,
        item.token,
        JSON.stringify(item.body),
      );
      if (r.status === 201) ok++;
      else firstError ||= `${r.status} ${r.text.slice(0, 200)}`;
    }
  };
  await Promise.all(Array.from({ length: m.concurrency }, client));
  agent.destroy();
  return { ok, failed: m.items.length - ok, firstError, elapsedMs: performance.now() - started };
}

/**
 * Sends check-ins at a steady pace (item k at k / perSecond seconds, to process k mod n), each on its
 * own request, not waiting for earlier answers: the paced arrivals the alert figures need. Answers the
 * ids of the visits it got (acknowledged check-ins) and every reply's latency.
 */
async function paced(m: { urls: string[]; perSecond: number; items: CheckInItem[] }) {
  const urls = urlsOf(m);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const visits: { id: string; process: number; at: number }[] = [];
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let sample = '';
  const started = performance.now();
  const one = async (k: number) => {
    const wait = started + (k * 1000) / m.perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const item = m.items[k]!;
    const t0 = performance.now();
    try {
      const r = await post(
        agent,
        urls[k % urls.length]!,
        `/api/v1/branches/${item.branch}/visits`,
        item.token,
        JSON.stringify(item.body),
      );
      if (r.status === 201) {
        latencies.push(performance.now() - t0);
        visits.push({
          id: (JSON.parse(r.text) as { visit: { id: string } }).visit.id,
          process: k % urls.length,
          at: Date.now(),
        });
      } else {
        errors[r.status] = (errors[r.status] ?? 0) + 1;
        sample ||= r.text.slice(0, 200);
      }
    } catch (e) {
      // A killed process (the failover benchmark): not acknowledged, so nothing was promised.
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      errors[code] = (errors[code] ?? 0) + 1;
    }
  };
  await Promise.all(m.items.map((_, k) => one(k)));
  agent.destroy();
  return { visits, latencies, errors, sample, elapsedMs: performance.now() - started };
}

serve(async (m: { type: string } & Record<string, any>) => {
  if (m.type === 'run') return run(m as any);
  if (m.type === 'paced') return paced(m as any);
  if (m.type === 'send') return send(m as any);
  throw new Error(`unknown message ${m.type}`);
});
