/**
 * A child process that plays many kiosks at once: each of `concurrency` clients keeps one keep-alive
 * connection and sends its next check-in as soon as the last one is answered (a closed loop).
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

function post(agent: http.Agent, url: URL, path: string, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` },
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
async function run(m: { url: string; concurrency: number; durationMs: number; targets: Target[] }) {
  const url = new URL(m.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency });
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const started = performance.now();
  const until = started + m.durationMs;
  let sample = '';
  const cpu = process.cpuUsage();
  const client = async (i: number) => {
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
async function send(m: { url: string; concurrency: number; items: CheckInItem[] }) {
  const url = new URL(m.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: m.concurrency });
  let next = 0;
  let ok = 0;
  let firstError = '';
  const started = performance.now();
  const client = async () => {
    while (next < m.items.length) {
      const item = m.items[next++]!;
      const r = await post(agent, url, `/api/v1/branches/${item.branch}/visits`, item.token, JSON.stringify(item.body));
      if (r.status === 201) ok++;
      else firstError ||= `${r.status} ${r.text.slice(0, 200)}`;
    }
  };
  await Promise.all(Array.from({ length: m.concurrency }, client));
  agent.destroy();
  return { ok, failed: m.items.length - ok, firstError, elapsedMs: performance.now() - started };
}

serve(async (m: { type: string } & Record<string, any>) => {
  if (m.type === 'run') return run(m as any);
  if (m.type === 'send') return send(m as any);
  throw new Error(`unknown message ${m.type}`);
});
