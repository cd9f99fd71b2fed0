/**
 * Watching the national day's processes from beside them (not through the proxy: this is the operator's
 * view): each process's CPU time and peak resident memory from /proc, sampled every second, and its health
 * (which branches it owns) and /metrics when asked.
 */
import { readFileSync } from 'node:fs';
import { cpuMs } from './server.ts';

export interface Watched {
  label: string;
  url: string;
  pid: number;
  startedAt: number;
  /** CPU ms at the first sample and at the last one taken while the process lived. */
  cpuFirst: number;
  cpuLast: number;
  peakRss: number;
  endedAt?: number;
}

export async function health(url: string): Promise<{ process: string; ownedBranches: string[]; openVisits: number }> {
  const r = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
  return (await r.json()) as { process: string; ownedBranches: string[]; openVisits: number };
}

/** The value of one metric line (no labels, or the sum over every label set), NaN when absent. */
export function metricValue(text: string, name: string): number {
  let sum = NaN;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = new RegExp(`^${name}(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$`).exec(line);
    if (m) sum = (Number.isNaN(sum) ? 0 : sum) + Number(m[2]);
  }
  return sum;
}

export async function metrics(url: string): Promise<string> {
  const r = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
  return r.ok ? r.text() : '';
}

function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

export class Watch {
  readonly processes: Watched[] = [];
  private timer: NodeJS.Timeout | undefined;

  async add(label: string, url: string): Promise<Watched> {
    const pid = Number((await health(url)).process.split(':').at(-2));
    const cpu = cpuMs(pid);
    const w: Watched = { label, url, pid, startedAt: Date.now(), cpuFirst: cpu, cpuLast: cpu, peakRss: rss(pid) };
    this.processes.push(w);
    return w;
  }

  /** Takes a sample of every live process now (call just before killing one, so its CPU is counted). */
  sample(): void {
    for (const w of this.processes) {
      if (w.endedAt) continue;
      try {
        w.cpuLast = cpuMs(w.pid);
        w.peakRss = Math.max(w.peakRss, rss(w.pid));
      } catch {
        w.endedAt ??= Date.now(); // gone
      }
    }
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), 1000);
  }

  ended(w: Watched): void {
    this.sample();
    w.endedAt = Date.now();
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
    for (const w of this.processes) w.endedAt ??= Date.now();
  }
}
