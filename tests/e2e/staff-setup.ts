/** A fresh server and signed-in tablets for each staff console test, so no test inherits another's queue. */
import type { Browser } from '@playwright/test';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, type TestConfigOptions } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { StaffTablet } from './pages/staff.ts';

export const SCREENSHOTS = 'docs/screenshots';

export interface Hall {
  server: RunningServer;
  http: ReturnType<typeof api>;
  tablets: StaffTablet[];
  /** A kiosk check-in through the API (the kiosk page is tested on its own). */
  checkIn(body: { line: string; vip?: object; specialNeeds?: string[] }): Promise<{ id: string; ticket: string }>;
  tablet(): Promise<StaffTablet>;
  close(): Promise<void>;
}

export async function openHall(browser: Browser, opts: TestConfigOptions = {}): Promise<Hall> {
  const server = await startServer(opts);
  const http = api(server.url);
  const tablets: StaffTablet[] = [];
  return {
    server,
    http,
    tablets,
    async checkIn(body) {
      const r = await http.post('/branches/t1/visits', body, KIOSK_TOKEN);
      if (r.status !== 201) throw new Error(`check-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.visit;
    },
    async tablet() {
      const t = await StaffTablet.open(browser, server.url);
      tablets.push(t);
      return t;
    },
    async close() {
      for (const t of tablets) await t.context.close();
      await server.kill();
    },
  };
}
