/**
 * Starts the real server as `npm start` runs it (the bundle in dist/server/, built by `npm run bench`)
 * as a child process with the tests' spawnYingbin, but keeps its pid
 * (for its memory) and lets a benchmark pass Node flags (BENCH_PROFILE=1 adds --cpu-prof).
 */
import { spawnYingbin } from '../../tests/support/server.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BenchServer {
  url: string;
  pid: number;
  /** Milliseconds from spawn until the server printed its port (listening, every clock planned). */
  listeningAfterMs: number;
  spawnedAt: number;
  rssBytes(): number;
  stderr(): string;
  stop(): Promise<void>;
}

export async function startBenchServer(
  setup: { configPath: string; dbPath: string },
  name = 'server',
): Promise<BenchServer> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/.profiles/${name}`] : [];
  const spawnedAt = performance.now();
  const { child, port, stderr } = await spawnYingbin(
    { YINGBIN_DB: setup.dbPath, YINGBIN_CONFIG: setup.configPath },
    profile,
    60_000,
    'bundle',
  );
  const listeningAfterMs = performance.now() - spawnedAt;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    listeningAfterMs,
    spawnedAt,
    rssBytes() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : NaN;
    },
    stderr,
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGTERM lets the server close cleanly (and write its CPU profile when profiling).
        child.kill('SIGTERM');
      });
    },
  };
}

export async function health(url: string): Promise<{ openVisits: number; plannedTimers: number }> {
  const r = await fetch(`${url}/api/v1/health`);
  return (await r.json()) as { openVisits: number; plannedTimers: number };
}

export async function login(url: string, staffId: string, pin: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ staffId, pin }),
  });
  if (!r.ok) throw new Error(`login ${staffId}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** CPU time (user + system, ms) a process has used so far, from /proc. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
