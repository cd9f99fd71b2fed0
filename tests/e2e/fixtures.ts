/** Playwright fixtures: a real server per test file, on a free port with its own SQLite file. */
import { test as base } from '@playwright/test';
import { startServer, type RunningServer } from '../support/server.ts';

export const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer({ receptionSeconds: 300, vipSeconds: 180 });
      await use(server);
      await server.kill();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
