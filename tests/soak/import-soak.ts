/**
 * `npm run soak` (not part of `npm test`): the hall under the heavy writes of issue 15, with the waits
 * printed (measured, never asserted — timing belongs here, not in the tests):
 * 1. the Anonymous Bank's whole month (33,000 visits) imported with `npm run import` beside a running
 *    server on the same SQLite file, while a kiosk checks in every 20 ms: the check-in's latency;
 * 2. the same month through the HTTP import job while clocks of 1 s run out: how late each breach arrives;
 * 3. a replay storm: a kiosk back online drains 100 kept check-ins (oldest first, one at a time, as the
 *    kiosk's outbox does) while walk-ins keep arriving at the other kiosk: how long the walk-ins waited.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '../support/api.ts';
import { bankLines, bankMonthCsv, BANK_TIME_ZONE } from '../support/bank.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../support/config.ts';
import { startServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';

const SECOND_KIOSK = 'soak-kiosk-token-000002';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.max(0, Math.ceil(p * s.length) - 1)] ?? 0;
  return `n=${s.length}  p50=${at(0.5).toFixed(0)} ms  p99=${at(0.99).toFixed(0)} ms  max=${(s.at(-1) ?? 0).toFixed(0)} ms`;
};

function hallConfig() {
  const config = testConfig({ receptionSeconds: 1, timeZone: BANK_TIME_ZONE });
  config.branches[0]!.lines = bankLines();
  config.limits.bodyBytes = 0;
  config.devices.push({ id: 'kiosk-3', branch: 't1', role: 'kiosk', token: SECOND_KIOSK });
  return config;
}

const month = bankMonthCsv();
let failed = false;

async function commandLineImport(): Promise<void> {
  const server = await startServer({ config: hallConfig() });
  try {
    const http = api(server.url);
    const file = join(server.dir, 'month.csv');
    writeFileSync(file, month.csv);
    const started = performance.now();
    const cli = spawn(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', file, '--branch', 't1'], {
      env: { ...process.env, YINGBIN_DB: server.dbPath, YINGBIN_DATABASE_URL: '', YINGBIN_CONFIG: server.configPath },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let running = true;
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    void exited.then(() => (running = false));
    const waits: number[] = [];
    const statuses = new Map<number, number>();
    while (running) {
      const t0 = performance.now();
      const r = await http.post('/branches/t1/visits', { line: 'ps' }, KIOSK_TOKEN);
      waits.push(performance.now() - t0);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      await sleep(20);
    }
    const code = await exited;
    const alive = (await fetch(`${server.url}/api/v1/health`)).status === 200;
    if (code !== 0 || !alive) failed = true;
    console.log(
      `1. npm run import, ${month.rows} visits beside a live server (SQLite): ${((performance.now() - started) / 1000).toFixed(1)} s, exit ${code}, server ${alive ? 'up' : 'DOWN'}`,
    );
    console.log(
      `   live check-in latency during the import: ${stats(waits)}; replies ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  } finally {
    await server.kill();
  }
}

async function httpImport(): Promise<void> {
  const server = await startServer({ config: hallConfig() });
  try {
    const http = api(server.url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const staff = await listen(server.url, manager);
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/branches/t1/imports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'text/csv' },
      body: month.csv,
    });
    const id = ((await res.json()) as { import: { id: string } }).import.id;
    const visits: string[] = [];
    const waits: number[] = [];
    let state = 'checking';
    while (state === 'checking' || state === 'writing') {
      const t0 = performance.now();
      const r = await http.post('/branches/t1/visits', { line: 'ps' }, KIOSK_TOKEN);
      waits.push(performance.now() - t0);
      if (r.status === 201) visits.push(r.body.visit.id);
      await sleep(250);
      state = (await http.get(`/branches/t1/imports/${id}`, manager)).body.import.state;
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(1500); // the last clocks run out
    const late = visits.map((v) => {
      const b = staff.alerts.find((a) => a.alert.visitId === v && a.alert.kind === 'breach');
      return b ? b.at - Date.parse(b.alert.dueAt) : Number.POSITIVE_INFINITY;
    });
    const missing = late.filter((l) => !Number.isFinite(l)).length;
    if (missing > 0 || state !== 'done') failed = true;
    console.log(
      `2. HTTP import job, ${month.rows} visits: ${state} in ${seconds.toFixed(1)} s; live check-in latency meanwhile: ${stats(waits)}`,
    );
    console.log(
      `   breach lateness of ${visits.length} 1-second clocks started during the import: ${stats(late.filter(Number.isFinite))}; missing: ${missing}`,
    );
    staff.close();
  } finally {
    await server.kill();
  }
}

async function replayStorm(): Promise<void> {
  const server = await startServer({ config: hallConfig() });
  try {
    const http = api(server.url);
    const now = Date.now();
    // 100 check-ins the kiosk kept while offline over the last ten minutes.
    const kept = Array.from({ length: 100 }, (_, i) => ({
      key: `kept-${i}`,
      occurredAt: new Date(now - 600_000 + i * 5_000).toISOString(),
    }));
    const started = performance.now();
    let draining = true;
    const drain = (async () => {
      for (const k of kept) {
        const r = await http.post('/branches/t1/visits', { line: 'ps', occurredAt: k.occurredAt }, KIOSK_TOKEN, k.key);
        if (r.status !== 201) failed = true;
      }
      draining = false;
    })();
    const waits: number[] = [];
    while (draining) {
      const t0 = performance.now();
      const r = await http.post('/branches/t1/visits', { line: 'pe' }, SECOND_KIOSK);
      waits.push(performance.now() - t0);
      if (r.status !== 201) failed = true;
      await sleep(50);
    }
    await drain;
    console.log(
      `3. replay storm: 100 kept check-ins drained in ${((performance.now() - started) / 1000).toFixed(1)} s; walk-ins meanwhile waited ${stats(waits)}`,
    );
  } finally {
    await server.kill();
  }
}

await commandLineImport();
await httpImport();
await replayStorm();
process.exit(failed ? 1 : 0);
