/**
 * Starts the real server as a child process, the way tests/support/server.ts does, but keeps its pid
 * (for its memory) and lets a benchmark pass Node flags (BENCH_PROFILE=1 adds --cpu-prof).
 */
import { spawn } from 'node:child_process';
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

export async function startBenchServer(setup: { configPath: string; dbPath: string }, name = 'server'): Promise<BenchServer> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/.profiles/${name}`] : [];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      YINGBIN_DB: setup.dbPath,
      YINGBIN_CONFIG: setup.configPath,
      YINGBIN_PRINT_PORT: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /YINGBIN_PORT=(\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${err}`)));
    setTimeout(() => reject(new Error(`server did not start within 60 s:\n${err}`)), 60_000).unref();
  });
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
    stderr: () => err,
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
