/**
 * Pages opened the way a hall opens them: by a host name over plain HTTP — not localhost, so not a secure
 * context (no crypto.randomUUID, no service worker). Chromium maps the name to 127.0.0.1 itself
 * (--host-resolver-rules), so no test traffic leaves the machine.
 */
import type { LaunchOptions } from '@playwright/test';

export const HALL_HOST = 'hall.yingbin.test';

export const hallLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--host-resolver-rules=MAP ${HALL_HOST} 127.0.0.1`,
  ],
};

/** `http://hall.yingbin.test:<port><path>` — the server on 127.0.0.1, reached by the hall's name. */
export const hallUrl = (port: number, path = '/') => `http://${HALL_HOST}:${port}${path}`;
