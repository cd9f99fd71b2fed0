/**
 * The real app in this test process on a real SQLite file and a free port, under Vitest's fake clock:
 * Date and the global timers are faked, so the scheduler's minutes and days pass in an instant and land
 * on the exact millisecond. I/O stays real (setImmediate, sockets, better-sqlite3), so REST calls and real
 * socket.io-clients work as in the child-process tests. Socket.IO's heartbeats stay on real time (the
 * server's come from node:timers), but the client judges them by Date.now: a socket lives through at most
 * ~45 s of faked time, so a test connects around the instant it watches (`across`). Crash and cluster
 * tests stay child processes.
 */
import { vi } from 'vitest';
import { createYingbin, type Yingbin } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { api } from './api.ts';
import { testConfig, writeTestSetup, type TestConfigOptions } from './config.ts';
import { listen, type Listener } from './socket.ts';
import type { Snapshot } from '../../shared/socket.ts';
import type { Alert, Visit } from '../../shared/types.ts';

export interface Pushed {
  alerts: Alert[];
  visits: Visit[];
}

/** What is faked: the clock and its timers, never setImmediate or nextTick (the app's and the sockets' I/O). */
const FAKED = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;

export interface InProcess {
  app: Yingbin;
  url: string;
  http: ReturnType<typeof api>;
  /** A socket.io-client connected with `token`, closed with the app. */
  listen(token: string): Promise<Listener>;
  /**
   * Moves the clock on to the instant `at` (epoch ms) one timer at a time: each timer that falls due on
   * the way fires at its own instant, and what it starts (store writes, pushes, the timers it plans)
   * runs to its end before the next one fires, as it would in real time.
   */
  advanceTo(at: number): Promise<void>;
  /** Moves the clock on by `ms` (advanceTo). */
  advance(ms: number): Promise<void>;
  /**
   * A screen signed in with `token` watching the instant `at`: it connects 1 ms before (its snapshot is
   * what it shows then), the clock moves on to `at`, and `due` is what it was sent in that millisecond.
   */
  across(token: string, at: number): Promise<{ snapshot: Snapshot; serverNow: number; due: Pushed }>;
  close(): Promise<void>;
}

/** Fakes the clock at `startAt`, then builds and starts the app on a fresh temp folder. */
export async function startInProcess(startAt: number, opts: TestConfigOptions = {}): Promise<InProcess> {
  vi.useFakeTimers({ toFake: [...FAKED], now: startAt });
  const setup = writeTestSetup(testConfig(opts));
  const app = await createYingbin({
    config: loadConfig(setup.configPath),
    dbPath: setup.dbPath,
    now: () => Date.now(),
  });
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const listeners: Listener[] = [];

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    // A round trip on each socket: whatever the server pushed before answering has arrived by then.
    for (const l of listeners.filter((x) => x.socket.connected))
      await new Promise<void>((resolve) => l.socket.emit('time', () => resolve()));
  }

  const self: InProcess = {
    app,
    url,
    http: api(url),
    async listen(token) {
      const l = await listen(url, token, { useNativeTimers: true });
      listeners.push(l);
      return l;
    },
    async advanceTo(at) {
      if (at <= Date.now()) return;
      // A timer of our own at the target, so the walk from timer to timer stops there.
      setTimeout(() => undefined, at - Date.now());
      while (Date.now() < at) {
        await vi.advanceTimersToNextTimerAsync();
        await settle();
      }
      // Timers planned for the target instant itself after ours.
      await vi.advanceTimersByTimeAsync(0);
      await settle();
    },
    advance(ms) {
      return self.advanceTo(Date.now() + ms);
    },
    async across(token, at) {
      await self.advanceTo(at - 1);
      const l = await self.listen(token);
      try {
        const serverNow = await new Promise<number>((resolve) => l.socket.emit('time', resolve));
        const [alerts, visits] = [l.alerts.length, l.visits.length];
        await self.advanceTo(at);
        const due = {
          alerts: l.alerts.slice(alerts).map((a) => a.alert),
          visits: l.visits.slice(visits).map((v) => v.visit),
        };
        return { snapshot: l.snapshots[0]!, serverNow, due };
      } finally {
        l.close();
      }
    },
    async close() {
      for (const l of listeners) l.close();
      await app.close();
      vi.useRealTimers();
    },
  };
  return self;
}
